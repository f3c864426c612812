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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time limit on a whole run (Nagios's {@code -t}): the checks finished by then keep their results, the others read
 * the limit's status naming it, a {@code clientWebsites} check counts the sites checked by then, and the run returns at
 * the limit even when a check ignores its cancel. Without it, Nagios kills the plugin at its own timeout and shows
 * "(Service check timed out)" with nothing of what was found.
 */
class TimeLimitTest {
    @TempDir Path dir;
    private HttpServer site;
    private final CountDownLatch stalled = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        site.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        site.createContext("/", ex -> {
            try {
                if (ex.getRequestURI().getPath().startsWith("/stall")) {
                    stalled.await(); // answers when the test ends
                } else {
                    Thread.sleep(300);
                }
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
        stalled.countDown();
        site.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + site.getAddress().getPort() + path;
    }

    private static HealthRunner.TimeLimit limit(Duration d, Status s) {
        return new HealthRunner.TimeLimit(d, s, "--timeout " + d.toSeconds() + " s");
    }

    @Test
    void checksFinishedInTimeKeepTheirResultsAndTheOthersReadTheLimitsStatus() throws Exception {
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: stalls, http: "%s", timeout: 30s}
                    - {name: quick, http: "%s", timeout: 30s}
                    - {name: disk, disk: "%s", minFree: 1%%}
                """.formatted(url("/stall"), url("/quick"), dir)));
        long t0 = System.nanoTime();
        HealthReport report = new HealthRunner(config, Clock.system(), HealthSources.NONE)
                .report(config, limit(Duration.ofSeconds(2), Status.CRITICAL));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).as("returned at the limit, not after the check's 30 s").isLessThan(Duration.ofSeconds(5));
        assertThat(report.checks()).extracting(CheckResult::name).containsExactly("stalls", "quick", "disk");
        CheckResult stalls = report.checks().get(0);
        assertThat(stalls.status()).isEqualTo(Status.CRITICAL);
        assertThat(stalls.message()).isEqualTo("not finished within the time limit (--timeout 2 s)");
        assertThat(report.checks().get(1).status()).isEqualTo(Status.OK);
        assertThat(report.checks().get(1).message()).startsWith("HTTP 200 in ");
        assertThat(report.checks().get(2).status()).isEqualTo(Status.OK);
    }

    @Test
    void aClientWebsitesCheckCountsTheSitesCheckedByThen() throws Exception {
        List<HealthSources.Site> sites = new ArrayList<>();
        for (int i = 0; i < 10; i++) sites.add(new HealthSources.Site("10000" + i, "Client " + i, URI.create(url("/c" + i))));
        HealthSources sources = new HealthSources() {
            @Override
            public List<Site> clientWebsites(braid.core.TaskContext ctx) {
                return sites;
            }
        };
        // one at a time, 300 ms each: 3 or 4 of 10 within 1.2 s
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), """
                health:
                  concurrency: 1
                  checks:
                    - {name: client-sites, clientWebsites: true}
                """));
        HealthReport report = new HealthRunner(config, Clock.system(), sources)
                .report(config, limit(Duration.ofMillis(1200), Status.UNKNOWN));
        CheckResult r = report.checks().getFirst();
        int checked = report.clientSites().size();
        assertThat(checked).isBetween(2, 4);
        assertThat(report.clientSites().values()).allSatisfy(h -> assertThat(h.up()).as(h.message()).isTrue());
        assertThat(r.status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.message()).isEqualTo(checked + " of 10 client websites up (" + (10 - checked)
                + " sites not checked: not finished within the time limit (--timeout 1 s))");
        assertThat(r.measurements()).containsEntry("sites", 10.0).containsEntry("sites_up", (double) checked)
                .containsEntry("sites_unfinished", (double) (10 - checked));
    }

    @Test
    void theRunReturnsAtTheLimitEvenWhenACheckIgnoresItsCancel() throws Exception {
        // as a DNS lookup does: Java cannot interrupt it
        HealthSources sources = new HealthSources() {
            @Override
            public List<Site> clientWebsites(braid.core.TaskContext ctx) {
                long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
                while (System.nanoTime() < end) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException ignored) {
                        // swallowed
                    }
                }
                return List.of();
            }
        };
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: client-sites, clientWebsites: true}
                    - {name: disk, disk: "%s", minFree: 1%%}
                """.formatted(dir)));
        long t0 = System.nanoTime();
        HealthReport report = new HealthRunner(config, Clock.system(), sources)
                .report(config, limit(Duration.ofSeconds(1), Status.UNKNOWN));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(report.checks().get(0).status()).isEqualTo(Status.UNKNOWN);
        assertThat(report.checks().get(0).message())
                .isEqualTo("not finished within the time limit (--timeout 1 s): the client list was still being read");
        assertThat(report.checks().get(1).status()).isEqualTo(Status.OK);
    }

    @Test
    void aLimitLeftUnspentChangesNothing() throws Exception {
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: quick, http: "%s"}
                    - {name: disk, disk: "%s", minFree: 1%%}
                """.formatted(url("/quick"), dir)));
        HealthReport report = new HealthRunner(config, Clock.system(), HealthSources.NONE)
                .report(config, limit(Duration.ofSeconds(20), Status.UNKNOWN));
        assertThat(report.checks()).allSatisfy(r -> assertThat(r.status()).as(r.message()).isEqualTo(Status.OK));
    }
}
