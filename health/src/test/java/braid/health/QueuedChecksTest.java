package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A check's {@code timeout} is the time its site may take once the check runs, not the time it waited for its turn
 * under {@code concurrency}: hundreds of client websites, 50 at a time, wait for each other, and a site that answered
 * in 300 ms must not be reported (to its client too) as "no answer within" its timeout because the checks before it
 * took theirs.
 */
class QueuedChecksTest {
    @TempDir Path dir;
    private HttpServer site;

    @BeforeEach
    void start() throws Exception {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        site.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        site.createContext("/", ex -> {
            try {
                Thread.sleep(300); // a slow but healthy site
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        site.start();
    }

    @AfterEach
    void stop() {
        site.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    @Test
    void checksWaitingForTheirTurnDoNotSpendTheirTimeoutWaiting() throws Exception {
        // one at a time, 8 checks of 300 ms each with a timeout of 500 ms: the last starts after 2.1 s of waiting
        StringBuilder yaml = new StringBuilder("health:\n  concurrency: 1\n  checks:\n");
        for (int i = 0; i < 8; i++) {
            yaml.append("    - {name: site-").append(i).append(", http: \"").append(url("/" + i)).append("\", timeout: 500ms}\n");
        }
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), yaml.toString()));
        List<CheckResult> results = new HealthRunner(config, Clock.system(), HealthSources.NONE).run(config);
        assertThat(results).hasSize(8).allSatisfy(r -> {
            assertThat(r.status()).as(r.name() + ": " + r.message()).isEqualTo(Status.OK);
            assertThat(r.message()).startsWith("HTTP 200 in ");
        });
    }

    @Test
    void clientWebsitesWaitingForTheirTurnAreNotReportedDown() throws Exception {
        List<HealthSources.Site> sites = new ArrayList<>();
        for (int i = 0; i < 8; i++) sites.add(new HealthSources.Site("100000" + i, "Client " + i, URI.create(url("/c" + i))));
        HealthSources sources = new HealthSources() {
            @Override
            public List<Site> clientWebsites(braid.core.TaskContext ctx) {
                return sites;
            }
        };
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), """
                health:
                  concurrency: 1
                  checks:
                    - {name: client-sites, clientWebsites: true, timeout: 500ms}
                """));
        HealthReport report = new HealthRunner(config, Clock.system(), sources).report(config);
        assertThat(report.checks()).singleElement().satisfies(r -> {
            assertThat(r.status()).as(r.message()).isEqualTo(Status.OK);
            assertThat(r.message()).isEqualTo("8 of 8 client websites up");
        });
        assertThat(report.clientSites().values()).hasSize(8).allSatisfy(h -> assertThat(h.up()).as(h.message()).isTrue());
    }
}
