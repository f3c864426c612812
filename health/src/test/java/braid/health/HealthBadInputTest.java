package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.testkit.TestCertificates;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bad input of issue 15 not covered by HealthTest: a stalling server, a wrong-host certificate, a huge body. */
class HealthBadInputTest {
    @TempDir Path dir;

    @Test
    void aMisspeltKeyIsRefusedNamingTheCheckTheKeyAndTheLikelyOne() throws Exception {
        Path cfg = dir.resolve("health.yaml");
        java.util.function.Function<String, String> refused = yaml -> {
            try {
                java.nio.file.Files.writeString(cfg, yaml);
                HealthChecks.read(cfg);
                return "read without a word";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        // an optional key written wrong would have been left out: no latency limit, any status
        assertThat(refused.apply("health:\n  checks:\n    - {name: shop, http: \"https://shop.example/\", maxLatncy: 2s}\n"))
                .isEqualTo(cfg + ": health.checks[0] (shop): unknown key 'maxLatncy'; did you mean 'maxLatency'?");
        assertThat(refused.apply("health:\n  checks:\n    - {name: shop, http: \"https://shop.example/\", expectStatuss: 200}\n"))
                .endsWith("(shop): unknown key 'expectStatuss'; did you mean 'expectStatus'?");
        // a key of another kind: the allowed ones are listed
        assertThat(refused.apply("health:\n  checks:\n    - {name: db, tcp: \"db:5432\", expectBody: ok}\n"))
                .endsWith("(db): unknown key 'expectBody'; allowed keys here: name, timeout, for, tcp");
        // the kind itself written wrong
        assertThat(refused.apply("health:\n  checks:\n    - {name: shop, htp: \"https://shop.example/\"}\n"))
                .endsWith("(shop): needs exactly one kind of http, tcp, smtp, disk, file, prometheus, errorLog, journal, accessLog, "
                        + "clientWebsites; did you mean 'http' for 'htp'?");
        // the section's own keys and the trust store's
        assertThat(refused.apply("health:\n  concurency: 10\n  checks:\n    - {name: db, tcp: \"db:5432\"}\n"))
                .isEqualTo(cfg + ": health: unknown key 'concurency'; did you mean 'concurrency'?");
        assertThat(refused.apply("health:\n  trustStore: {path: ca.p12, pasword: x}\n  checks:\n    - {name: db, tcp: \"db:5432\"}\n"))
                .isEqualTo(cfg + ": health.trustStore: unknown key 'pasword'; did you mean 'password'?");
        // a YAML mistake is placed by line and column in SnakeYAML's short words, and the line itself is not
        // quoted: it may hold a password, and a Nagios plugin's output goes to the screen and the notifications
        String broken = refused.apply("health:\n  trustStore: {path: ca.pem, password: s3cr3t: x}\n  checks:\n    - {name: d, disk: /}\n");
        assertThat(broken).isEqualTo(cfg + ", line 2, column 46: not valid YAML: expected ',' or '}', but got : "
                + "(while parsing a flow mapping)").doesNotContain("s3cr3t");
        assertThat(refused.apply("health:\n  proxy: http://u:hunter2@proxy:3128\n  checks:\n  - {name: d, disk: /\n"))
                .startsWith(cfg + ", line 5, column 1: not valid YAML: expected ',' or '}', but got <stream end>").doesNotContain("hunter2").doesNotContain("\n");
        // a tab that indents a line: placed on that line (the parser's last token was on the line before)
        assertThat(refused.apply("health:\n\tchecks: []\n")).startsWith(cfg + ", line 2, column 1: not valid YAML: found character");
        // every key of every kind as documented still reads
        assertThat(refused.apply("""
                health:
                  concurrency: 5
                  stateDir: state
                  checks:
                    - {name: a, http: "https://a.example/", expectStatus: 200, expectBody: x, maxLatency: 2s, certificateMinDays: 14, certificateCriticalDays: 3, timeout: 5s, for: 2}
                    - {name: b, tcp: "b:1"}
                    - {name: c, disk: /, minFree: 10%}
                    - {name: d, file: x.log, maxAge: 10m}
                    - {name: e, prometheus: "http://n:9100/metrics", rule: 'up < 1', severity: warning}
                    - {name: f, errorLog: e.log, window: 1h, max: {crit: 0}, warn: {error: 5}}
                    - {name: g, accessLog: a.log, window: 1h, max5xxRate: 2%, warn5xxRate: 1%, format: combined}
                    - {name: h, clientWebsites: true, certificateMinDays: 10, certificateCriticalDays: 2, maxLatency: 3s}
                """)).isEqualTo("read without a word");
    }

    @Test
    void aStallingServerAWrongHostCertificateAndAHugeBody() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket stall = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // accepts and never answers
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) held.add(stall.accept());
                } catch (java.io.IOException e) {
                    // closed at the end
                }
            });
            TestCertificates other = TestCertificates.generate(dir.resolve("other"), "other", "dns:other.example");
            HttpsServer wrongHost = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            wrongHost.setHttpsConfigurator(new HttpsConfigurator(other.server));
            wrongHost.createContext("/", ex -> {
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            HttpServer huge = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
            huge.createContext("/", ex -> {
                ex.sendResponseHeaders(200, 0); // chunked, 9 MiB
                try (OutputStream o = ex.getResponseBody()) {
                    byte[] mib = new byte[1 << 20];
                    for (int i = 0; i < 9; i++) o.write(mib);
                } catch (java.io.IOException e) {
                    // the client stopped reading at its limit
                }
            });
            wrongHost.start();
            huge.start();
            try {
                Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                        health:
                          checks:
                            - {name: stall, http: "http://127.0.0.1:%d/", timeout: 700ms}
                            - {name: stall-metrics, prometheus: "http://127.0.0.1:%d/metrics", rule: 'up < 1', timeout: 700ms}
                            - {name: wrong-host, http: "https://127.0.0.1:%d/"}
                            - {name: huge, http: "http://127.0.0.1:%d/", expectBody: "x"}
                        """.formatted(stall.getLocalPort(), stall.getLocalPort(), wrongHost.getAddress().getPort(),
                        huge.getAddress().getPort()));
                long t0 = System.nanoTime();
                Map<String, CheckResult> r = new HealthRunner(other.clientTrustingServer, Clock.system()).run(HealthChecks.read(cfg))
                        .stream().collect(Collectors.toMap(CheckResult::name, x -> x));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(r.get("stall").status()).isEqualTo(Status.CRITICAL);
                assertThat(r.get("stall").message()).isEqualTo("no complete answer from 127.0.0.1:" + stall.getLocalPort() + " within 700 ms");
                assertThat(r.get("stall-metrics").status()).isEqualTo(Status.UNKNOWN);
                assertThat(r.get("stall-metrics").message()).startsWith("cannot read the metrics: no complete answer from");
                assertThat(ms).as("the timeout holds").isLessThan(5_000);
                // trusted issuer, but not for this name: never silently accepted
                assertThat(r.get("wrong-host").status()).isEqualTo(Status.CRITICAL);
                assertThat(r.get("wrong-host").message()).contains("127.0.0.1").containsIgnoringCase("certificate")
                        .doesNotContain("Exception");
                assertThat(r.get("huge").status()).isEqualTo(Status.CRITICAL);
                assertThat(r.get("huge").message()).isEqualTo("the answer of 127.0.0.1:" + huge.getAddress().getPort() + " is larger than 8.0 MiB, the most a health check reads");
            } finally {
                wrongHost.stop(0);
                huge.stop(0);
            }
        } finally {
            for (Socket s : held) s.close();
        }
    }
}
