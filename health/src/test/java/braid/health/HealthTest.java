package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Clock;
import braid.testkit.TestCertificates;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of check against real servers, sockets and files on loopback; certificates made by the test. */
class HealthTest {
    @TempDir Path dir;
    private HttpServer http;
    private HttpsServer https;
    private HttpsServer expired;
    private TestCertificates certs;
    private TestCertificates old;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/", ex -> {
            String p = ex.getRequestURI().getPath();
            if (p.equals("/slow")) sleep(400);
            if (p.equals("/metrics") || p.equals("/html")) {
                byte[] m = (p.equals("/html") ? "<!doctype html>\n<html><body>login</body></html>\n" : """
                        # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
                        # TYPE node_filesystem_avail_bytes gauge
                        node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1.3466345472e+09
                        node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 8.35059712e+08
                        """).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, m.length);
                ex.getResponseBody().write(m);
                ex.close();
                return;
            }
            byte[] b = (p.equals("/shop") || p.equals("/slow") ? "<button>Add to cart</button>" : "maintenance").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(p.equals("/down") ? 503 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
        certs = TestCertificates.generate(dir.resolve("ok"), "site");
        https = httpsServer(certs);
        old = TestCertificates.generateExpired(dir.resolve("expired"), "old");
        expired = httpsServer(old);
    }

    private static HttpsServer httpsServer(TestCertificates c) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(c.server));
        s.createContext("/", ex -> {
            byte[] b = "secure".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        http.stop(0);
        https.stop(0);
        expired.stop(0);
    }

    private Map<String, CheckResult> run(String yaml, javax.net.ssl.SSLContext ssl) throws Exception {
        Path cfg = dir.resolve("health.yaml");
        Files.writeString(cfg, yaml);
        List<CheckResult> results = new HealthRunner(ssl, Clock.system()).run(HealthChecks.read(cfg));
        return results.stream().collect(Collectors.toMap(CheckResult::name, r -> r, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void everyKindOfCheckEndsOkWarningCriticalOrUnknownWithOneLineInWords() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path log = Files.writeString(dir.resolve("access.log"), "x\n");
        Path stale = Files.writeString(dir.resolve("old.log"), "x\n");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        int h = http.getAddress().getPort();
        String yaml = """
                health:
                  concurrency: 10
                  checks:
                    - {name: shop, http: "http://127.0.0.1:%d/shop", expectStatus: 200, expectBody: "Add to cart", maxLatency: 2s}
                    - {name: down, http: "http://127.0.0.1:%d/down", expectStatus: 200}
                    - {name: wrong-body, http: "http://127.0.0.1:%d/other", expectBody: "Add to cart"}
                    - {name: slow, http: "http://127.0.0.1:%d/slow", maxLatency: 100ms}
                    - {name: tls, http: "https://127.0.0.1:%d/", certificateMinDays: 1, certificateCriticalDays: 1}
                    - {name: tls-soon, http: "https://127.0.0.1:%d/", certificateMinDays: 14, certificateCriticalDays: 1}
                    - {name: tls-critical, http: "https://127.0.0.1:%d/"}
                    - {name: untrusted, http: "https://127.0.0.1:%d/"}
                    - {name: nowhere, http: "http://no-such-host.invalid/"}
                    - {name: db, tcp: "127.0.0.1:%d"}
                    - {name: db-down, tcp: "127.0.0.1:%d"}
                    - {name: tmp, disk: ".", minFree: 0.001%%}
                    - {name: tmp-full, disk: ".", minFree: 99.9999%%}
                    - {name: log-fresh, file: access.log, maxAge: 10m}
                    - {name: log-stale, file: old.log, maxAge: 10m}
                    - {name: no-log, file: missing.log, maxAge: 10m}
                    - {name: node, prometheus: "http://127.0.0.1:%d/metrics", rule: 'up < 1'}
                    - {name: disk-root, prometheus: "http://127.0.0.1:%d/metrics", rule: 'node_filesystem_avail_bytes{mountpoint="/"} < 2e9', severity: critical}
                    - {name: disk-run, prometheus: "http://127.0.0.1:%d/metrics", rule: 'node_filesystem_avail_bytes{mountpoint="/run"} < 2e5', severity: warning}
                    - {name: absent, prometheus: "http://127.0.0.1:%d/metrics", rule: 'no_such_metric > 0'}
                    - {name: html, prometheus: "http://127.0.0.1:%d/html", rule: 'up < 1'}
                    - {name: errors, errorLog: /var/log/nginx/error.log, window: 1h, max: {crit: 0, error: 50}}
                """.formatted(h, h, h, h, https.getAddress().getPort(), https.getAddress().getPort(), https.getAddress().getPort(),
                expired.getAddress().getPort(), h, closed, closed, h, h, h, h);
        Map<String, CheckResult> r = run(yaml, certs.clientTrustingServer);
        assertThat(r.get("shop").status()).as(r.get("shop").message()).isEqualTo(Status.OK);
        assertThat(r.get("shop").message()).startsWith("HTTP 200 in ");
        assertThat(r.get("shop").measurements()).containsKey("latency_seconds");
        assertThat(r.get("down").status()).as(r.get("down").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("down").message()).startsWith("HTTP 503 Service Unavailable in ").endsWith("(expected 200)");
        assertThat(r.get("wrong-body").status()).as(r.get("wrong-body").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("wrong-body").message()).endsWith("the body does not contain 'Add to cart'");
        assertThat(r.get("slow").status()).as(r.get("slow").message()).isEqualTo(Status.WARNING);
        assertThat(r.get("slow").message()).endsWith("slower than 100 ms");
        assertThat(r.get("tls").status()).as(r.get("tls").message()).isEqualTo(Status.OK);
        assertThat(r.get("tls").message()).contains("certificate valid");
        // the test's certificate is valid for about two days: OK, WARNING or CRITICAL by the thresholds
        assertThat(r.get("tls").measurements().get("certificate_expiry_seconds")).isBetween(86_400.0, 3 * 86_400.0);
        assertThat(r.get("tls-soon").status()).as(r.get("tls-soon").message()).isEqualTo(Status.WARNING);
        assertThat(r.get("tls-soon").message()).contains("the certificate expires in 1 day");
        assertThat(r.get("tls-critical").status()).as(r.get("tls-critical").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("untrusted").status()).as(r.get("untrusted").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("untrusted").message()).isEqualTo("TLS: the certificate of 127.0.0.1 is not trusted (no path to a trusted root; add its CA to a trust store)");
        assertThat(r.get("untrusted").measurements()).containsEntry("tls_failed", 1.0).doesNotContainKey("certificate_expired");
        assertThat(r.get("nowhere").measurements()).doesNotContainKey("tls_failed");
        // trusted (its CA is in the trust store) but expired: never silently accepted either
        CheckResult exp = run("health:\n  checks:\n    - {name: expired, http: \"https://127.0.0.1:" + expired.getAddress().getPort() + "/\"}\n",
                old.clientTrustingServer).get("expired");
        assertThat(exp.status()).isEqualTo(Status.CRITICAL);
        assertThat(exp.message()).startsWith("TLS: the certificate of 127.0.0.1 expired on");
        assertThat(exp.measurements()).containsEntry("tls_failed", 1.0).containsEntry("certificate_expired", 1.0);
        assertThat(r.get("nowhere").status()).as(r.get("nowhere").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("nowhere").message()).isEqualTo("cannot resolve host no-such-host.invalid");
        assertThat(r.get("db").status()).as(r.get("db").message()).isEqualTo(Status.OK);
        assertThat(r.get("db-down").message()).isEqualTo("connection refused by 127.0.0.1:" + closed);
        assertThat(r.get("tmp").status()).as(r.get("tmp").message()).isEqualTo(Status.OK);
        assertThat(r.get("tmp-full").status()).as(r.get("tmp-full").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("tmp-full").message()).contains("free of", "(less than 49.99995 %)");
        assertThat(r.get("log-fresh").status()).as(r.get("log-fresh").message()).isEqualTo(Status.OK);
        assertThat(r.get("log-stale").status()).as(r.get("log-stale").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("log-stale").message()).endsWith("last changed 2 h ago (more than 10:00 min)");
        assertThat(r.get("no-log").message()).isEqualTo("no such file: " + log.resolveSibling("missing.log"));
        assertThat(r.get("node").status()).as(r.get("node").message()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("node").message()).isEqualTo("cannot read the metrics: connection refused by 127.0.0.1:" + closed);
        assertThat(r.get("disk-root").status()).as(r.get("disk-root").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("disk-root").message()).isEqualTo("rule node_filesystem_avail_bytes{mountpoint=\"/\"} < 2e9 fires for 1 of 1 "
                + "series: {device=/dev/sda1, fstype=ext4, mountpoint=/} = 1346634547.2");
        assertThat(r.get("disk-run").status()).as(r.get("disk-run").message()).isEqualTo(Status.OK);
        assertThat(r.get("absent").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("absent").message()).isEqualTo("no series matches no_such_metric (2 samples read)");
        assertThat(r.get("html").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("html").message()).isEqualTo("not metrics in Prometheus's text format: line 1: not a sample: '<!doctype html>' (this is HTML, not metrics)");
        assertThat(r.get("errors").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("errors").message()).isEqualTo("error-log checks need braid's log analyser (braid health or the daily report)");
        assertThat(HealthRunner.worst(List.copyOf(r.values()))).isEqualTo(Status.CRITICAL);
        assertThat(r.values()).allSatisfy(x -> assertThat(x.message()).doesNotContain("Exception").doesNotContain("\n"));
    }

    @Test
    void outputsForPeopleProgramsAndPrometheus() throws Exception {
        List<CheckResult> results = List.of(
                new CheckResult("shop", Status.OK, "HTTP 200 in 12 ms", Map.of("latency_seconds", 0.012)),
                new CheckResult("we\"ird\\name", Status.CRITICAL, "connection refused by 10.0.0.1:443", Map.of()));
        assertThat(Reports.table(results)).contains("OK       shop", "CRITICAL we\"ird\\name", "CRITICAL: 2 checks, 1 not OK");
        var json = new ObjectMapper().readTree(Reports.json(results));
        assertThat(json.get("status").asText()).isEqualTo("CRITICAL");
        assertThat(json.get("checks").get(0).get("measurements").get("latency_seconds").asDouble()).isEqualTo(0.012);
        String prom = Reports.prometheus(results);
        assertThat(prom).contains("# TYPE braid_health_status gauge\n", "braid_health_status{check=\"shop\"} 0\n",
                "braid_health_status{check=\"we\\\"ird\\\\name\"} 2\n", "braid_health_latency_seconds{check=\"shop\"} 0.012\n");
        Path promDir = Files.createDirectories(dir.resolve("textfile"));
        Path file = promDir.resolve("braid.prom");
        Reports.writePrometheus(results, file);
        assertThat(Files.readString(file)).isEqualTo(prom);
        assertThat(Files.list(promDir).map(p -> p.getFileName().toString()).toList()).containsExactly("braid.prom");
    }

    @Test
    void theTablesFirstLineIsTheStatusNagiosShowsAndNamesWhatIsNotOk() {
        // an OK check first: Nagios and Icinga show a plugin's first line as its status, so it must not be that check's
        List<CheckResult> results = List.of(
                new CheckResult("log-volume", Status.OK, "37.4 GiB free of 252.0 GiB (14.8 %) on /var/log", Map.of()),
                new CheckResult("shop", Status.WARNING, "HTTP 200 in 2412 ms (more than 2 s)", Map.of()),
                new CheckResult("db", Status.CRITICAL, "connection refused by 10.0.0.5:5432", Map.of()));
        List<String> lines = Reports.table(results, java.time.Duration.ofMillis(410)).lines().toList();
        assertThat(lines.get(0)).isEqualTo("CRITICAL: 3 checks, 2 not OK in 0.41 s (db: connection refused by 10.0.0.5:5432; "
                + "shop: WARNING HTTP 200 in 2412 ms (more than 2 s))");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                "OK       log-volume  37.4 GiB free of 252.0 GiB (14.8 %) on /var/log",
                "WARNING  shop        HTTP 200 in 2412 ms (more than 2 s)",
                "CRITICAL db          connection refused by 10.0.0.5:5432");

        List<CheckResult> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 5; i++) many.add(new CheckResult("site-" + i, Status.CRITICAL, "did not answer", Map.of()));
        many.add(new CheckResult("metrics", Status.UNKNOWN, "no series matches up", Map.of()));
        assertThat(Reports.table(many).lines().findFirst().orElseThrow()).isEqualTo("CRITICAL: 6 checks, 6 not OK "
                + "(site-1: did not answer; site-2: did not answer; site-3: did not answer; and 3 more)");
        assertThat(Reports.table(List.of(results.get(0))).lines().findFirst().orElseThrow()).isEqualTo("OK: 1 check, 0 not OK");
    }

    @Test
    void perfdataIsNagiosFormatWithUnitsAndWithoutExponents() {
        Map<String, Double> shop = new java.util.LinkedHashMap<>();
        shop.put("latency_seconds", 0.124);
        shop.put("status_code", 200.0);
        shop.put("certificate_expiry_seconds", 7775870.137);
        List<CheckResult> results = List.of(new CheckResult("shop", Status.OK, "HTTP 200 in 124 ms", shop),
                new CheckResult("log-volume", Status.OK, "…", Map.of("free_bytes", 4.0157835264E10)),
                new CheckResult("rule 'x'=y", Status.UNKNOWN, "…", Map.of("value", Double.NaN, "series", 1.0)),
                new CheckResult("ratio", Status.OK, "…", Map.of("server_error_ratio", 1.5E-4)),
                new CheckResult("db", Status.CRITICAL, "connection refused", Map.of()));
        assertThat(Reports.perfdata(results)).isEqualTo("'shop_certificate_expiry_seconds'=7775870.137s 'shop_latency_seconds'=0.124s "
                + "'shop_status_code'=200 'log-volume_free_bytes'=40157835264B 'rule _x__y_series'=1 'rule _x__y_value'=U "
                + "'ratio_server_error_ratio'=0.00015");
        String first = Reports.table(results, null, true).lines().findFirst().orElseThrow();
        assertThat(first).startsWith("CRITICAL: 5 checks, 2 not OK (db: connection refused; rule 'x'=y: UNKNOWN …) | 'shop_cert")
                .endsWith("'ratio_server_error_ratio'=0.00015");
        assertThat(Reports.table(results, null, false)).doesNotContain("|");

        // a | anywhere in a plugin's output starts its performance data for Nagios: none but the one before them
        List<CheckResult> regex = List.of(new CheckResult("jobs|all", Status.CRITICAL,
                "rule up{job=~\"api|web\"} == 0 fires for 1 of 2 series: {job=web} = 0", Map.of("series", 2.0)));
        String table = Reports.table(regex, null, true);
        assertThat(table.chars().filter(c -> c == '|').count()).isEqualTo(1);
        assertThat(table).contains("(jobs¦all: rule up{job=~\"api¦web\"} == 0 fires for 1 of 2 series: {job=web} = 0) | 'jobs|all_series'=2"
                .replace("'jobs|all_series'", "'jobs¦all_series'"));
    }

    @Test
    void perfdataCarriesTheLimitsTheStatusWasDecidedBy() throws Exception {
        Path cfg = dir.resolve("limits.yaml");
        Files.writeString(cfg, """
                health:
                  checks:
                    - {name: shop, http: "https://shop.example/", maxLatency: 2s, certificateMinDays: 14, certificateCriticalDays: 3}
                    - {name: plain, http: "https://plain.example/"}
                    - {name: log-volume, disk: /var/log, minFree: 10%}
                    - {name: tmp, disk: /tmp, minFree: 2G}
                    - {name: fresh, file: access.log, maxAge: 10m}
                    - {name: 5xx, accessLog: access.log, window: 1h, max5xxRate: 2%, warn5xxRate: 1%}
                    - {name: root, prometheus: "http://node:9100/metrics", rule: 'node_filesystem_avail_bytes{mountpoint="/"} < 2e9', severity: critical}
                    - {name: load, prometheus: "http://node:9100/metrics", rule: 'node_load1 >= 4', severity: warning}
                    - {name: errors, errorLog: error.log, window: 1h, max: {crit: 0, error: 50}}
                    - {name: db, tcp: "db:5432"}
                """);
        HealthChecks checks = HealthChecks.read(cfg);
        Map<String, Double> shop = new java.util.LinkedHashMap<>();
        shop.put("latency_seconds", 0.124);
        shop.put("status_code", 200.0);
        shop.put("certificate_expiry_seconds", 7775870.5);
        List<CheckResult> results = List.of(new CheckResult("shop", Status.OK, "…", shop),
                new CheckResult("plain", Status.OK, "…", Map.of("latency_seconds", 0.5, "certificate_expiry_seconds", 86400.0)),
                new CheckResult("log-volume", Status.OK, "…", Map.of("free_bytes", 4.0e10, "size_bytes", 2.5e11)),
                new CheckResult("tmp", Status.OK, "…", Map.of("free_bytes", 4.0e10, "size_bytes", 2.5e11)),
                new CheckResult("fresh", Status.OK, "…", Map.of("age_seconds", 12.5)),
                new CheckResult("5xx", Status.OK, "…", Map.of("server_error_ratio", 0.004, "requests", 500.0)),
                new CheckResult("root", Status.OK, "…", Map.of("value", 3.1e10, "series", 1.0, "firing", 0.0)),
                new CheckResult("load", Status.WARNING, "…", Map.of("value", 4.5, "series", 1.0, "firing", 1.0)),
                new CheckResult("errors", Status.OK, "…", Map.of("entries_error", 3.0)),
                new CheckResult("db", Status.OK, "…", Map.of("latency_seconds", 0.002)));
        assertThat(Reports.perfdata(results, checks.checks())).isEqualTo(String.join(" ",
                // certificate: WARNING below 14 days, CRITICAL below 3; latency: WARNING above 2 s (no critical), from 0
                "'shop_certificate_expiry_seconds'=7775870.5s;1209600:;259200:", "'shop_latency_seconds'=0.124s;2;;0",
                "'shop_status_code'=200",
                // the defaults (14 and 3 days) hold without the keys; no latency limit, no thresholds
                "'plain_certificate_expiry_seconds'=86400s;1209600:;259200:", "'plain_latency_seconds'=0.5s",
                // 10 % of 250 GB and half of it, between 0 and the size; 2G as bytes
                "'log-volume_free_bytes'=40000000000B;25000000000:;12500000000:;0;250000000000", "'log-volume_size_bytes'=250000000000B",
                "'tmp_free_bytes'=40000000000B;2147483648:;1073741824:;0;250000000000", "'tmp_size_bytes'=250000000000B",
                "'fresh_age_seconds'=12.5s;;600;0",
                "'5xx_requests'=500", "'5xx_server_error_ratio'=0.004;0.01;0.02;0;1",
                // the rule's firing range in its severity's slot: below 2e9 CRITICAL; 4 or more a WARNING
                "'root_firing'=0", "'root_series'=1", "'root_value'=31000000000;;2000000000:",
                "'load_firing'=1", "'load_series'=1", "'load_value'=4.5;@4:",
                // an error log's limits count a level and every worse one: none on a level's own count
                "'errors_entries_error'=3", "'db_latency_seconds'=0.002s"));
        // without the checks (a library caller's results) the values alone, as before
        assertThat(Reports.perfdata(results)).contains("'shop_latency_seconds'=0.124s ").doesNotContain(";");
        assertThat(Reports.table(results, null, true, checks.checks()).lines().findFirst().orElseThrow())
                .contains(" | 'shop_certificate_expiry_seconds'=7775870.5s;1209600:;259200: ");
    }

    @Test
    void aBadConfigurationNamesTheCheckAndTheKey() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: a, tcp: \"db.internal\"}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessage(cfg + ": health.checks[0] (a): tcp: write host:port, such as db.internal:5432; got 'db.internal'");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: a, http: \"https://x.example/\", tcp: \"x:1\"}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageContaining("health.checks[0] (a): needs exactly one kind").hasMessageEndingWith("found http, tcp");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: a, file: x.log, maxAge: soon}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith("maxAge: a duration such as 10s, 500ms or 5m; got 'soon'");
        Files.writeString(cfg, "website: {url: x}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessage(cfg + ": no health: section");
        // a newcomer's first file with three mistakes: all three at once, not one per run
        Files.writeString(cfg, "health:\n  checks:\n    - {name: a, file: x.log, maxAge: 10 minutes}\n    - {name: b, tcp: \"db:5432\"}\n"
                + "    - {name: c, errorLog: e.log, window: 1h, max: {eror: 50}}\n    - {name: d, htp: \"https://x.example/\"}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).isInstanceOfSatisfying(HealthChecks.Problems.class, e -> assertThat(e.problems())
                .containsExactly(cfg + ": health.checks[0] (a): maxAge: a duration such as 10s, 500ms or 5m; got '10 minutes'",
                        cfg + ": health.checks[2] (c): max: unknown level 'eror'; levels are emerg, alert, crit, error, warn, notice, info, debug",
                        cfg + ": health.checks[3] (d): needs exactly one kind of http, tcp, smtp, disk, file, prometheus, errorLog, journal, accessLog,"
                                + " clientWebsites; did you mean 'http' for 'htp'?"));
    }

    @Test
    void aTrustStoreFromTheConfigurationAndForNFailingRunsBeforeAnAlert() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(dir.resolve("ca-password"), TestCertificates.STORE_PASSWORD + "\n");
        Path cfg = dir.resolve("health.yaml");
        Files.writeString(cfg, """
                health:
                  trustStore: {path: "%s", password: "${file:ca-password}", type: PKCS12}
                  stateDir: state
                  checks:
                    - {name: tls, http: "https://127.0.0.1:%d/", certificateMinDays: 1, certificateCriticalDays: 1}
                    - {name: db, tcp: "127.0.0.1:%d", for: 3}
                """.formatted(certs.trustStore, https.getAddress().getPort(), closed));
        List<String> db = new java.util.ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            HealthChecks c = HealthChecks.read(cfg);
            Map<String, CheckResult> r = new HealthRunner(c.sslContext(), Clock.system()).run(c).stream()
                    .collect(Collectors.toMap(CheckResult::name, x -> x));
            assertThat(r.get("tls").status()).as(r.get("tls").message()).isEqualTo(Status.OK); // trusted by the store
            db.add(r.get("db").status() + ": " + r.get("db").message());
        }
        assertThat(db).containsExactly(
                "OK: not alerting yet: failing run 1 of 3 (CRITICAL): connection refused by 127.0.0.1:" + closed,
                "OK: not alerting yet: failing run 2 of 3 (CRITICAL): connection refused by 127.0.0.1:" + closed,
                "CRITICAL: connection refused by 127.0.0.1:" + closed);
        assertThat(Files.readString(dir.resolve("state").resolve("health-state.json"))).contains("\"db\":3");

        // the same certificate as a PEM file (a company CA as it is handed out): no type, no password
        Path pem = certs.trustStoreAsPem();
        Path pemCfg = Files.writeString(dir.resolve("health-pem.yaml"), """
                health:
                  trustStore: {path: "%s"}
                  checks:
                    - {name: tls, http: "https://127.0.0.1:%d/", certificateMinDays: 1, certificateCriticalDays: 1}
                """.formatted(pem, https.getAddress().getPort()));
        HealthChecks withPem = HealthChecks.read(pemCfg);
        CheckResult tls = new HealthRunner(withPem.sslContext(), Clock.system()).run(withPem).getFirst();
        assertThat(tls.status()).as(tls.message()).isEqualTo(Status.OK);
        Files.writeString(pemCfg, Files.readString(pemCfg).replace("{path: \"" + pem + "\"}", "{path: \"" + pem + "\", password: x, type: PKCS12}"));
        assertThatThrownBy(() -> HealthChecks.read(pemCfg)).hasMessageEndingWith(": it holds PEM text (set type: PEM, or leave type out)");

        Files.writeString(dir.resolve("ca-password"), "wrong");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageContaining("health.trustStore: cannot read").hasMessageEndingWith("wrong password");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: db, tcp: \"127.0.0.1:1\", for: 2}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith("health.checks[0] (db): for: needs health.stateDir, where the failing runs are counted");
    }

    @Test
    void aTrustStoreAddsItsCertificatesToTheJdksSoPublicSitesAndClientWebsitesStayTrusted() throws Exception {
        // the JDK's CAs, as its javax.net.ssl.trustStore property lets a test stand in for them
        TestCertificates publicCa = TestCertificates.generate(dir.resolve("public"), "public-site");
        TestCertificates stranger = TestCertificates.generate(dir.resolve("stranger"), "stranger");
        HttpsServer publicSite = httpsServer(publicCa);
        HttpsServer strangerSite = httpsServer(stranger);
        String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
        String[] before = java.util.Arrays.stream(keys).map(System::getProperty).toArray(String[]::new);
        try {
            System.setProperty(keys[0], publicCa.trustStore.toString());
            System.setProperty(keys[1], TestCertificates.STORE_PASSWORD);
            System.setProperty(keys[2], "PKCS12");
            Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                    health:
                      trustStore: {path: "%s"}
                      checks:
                        - {name: intranet, http: "https://127.0.0.1:%d/", certificateMinDays: 1, certificateCriticalDays: 1}
                        - {name: shop, http: "https://127.0.0.1:%d/", certificateMinDays: 1, certificateCriticalDays: 1}
                        - {name: unknown, http: "https://127.0.0.1:%d/", certificateMinDays: 1, certificateCriticalDays: 1}
                        - {name: sites, clientWebsites: true, certificateMinDays: 1, certificateCriticalDays: 1}
                    """.formatted(certs.trustStoreAsPem(), https.getAddress().getPort(), publicSite.getAddress().getPort(),
                    strangerSite.getAddress().getPort()));
            HealthChecks c = HealthChecks.read(cfg);
            HealthSources clients = new HealthSources() {
                @Override
                public List<Site> clientWebsites(braid.core.TaskContext ctx) {
                    return List.of(new Site("C1", "Alpenrad GmbH", java.net.URI.create("https://127.0.0.1:"
                            + publicSite.getAddress().getPort() + "/")));
                }
            };
            HealthReport report = new HealthRunner(c.sslContext(), Clock.system(), clients).report(c);
            Map<String, CheckResult> r = report.checks().stream().collect(Collectors.toMap(CheckResult::name, x -> x));
            assertThat(r.get("intranet").status()).as(r.get("intranet").message()).isEqualTo(Status.OK); // the store's
            assertThat(r.get("shop").status()).as(r.get("shop").message()).isEqualTo(Status.OK); // the JDK's
            // a client's public site is checked as its visitors' browsers see it, not against the company's CA only
            assertThat(report.clientSites().get("C1").up()).as(r.get("sites").message()).isTrue();
            assertThat(r.get("unknown").status()).isEqualTo(Status.CRITICAL); // trusted by neither: never accepted
            assertThat(r.get("unknown").message()).contains("certificate");
        } finally {
            for (int i = 0; i < keys.length; i++) {
                if (before[i] == null) System.clearProperty(keys[i]); else System.setProperty(keys[i], before[i]);
            }
            publicSite.stop(0);
            strangerSite.stop(0);
        }
    }

    @Test
    void aCertificateWithLessThanADayLeftExpiresTodayNotInZeroDays() throws Exception {
        // the test's certificate is valid for about two days: checked 30 hours on, it has less than one left
        Path cfg = Files.writeString(dir.resolve("health-today.yaml"), """
                health:
                  checks:
                    - {name: tls, http: "https://127.0.0.1:%d/"}
                """.formatted(https.getAddress().getPort()));
        HealthChecks c = HealthChecks.read(cfg);
        CheckResult r = new HealthRunner(certs.clientTrustingServer,
                braid.core.Clock.virtual(java.time.Instant.now().plus(java.time.Duration.ofHours(30)))).run(c).getFirst();
        assertThat(r.status()).as(r.message()).isEqualTo(Status.CRITICAL);
        assertThat(r.message()).containsPattern("; the certificate expires today \\(20[0-9-]+T[0-9:]+Z\\)$")
                .doesNotContain("0 days");
    }
}
