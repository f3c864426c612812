package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's site that refuses the checker (a bot protection's 403, a login's 401, a rate limit's 429) could not be
 * checked: UNKNOWN, "not checked", neither up nor down, nothing to its client — while the operator's own {@code http}
 * check of such a page stays CRITICAL, and a 503 stays the site down.
 */
class ClientSiteRefusalTest {
    @TempDir Path dir;

    @Test
    void aRefusalIsNotCheckedNotDownAndTheOperatorsOwnCheckOfItIsStillCritical() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", ex -> {
            int status = switch (ex.getRequestURI().getPath()) {
                case "/challenge" -> 403;
                case "/busy" -> 429;
                case "/down" -> 503;
                default -> 200;
            };
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                    health:
                      checks:
                        - {name: shop, http: "%s/challenge"}
                        - {name: sites, clientWebsites: true}
                    """.formatted(base));
            HealthChecks c = HealthChecks.read(cfg, Map.of());
            HealthSources clients = new HealthSources() {
                @Override
                public List<Site> clientWebsites(braid.core.TaskContext ctx) {
                    return List.of(new Site("C1", "Alpenrad", URI.create(base + "/challenge")),
                            new Site("C2", "Bergblick", URI.create(base + "/busy")),
                            new Site("C3", "Nordlicht", URI.create(base + "/")),
                            new Site("C4", "Kaffee-Kontor", URI.create(base + "/down")));
                }
            };
            HealthReport r = new HealthRunner(c, Clock.system(), clients).report(c);
            SiteHealth challenged = r.clientSites().get("C1");
            assertThat(challenged.status()).isEqualTo(Status.UNKNOWN);
            assertThat(challenged.unchecked()).isTrue();
            assertThat(challenged.unanswered()).isFalse();
            assertThat(challenged.httpStatus()).isEqualTo(403);
            assertThat(r.clientSites().get("C2").unchecked()).isTrue();
            assertThat(r.clientSites().get("C4").status()).isEqualTo(Status.CRITICAL);
            CheckResult sites = r.checks().get(1);
            String refuses = ": it refuses automated checks (a bot protection, a login or a rate limit), so how its visitors"
                    + " fare is not known";
            assertThat(sites.message()).startsWith("1 of 4 client websites up; not checked (it answered HTTP 403 Forbidden"
                    + refuses + "): 127.0.0.1; not checked (it answered HTTP 429 Too Many Requests" + refuses + "): 127.0.0.1;"
                    + " down: 127.0.0.1 (HTTP 503 Service Unavailable in ");
            assertThat(sites.status()).isEqualTo(Status.CRITICAL); // the 503
            // the operator's own check of the same page: a 403 on their shop is theirs to mend
            assertThat(r.checks().getFirst().status()).isEqualTo(Status.CRITICAL);
            assertThat(r.checks().getFirst().message()).startsWith("HTTP 403 Forbidden in ");
        } finally {
            server.stop(0);
        }
    }
}
