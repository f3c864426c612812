package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Clock;
import braid.core.TaskContext;
import braid.testkit.TestCertificates;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks that read logs and the client list: their thresholds and words (with sources that hand over fixed counts,
 * as the application's log analyser would), and {@code clientWebsites} fanning out to real HTTPS servers on several
 * loopback addresses, 4 at once per host.
 */
class LogAndClientSiteChecksTest {
    @TempDir Path dir;

    private Map<String, CheckResult> run(String yaml, HealthSources sources, javax.net.ssl.SSLContext ssl) throws Exception {
        Path cfg = dir.resolve("health.yaml");
        Files.writeString(cfg, yaml);
        return new HealthRunner(ssl, Clock.system(), sources).run(HealthChecks.read(cfg)).stream()
                .collect(Collectors.toMap(CheckResult::name, r -> r, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void errorAndAccessLogThresholds() throws Exception {
        List<Instant[]> windows = java.util.Collections.synchronizedList(new ArrayList<>()); // the checks run at once
        HealthSources sources = new HealthSources() {
            @Override
            public Map<String, Long> errorLevels(Path file, Instant from, Instant to) throws java.io.IOException {
                windows.add(new Instant[]{from, to});
                if (file.getFileName().toString().equals("missing.log")) throw new java.nio.file.NoSuchFileException(file.toString());
                return file.getFileName().toString().equals("quiet.log") ? Map.of("notice", 4L) : Map.of("crit", 1L, "error", 30L, "warn", 7L);
            }

            @Override
            public Traffic traffic(Path file, String format, Instant from, Instant to) {
                return switch (file.getFileName().toString()) {
                    case "bad.log" -> new Traffic(1_000, 25);
                    case "meh.log" -> new Traffic(1_000, 7);
                    case "empty.log" -> new Traffic(0, 0);
                    default -> new Traffic(1_000, 2);
                };
            }
        };
        Map<String, CheckResult> r = run("""
                health:
                  checks:
                    - {name: errors, errorLog: error.log, window: 1h, max: {crit: 0, error: 50}}
                    - {name: errors-lenient, errorLog: error.log, window: 30m, max: {crit: 5}, warn: {error: 20}}
                    - {name: errors-fine, errorLog: error.log, max: {crit: 5, error: 100}}
                    - {name: quiet, errorLog: quiet.log, max: {crit: 0}}
                    - {name: missing, errorLog: missing.log, max: {crit: 0}}
                    - {name: 5xx, accessLog: bad.log, window: 1h, max5xxRate: 1%}
                    - {name: 5xx-warn, accessLog: meh.log, max5xxRate: 1%, warn5xxRate: 0.5%}
                    - {name: 5xx-ok, accessLog: ok.log, max5xxRate: 1%}
                    - {name: 5xx-none, accessLog: empty.log, max5xxRate: 1%}
                """, sources, null);
        assertThat(r.get("errors").status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("errors").message()).isEqualTo("1 crit or worse (at most 0) in the last 1 h of " + dir.resolve("error.log"));
        assertThat(r.get("errors-lenient").status()).isEqualTo(Status.WARNING);
        assertThat(r.get("errors-lenient").message()).startsWith("31 error or worse (warn above 20) in the last 30 min");
        assertThat(r.get("errors-fine").status()).isEqualTo(Status.OK);
        assertThat(r.get("errors-fine").message()).isEqualTo("1 crit, 30 error, 7 warn in the last 1 h (within the limits)");
        assertThat(r.get("errors-fine").measurements()).containsEntry("entries_crit", 1.0).containsEntry("entries", 38.0);
        assertThat(r.get("quiet").status()).isEqualTo(Status.OK);
        assertThat(r.get("missing").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("missing").message()).startsWith("cannot read " + dir.resolve("missing.log"));
        assertThat(windows).allSatisfy(w -> assertThat(w[0]).isBefore(w[1]));
        assertThat(windows).hasSize(5)
                .anySatisfy(w -> assertThat(java.time.Duration.between(w[0], w[1])).hasMinutes(30));

        assertThat(r.get("5xx").status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("5xx").message()).isEqualTo("25 of 1000 requests answered 5xx (2.5 %) in the last 1 h (more than 1 %)");
        assertThat(r.get("5xx-warn").status()).isEqualTo(Status.WARNING);
        assertThat(r.get("5xx-warn").message()).endsWith("(more than 0.5 %)");
        assertThat(r.get("5xx-ok").status()).isEqualTo(Status.OK);
        assertThat(r.get("5xx-ok").measurements()).containsEntry("server_error_ratio", 0.002);
        assertThat(r.get("5xx-none").status()).isEqualTo(Status.OK);
        assertThat(r.get("5xx-none").message()).startsWith("no requests in the last 1 h");
    }

    @Test
    void badLogAndClientSiteKeysAreNamed() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: e, errorLog: e.log, max: {critical: 0}}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessage(cfg + ": health.checks[0] (e): max: unknown level 'critical'; "
                + "levels are emerg, alert, crit, error, warn, notice, info, debug");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: e, errorLog: e.log}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith("(e): max is needed, such as {crit: 0, error: 50}");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: a, accessLog: a.log, max5xxRate: lots}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith("(a): max5xxRate: a share such as 1% or 0.01; got 'lots'");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: c, clientWebsites: false}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith("(c): clientWebsites: true is the only value (leave the check out to not run it)");
    }

    @Test
    void withoutSourcesTheLogAndClientChecksSayWhatIsMissing() throws Exception {
        Map<String, CheckResult> r = run("""
                health:
                  checks:
                    - {name: e, errorLog: e.log, max: {crit: 0}}
                    - {name: a, accessLog: a.log, max5xxRate: 1%}
                    - {name: sites, clientWebsites: true}
                """, HealthSources.NONE, null);
        assertThat(r.values()).allSatisfy(x -> assertThat(x.status()).isEqualTo(Status.UNKNOWN));
        assertThat(r.get("sites").message()).isEqualTo("clientWebsites needs the sap: section of braid.yaml (the client list)");
    }

    @Test
    void clientWebsitesChecksEverySiteAtOnceFourPerHost() throws Exception {
        int hosts = 6;
        StringBuilder san = new StringBuilder("dns:localhost");
        for (int i = 0; i < hosts; i++) san.append(",ip:127.0.0.").append(31 + i);
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"), "sites", san.toString());
        AtomicInteger inFlight = new AtomicInteger();
        Map<String, AtomicInteger> perHost = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perHostMax = new ConcurrentHashMap<>();
        AtomicInteger maxAll = new AtomicInteger();
        List<HttpsServer> servers = new ArrayList<>();
        List<HealthSources.Site> sites = new ArrayList<>();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try {
            for (int i = 0; i < hosts; i++) {
                String ip = "127.0.0." + (31 + i);
                HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getByName(ip), 0), 100);
                s.setHttpsConfigurator(new HttpsConfigurator(certs.server));
                s.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                s.createContext("/", ex -> {
                    int now = inFlight.incrementAndGet();
                    maxAll.accumulateAndGet(now, Math::max);
                    int h = perHost.computeIfAbsent(ip, k -> new AtomicInteger()).incrementAndGet();
                    perHostMax.computeIfAbsent(ip, k -> new AtomicInteger()).accumulateAndGet(h, Math::max);
                    try {
                        Thread.sleep(150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    perHost.get(ip).decrementAndGet();
                    inFlight.decrementAndGet();
                    boolean gone = ex.getRequestURI().getPath().equals("/gone");
                    byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(gone ? 404 : 200, b.length);
                    ex.getResponseBody().write(b);
                    ex.close();
                });
                s.start();
                servers.add(s);
                // 10 clients per host (sites of one hosting company), one of them with a page that is gone
                for (int k = 0; k < 10; k++) {
                    sites.add(new HealthSources.Site("C" + i + k, "Client " + i + k,
                            URI.create("https://" + ip + ":" + s.getAddress().getPort() + (i == 0 && k == 0 ? "/gone" : "/c" + k))));
                }
            }
            sites.add(new HealthSources.Site("DOWN", "Closed Ltd", URI.create("https://127.0.0.1:" + closed + "/")));
            HealthSources sources = new HealthSources() {
                @Override
                public List<Site> clientWebsites(TaskContext ctx) {
                    return sites;
                }
            };
            Path cfg = dir.resolve("health.yaml");
            Files.writeString(cfg, "health:\n  concurrency: 50\n  checks:\n    - {name: client-sites, clientWebsites: true, "
                    + "certificateMinDays: 1, certificateCriticalDays: 1, timeout: 5s}\n");
            HealthReport report = new HealthRunner(certs.clientTrustingServer, Clock.system(), sources).report(HealthChecks.read(cfg));
            CheckResult r = report.checks().getFirst();
            assertThat(r.status()).as(r.message()).isEqualTo(Status.CRITICAL);
            assertThat(r.message()).startsWith("59 of 61 client websites up; down: ")
                    .contains("127.0.0.31 (HTTP 404 Not Found in ", "127.0.0.1 (connection refused by 127.0.0.1:" + closed + ")");
            assertThat(r.measurements()).containsEntry("sites", 61.0).containsEntry("sites_up", 59.0);
            assertThat(report.clientSites()).hasSize(61);
            SiteHealth ok = report.clientSites().get("C12");
            assertThat(ok.up()).isTrue();
            assertThat(ok.responseTime()).isNotNull();
            assertThat(ok.certificateDays()).isBetween(1L, 3L);
            SiteHealth down = report.clientSites().get("DOWN");
            assertThat(down.up()).isFalse();
            assertThat(down.responseTime()).isNull();
            assertThat(report.clientSites().get("C00").up()).isFalse();
            // at once: 6 hosts × 4; never more than 4 on one host
            assertThat(perHostMax.values()).allSatisfy(m -> assertThat(m.get()).isLessThanOrEqualTo(4));
            assertThat(maxAll.get()).isGreaterThan(4);
        } finally {
            servers.forEach(s -> s.stop(0));
        }
    }
}
