package braid.cli;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run of braid's ahead-of-time cache (JEP 483, 514, 515), run at build time by the cli module with
 * {@code -XX:AOTCacheOutput}: the commands people run, in one JVM, against loopback stand-ins — {@code demo} (website,
 * SAP OData, SMTP, the daily report and its e-mails), {@code logs} on the demo's logs, {@code health} (HTTPS with a
 * certificate, TCP, disk, file, error and access logs) and {@code fetch}. The classes they load and link, and their
 * profiles, go into the cache; the launcher starts every command with it. Prints one line per command to stderr.
 *
 * <p>With the argument {@code health}: {@code braid health} alone, for its own cache, which starts a run (as a Nagios
 * plugin, every minute) 0.1 s sooner than the whole cache — the same reason as {@code logs} below.
 *
 * <p>With the argument {@code logs}: {@code braid logs} alone (generated access logs in the predefined formats, an
 * error log), for the cache the launchers start {@code braid logs} with. The JVM loads every class of a cache when it
 * starts (AOT-linked classes), so the whole cache's 60 MB cost {@code braid logs} about 0.1 s more than its own 25 MB
 * (1 GB log: 0.95–1.00 s against 1.07–1.13 s, alternating; BENCHMARKS.md "Start-up").
 */
public final class Training {
    private Training() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("braid-training");
        try {
            if (args.length > 0 && args[0].equals("logs")) {
                trainLogs(dir);
            } else if (args.length > 0 && args[0].equals("health")) {
                trainHealthAlone(dir);
            } else {
                train(dir);
            }
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        // every command ends in System.exit, whose first use sets up the JDK's System.Logger (Runtime logs its exit):
        // about 30 classes a command would otherwise load from the JDK's modules at its end
        System.exit(0);
    }

    private static void train(Path dir) throws Exception {
        Path demo = dir.resolve("demo");
        run("--version"); // builds every command's model, as --help and a mistyped command do
        run("demo", "--dir", demo.toString());
        run("demo", "--scenario", "seed", "--virtual-time", "--out", dir.resolve("seed").toString());
        Path access;
        Path errors;
        try (Stream<Path> s = Files.walk(demo)) {
            List<Path> logs = s.filter(p -> p.getFileName().toString().equals("access.log")).toList();
            if (logs.isEmpty()) throw new IOException("the demo wrote no access.log under " + demo);
            access = logs.getFirst();
        }
        errors = access.resolveSibling("error.log");
        run("logs", access.toString());
        run("logs", "--json", access.toString());

        try (Stands stands = Stands.start(dir)) {
            trainHealth(dir, stands, access, errors);
            int p = stands.http.getAddress().getPort();
            List<String> urls = new ArrayList<>();
            for (int i = 0; i < 300; i++) urls.add("http://127.0.0.1:" + p + "/page/" + i + (i % 3 == 0 ? ".json" : ""));
            Path input = Files.write(dir.resolve("urls.txt"), urls);
            run("fetch", "--input", input.toString(), "--output", dir.resolve("out.jsonl").toString(), "--no-progress",
                    "--select", "a@href");
            run("fetch", "--input", input.toString(), "--output", dir.resolve("out2.jsonl").toString(), "--no-progress",
                    "--json-pointer", "/items/0/name");
        }
    }

    /** The loopback sites the health and fetch commands are trained against: one HTTPS (a certificate made here), one HTTP. */
    private record Stands(braid.sandbox.SelfSignedCertificate cert, HttpsServer https, HttpServer http) implements AutoCloseable {
        static Stands start(Path dir) throws Exception {
            braid.sandbox.SelfSignedCertificate cert = braid.sandbox.SelfSignedCertificate.generate(dir.resolve("tls"), "training",
                    "dns:localhost,ip:127.0.0.1");
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            https.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
            https.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            https.createContext("/", ex -> answer(ex, "<html><body><h1>Shop</h1><a href=\"/a\">a</a> Add to cart</body></html>"));
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            http.createContext("/", ex -> answer(ex, ex.getRequestURI().getPath().endsWith(".json") ? "{\"items\": [{\"name\": \"a\"}]}"
                    : "<html><head><title>t</title></head><body><a href=\"/p/1\">1</a><a href=\"/p/2\">2</a></body></html>"));
            http.createContext("/metrics", ex -> answer(ex, """
                    # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
                    # TYPE node_filesystem_avail_bytes gauge
                    node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 4.2e+10
                    node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 1.6e+09
                    """));
            https.start();
            http.start();
            return new Stands(cert, https, http);
        }

        @Override
        public void close() {
            https.stop(0);
            http.stop(0);
        }
    }

