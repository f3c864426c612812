package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code --prom-file} output as Prometheus itself reads it: {@code promtool check metrics} (Debian's prometheus
 * package, unpacked by .ci/run without its service) parses the file node_exporter's textfile collector would serve
 * and lints it (HELP and TYPE per family, units in names, no duplicate series). braid's own parser reads it back in
 * SiteSeriesTest; this is the independent reader.
 */
class PromtoolTest {
    @TempDir Path dir;

    static Path promtool() {
        Path cached = Path.of(System.getProperty("user.home"), ".cache", "braid-ci", "prometheus", "usr", "bin", "promtool");
        if (Files.isExecutable(cached)) return cached;
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable).findFirst().orElse(cached);
    }

    @Test
    void promtoolReadsThePromFileWithoutAProblem() throws Exception {
        Path promtool = promtool();
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (.ci/run unpacks Debian's prometheus package)");

        Map<String, Double> http = new LinkedHashMap<>();
        http.put("status_code", 200.0);
        http.put("latency_seconds", 0.124);
        http.put("certificate_expiry_seconds", 7.7e6);
        Map<String, Double> disk = new LinkedHashMap<>();
        disk.put("free_bytes", 4.0e10);
        disk.put("size_bytes", 2.7e11);
        disk.put("free_ratio", 0.148);
        Map<String, Double> rule = new LinkedHashMap<>();
        rule.put("value", Double.NaN); // a rule over a metric that reads NaN
        rule.put("matching_series", 1.0);
        List<CheckResult> checks = List.of(
                new CheckResult("shop", Status.OK, "HTTP 200 in 124 ms", http),
                new CheckResult("log-volume", Status.OK, "37.4 GiB free", disk),
                new CheckResult("db", Status.CRITICAL, "connection refused by 10.0.0.5:5432", Map.of()),
                new CheckResult("rule \"api|web\" \\ x", Status.UNKNOWN, "NaN", rule), // quote, backslash, | in a label
                new CheckResult("client-sites", Status.CRITICAL, "1 of 2 client websites up", Map.of("sites", 2.0, "sites_up", 1.0)));
        Map<String, SiteHealth> sites = Map.of(
                "1000001", new SiteHealth("1000001", URI.create("https://www.alpenrad.example/"), Status.OK, true, 200,
                        Duration.ofMillis(240), Duration.ofDays(54), "HTTP 200 in 240 ms"),
                "C\"2", new SiteHealth("C\"2", URI.create("http://shop.bergblick.example/"), Status.CRITICAL, false, 0, null,
                        null, "no answer within 10 s"));
        Path file = dir.resolve("braid.prom");
        Reports.writePrometheus(new HealthReport(checks, sites), file);

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out + "\n" + Files.readString(file)).isZero();
        assertThat(out).as(Files.readString(file)).isBlank();
        // what promtool was given: every kind of series
        assertThat(Files.readString(file)).contains("braid_health_status{check=\"db\"} 2",
                "braid_health_latency_seconds{check=\"shop\"} 0.124", "braid_health_site_up{client=\"C\\\"2\"",
                "check=\"rule \\\"api|web\\\" \\\\ x\"");
    }

    @Test
    void promtoolReadsWhatARealRunOfEveryKindWrites() throws Exception {
        Path promtool = promtool();
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (.ci/run unpacks Debian's prometheus package)");
        com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 10);
        site.createContext("/", ex -> {
            byte[] body = (ex.getRequestURI().getPath().equals("/metrics")
                    ? "# TYPE node_filesystem_avail_bytes gauge\nnode_filesystem_avail_bytes{mountpoint=\"/\"} 1.5e9\n"
                    : "Add to cart").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        site.start();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try {
            String base = "http://127.0.0.1:" + site.getAddress().getPort();
            Files.writeString(dir.resolve("app.log"), "x");
            HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), """
                    health:
                      checks:
                        - {name: shop, http: "%s/", expectBody: "Add to cart", maxLatency: 2s}
                        - {name: db, tcp: "127.0.0.1:%d"}
                        - {name: log-volume, disk: "%s", minFree: 1%%}
                        - {name: app-log, file: app.log, maxAge: 1h}
                        - {name: disk-root, prometheus: "%s/metrics", rule: 'node_filesystem_avail_bytes{mountpoint="/"} < 2e9'}
                    """.formatted(base, closed, dir, base)));
            HealthReport report = new HealthRunner(config, braid.core.Clock.system(), HealthSources.NONE).report(config);
            assertThat(report.checks()).extracting(CheckResult::status)
                    .containsExactly(Status.OK, Status.CRITICAL, Status.OK, Status.OK, Status.CRITICAL);
            Path file = dir.resolve("braid.prom");
            Reports.writePrometheus(report, file);
            Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out + "\n" + Files.readString(file)).isZero();
            assertThat(out).as(Files.readString(file)).isBlank();
            assertThat(Files.readString(file)).contains("braid_health_latency_seconds{check=\"shop\"}",
                    "braid_health_free_bytes{check=\"log-volume\"}", "braid_health_age_seconds{check=\"app-log\"}",
                    "braid_health_value{check=\"disk-root\"} 1500000000");
        } finally {
            site.stop(0);
        }
    }

    @Test
    void promtoolFindsAProblemWhereThereIsOne() throws Exception {
        // the check above can fail: promtool refuses a file with a malformed series and lints a missing HELP
        Path promtool = promtool();
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (.ci/run unpacks Debian's prometheus package)");
        Path file = Files.writeString(dir.resolve("bad.prom"), "# TYPE braid_health_status gauge\nbraid_health_status{check=\"db} 2\n");
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isNotZero();
    }
}