    /**
     * {@code braid health} as people run it: many HTTPS checks at once (their TLS handshakes are most of a run), the
     * trust store as PEM and as PKCS12, tcp, disk, file, log and metrics checks; the table, JSON, Prometheus file and
     * Nagios's performance data.
     */
    private static void trainHealth(Path dir, Stands stands, Path access, Path errors) throws Exception {
        int hp = stands.https.getAddress().getPort();
        int p = stands.http.getAddress().getPort();
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            checks.append("    - {name: shop-").append(i).append(", http: \"https://127.0.0.1:").append(hp).append("/s/").append(i)
                    .append("\", expectStatus: 200, expectBody: \"Add to cart\", maxLatency: 2s, certificateMinDays: 1, certificateCriticalDays: 1}\n");
        }
        String rest = """
                    - {name: db, tcp: "127.0.0.1:%d"}
                    - {name: disk, disk: ".", minFree: 1%%}
                    - {name: fresh, file: "%s", maxAge: 1d}
                    - {name: errors, errorLog: "%s", window: 1h, max: {crit: 100000}}
                    - {name: 5xx, accessLog: "%s", window: 1h, max5xxRate: 90%%}
                    - {name: metrics, prometheus: "http://127.0.0.1:%d/metrics", rule: 'node_filesystem_avail_bytes{mountpoint="/"} < 2e9'}
                """.formatted(p, access, errors, access, p);
        Path health = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  trustStore: {path: "%s", password: "%s"}
                  checks:
                %s%s""".formatted(stands.cert.trustStore(), braid.sandbox.SelfSignedCertificate.PASSWORD, checks, rest));
        run("health", "--config", health.toString());
        run("health", "--config", health.toString(), "--json", "--prom-file", dir.resolve("braid.prom").toString());
        // the trust store as a PEM file (a company CA as it is handed out), and the table with performance data
        Path pem = dir.resolve("ca.pem");
        try (java.io.InputStream in = Files.newInputStream(stands.cert.trustStore())) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, braid.sandbox.SelfSignedCertificate.PASSWORD.toCharArray());
            java.security.cert.Certificate c = ks.getCertificate(ks.aliases().nextElement());
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
        }
        Path healthPem = Files.writeString(dir.resolve("health-pem.yaml"), """
                health:
                  concurrency: 50
                  trustStore: {path: "%s"}
                  checks:
                %s%s""".formatted(pem, checks, rest));
        run("health", "--config", healthPem.toString(), "--perfdata", "--timeout", "60");
        // …and as the source of Nagios's passive results (a plain file here for its command pipe)
        Path commands = Files.createFile(dir.resolve("nagios.cmd"));
        run("health", "--config", healthPem.toString(), "--submit", commands.toString(), "--submit-host", "training");
    }

    /** {@code braid health} alone, for the cache the launchers start it with: its checks read logs made here. */
    private static void trainHealthAlone(Path dir) throws Exception {
        java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        Path access = dir.resolve("access.log");
        braid.sandbox.LogGenerator.builder().seed(42).day(day).offset(java.time.ZoneOffset.UTC).build()
                .writeAccessLog(access, 1L << 20);
        Path errors = dir.resolve("error.log");
        braid.sandbox.LogGenerator.builder().seed(45).day(day).offset(java.time.ZoneOffset.UTC).build()
                .writeErrorLog(errors, 500, false);
        try (Stands stands = Stands.start(dir)) {
            trainHealth(dir, stands, access, errors);
        }
    }

    /** {@code braid logs} as people run it: one day or all, text or JSON, the three predefined formats, an error log. */
    private static void trainLogs(Path dir) throws Exception {
        java.time.LocalDate day = java.time.LocalDate.of(2026, 11, 22);
        Path combined = dir.resolve("access.log");
        braid.sandbox.LogGenerator.builder().seed(42).day(day).offset(java.time.ZoneOffset.UTC).distinctIps(6_000)
                .distinctAgents(300).distinctPaths(2_000).build().writeAccessLog(combined, 16L << 20);
        Path vhost = dir.resolve("vhost.log");
        braid.sandbox.LogGenerator.builder().seed(43).day(day).offset(java.time.ZoneOffset.UTC)
                .format(braid.sandbox.LogGenerator.Format.VHOST_COMBINED).vhosts(List.of("shop.example", "www.example"))
                .build().writeAccessLog(vhost, 2L << 20);
        Path common = dir.resolve("common.log");
        braid.sandbox.LogGenerator.builder().seed(44).day(day).offset(java.time.ZoneOffset.UTC)
                .format(braid.sandbox.LogGenerator.Format.COMMON).build().writeAccessLog(common, 2L << 20);
        Path errors = dir.resolve("error.log");
        braid.sandbox.LogGenerator.builder().seed(45).day(day).offset(java.time.ZoneOffset.UTC).build()
                .writeErrorLog(errors, 2_000, false);
        run("logs", "--all", "--json", combined.toString());
        run("logs", "--all", combined.toString());
        run("logs", "--date", day.toString(), "--zone", "UTC", "--json", combined.toString(), "--error-log", errors.toString());
        run("logs", "--date", day.toString(), "--zone", "UTC", vhost.toString());
        run("logs", "--all", "--json", common.toString());
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private static void run(String... args) {
        long t0 = System.nanoTime();
        picocli.CommandLine cl = Main.commandLine(args[0]); // as the launchers build it
        java.io.StringWriter err = new java.io.StringWriter();
        java.io.StringWriter out = new java.io.StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        System.err.printf("training: braid %s → exit %d in %.1f s%n", String.join(" ", args), code, (System.nanoTime() - t0) / 1e9);
        // every command must succeed, or the cache misses what it trains
        if (code != 0) throw new IllegalStateException("training: braid " + args[0] + " failed:\n" + err
                + out.toString().lines().filter(l -> !l.startsWith("OK ")).limit(20).collect(java.util.stream.Collectors.joining("\n")));
    }
}
