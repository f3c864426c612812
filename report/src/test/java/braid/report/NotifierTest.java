package braid.report;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import braid.sandbox.SmtpSink;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator notification over real SMTP to the sandbox's sink on loopback. */
class NotifierTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static final String OPERATORS = """
            operator:
              notify: ["Ops Team <ops@example-outdoor.test>", oncall@example-outdoor.test]
            """;

    @TempDir
    Path dir;
    DemoEnvironment env;

    @BeforeEach
    void start() throws Exception {
        env = DemoEnvironment.start(dir, DAY, DemoEnvironment.Latency.NONE);
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    BraidConfig config(String extra) throws Exception {
        Path file = dir.resolve("with-operators.yaml");
        Files.writeString(file, Files.readString(env.config()) + extra);
        return BraidConfig.load(file, env.env());
    }

    static MimeMessage parse(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    @Test
    void failedRunMailsEveryOperatorTheSummaryAndTheRunFolder() throws Exception {
        Path runDir = dir.resolve("state/runs/2026-11-23_20261124-060000");
        String summary = "Summary\n  FAILED  fetch SAP clients: SapException: SAP refused the credentials (password "
                + DemoEnvironment.SAP_PASSWORD + ")\n  nothing was sent — Grüße";

        Optional<String> warning = Notifier.notify(config(OPERATORS), ExitCode.FAILED, DAY, summary, runDir);

        assertThat(warning).isEmpty();
        // one message addressed to both; GreenMail keeps one copy per recipient's mailbox
        assertThat(env.smtp().awaitMessages(2, java.time.Duration.ofSeconds(10))).isTrue();
        List<SmtpSink.Received> received = env.smtp().list();
        assertThat(received).hasSize(2).extracting(SmtpSink.Received::messageId).containsOnly(received.getFirst().messageId());
        SmtpSink.Received mail = received.getFirst();
        assertThat(mail.recipients()).containsExactlyInAnyOrder("ops@example-outdoor.test", "oncall@example-outdoor.test");
        assertThat(mail.subject()).isEqualTo("braid: report 2026-11-23 FAILED (exit 1)");
        String raw = Files.readString(mail.file(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(DemoEnvironment.SAP_PASSWORD);
        MimeMessage m = parse(mail.file());
        assertThat(m.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(m.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        String text = (String) m.getContent();
        assertThat(text).contains("FAILED  fetch SAP clients").contains("(password ***)").contains("Grüße")
                .contains("Run folder: " + runDir.toAbsolutePath()).doesNotContain(DemoEnvironment.SAP_PASSWORD);
    }

    @Test
    void partialRunSaysPartialInTheSubject() throws Exception {
        assertThat(Notifier.notify(config(OPERATORS), ExitCode.PARTIAL, DAY, "sent 31 · failed 1", dir)).isEmpty();
        assertThat(env.smtp().awaitMessages(2, java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(env.smtp().list()).hasSize(2)
                .allSatisfy(r -> assertThat(r.subject()).isEqualTo("braid: report 2026-11-23 PARTIAL (exit 3)"));
    }

    @Test
    void successfulRunMailsNobody() throws Exception {
        assertThat(Notifier.notify(config(OPERATORS), ExitCode.OK, DAY, "all sent", dir)).isEmpty();
        Thread.sleep(300); // give a wrongly sent message time to arrive; the sink has no "nothing came" signal
        assertThat(env.smtp().list()).isEmpty();
    }

    @Test
    void noOperatorsConfiguredMeansNoMail() throws Exception {
        assertThat(Notifier.notify(config(""), ExitCode.FAILED, DAY, "failed", dir)).isEmpty();
        Thread.sleep(300);
        assertThat(env.smtp().list()).isEmpty();
    }

    @Test
    void smtpDownGivesAWarningInsteadOfAnException() throws Exception {
        BraidConfig cfg = config(OPERATORS);
        env.smtp().close();
        Optional<String> warning = Notifier.notify(cfg, ExitCode.FAILED, DAY, "SAP down", dir);
        assertThat(warning).hasValueSatisfying(w -> assertThat(w).startsWith("warning:")
                .contains("ops@example-outdoor.test").containsIgnoringCase("connect")
                .doesNotContain(DemoEnvironment.SAP_PASSWORD));
    }

    @Test
    void nullSummaryAndRunFolderStillNotify() throws Exception {
        assertThat(Notifier.notify(config(OPERATORS), ExitCode.FAILED, DAY, null, null)).isEmpty();
        assertThat(env.smtp().awaitMessages(1, java.time.Duration.ofSeconds(10))).isTrue();
        String text = (String) parse(env.smtp().list().getFirst().file()).getContent();
        assertThat(text).contains("(no summary)").contains("Run folder: (none)");
    }

    @Test
    void whenMailIsWhatFailedTheWebhookStillGetsTheNotice() throws Exception {
        java.util.List<String> posted = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hooks/T0/B0/xyz", ex -> {
            posted.add(ex.getRequestHeaders().getFirst("Content-Type") + "\n"
                    + new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try {
            Path file = dir.resolve("webhook.yaml");
            Files.writeString(file, Files.readString(env.config()).replace("port: " + env.smtp().port(), "port: " + closedPort)
                    + OPERATORS + "  webhook: http://127.0.0.1:" + hook.getAddress().getPort() + "/hooks/T0/B0/xyz\n");
            BraidConfig cfg = BraidConfig.load(file, env.env());
            Optional<String> warning = Notifier.notify(cfg, ExitCode.FAILED, DAY,
                    "Summary\n  FAILED  merge and send e-mail: connection refused", dir);
            assertThat(warning).hasValueSatisfying(w -> assertThat(w).contains("not notified by e-mail")
                    .doesNotContain("webhook"));
            assertThat(posted).singleElement().satisfies(p -> {
                assertThat(p).startsWith("application/json");
                var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.substring(p.indexOf('\n') + 1));
                assertThat(json.get("subject").asText()).isEqualTo("braid: report 2026-11-23 FAILED (exit 1)");
                assertThat(json.get("text").asText()).contains("FAILED  merge and send e-mail: connection refused");
            });
            assertThat(cfg.secrets()).as("the webhook URL is a credential").anyMatch(x -> x.contains("/hooks/T0/B0/xyz"));
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void theWebhookAndThePingGoThroughTheEnvironmentsProxyWithItsCredentialsAsTheWebsiteDoes() throws Exception {
        // A network that reaches Slack and healthchecks.io only through a proxy: they were posted to directly and
        // never arrived, while the website and SAP went through https_proxy.
        java.util.List<String> arrived = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer outside = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        outside.createContext("/", ex -> {
            arrived.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath()
                    + (ex.getRequestHeaders().containsKey("Proxy-Authorization") ? " with the proxy's credentials!" : ""));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        outside.start();
        // named site.test, which only the proxy resolves (to 127.0.0.1): a loopback host would go direct
        String base = "http://" + braid.testkit.TestProxy.REMOTE + ":" + outside.getAddress().getPort();
        String operator = OPERATORS + "  webhook: " + base + "/hooks/T0/B0/xyz\n  ping: " + base + "/ping/0f3a-uuid\n";
        Path file = dir.resolve("behind-a-proxy.yaml");
        Files.writeString(file, Files.readString(env.config()) + operator);
        try (braid.testkit.TestProxy proxy = braid.testkit.TestProxy.requiringBasic("ops", "pr0xy-Pw")) {
            java.util.Map<String, String> vars = new java.util.HashMap<>(env.env());
            vars.put("https_proxy", "http://ops:pr0xy-Pw@" + proxy.hostPort());
            BraidConfig cfg = BraidConfig.load(file, vars);
            assertThat(cfg.operator().webhookProxy()).hasValueSatisfying(p -> assertThat(p.origin()).isEqualTo("environment variable https_proxy"));

            Notifier.notify(cfg, ExitCode.PARTIAL, DAY, "Summary\n  PARTIAL", dir); // e-mail, webhook and ping

            assertThat(proxy.received()).extracting(braid.testkit.TestProxy.Received::requestLine)
                    .containsExactlyInAnyOrder("POST " + base + "/hooks/T0/B0/xyz HTTP/1.1", "GET " + base + "/ping/0f3a-uuid/fail HTTP/1.1");
            assertThat(proxy.received()).allSatisfy(r -> assertThat(r.admitted()).isTrue());
            assertThat(arrived).containsExactlyInAnyOrder("POST /hooks/T0/B0/xyz", "GET /ping/0f3a-uuid/fail");
            assertThat(cfg.secrets()).contains("pr0xy-Pw");

            // a wrong password: one try each, and the warning names the proxy and the user, never the password
            arrived.clear();
            proxy.clear();
            vars.put("https_proxy", "http://ops:wrong-Pw@" + proxy.hostPort());
            Optional<String> warning = Notifier.notify(BraidConfig.load(file, vars), ExitCode.PARTIAL, DAY, "Summary", dir);
            assertThat(proxy.received()).hasSize(2);
            assertThat(arrived).isEmpty();
            assertThat(warning).hasValueSatisfying(w -> assertThat(w)
                    .contains("the operators' webhook was not reached: proxy authentication failed at proxy 127.0.0.1:" + proxy.port()
                            + " (407 Proxy Authentication Required): the proxy rejected the credentials of user ops"
                            + " (the proxy of environment variable https_proxy)")
                    .contains("the ping at site.test was not reached: proxy authentication failed at proxy 127.0.0.1:" + proxy.port())
                    .doesNotContain("wrong-Pw"));

            // a proxy that speaks only NTLM and Negotiate (a Windows proxy): said in words, as for the website and SAP
            com.sun.net.httpserver.HttpServer windows = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            windows.createContext("/", ex -> {
                ex.getResponseHeaders().add("Proxy-Authenticate", "NTLM");
                ex.getResponseHeaders().add("Proxy-Authenticate", "Negotiate");
                ex.sendResponseHeaders(407, -1);
                ex.close();
            });
            windows.start();
            try {
                vars.put("https_proxy", "http://ops:pr0xy-Pw@127.0.0.1:" + windows.getAddress().getPort());
                Optional<String> ntlm = Notifier.notify(BraidConfig.load(file, vars), ExitCode.PARTIAL, DAY, "Summary", dir);
                assertThat(ntlm).hasValueSatisfying(w -> assertThat(w)
                        .contains("the operators' webhook was not reached: proxy authentication failed at proxy 127.0.0.1:"
                                + windows.getAddress().getPort() + " (407 Proxy Authentication Required): the proxy asks for NTLM, "
                                + "Negotiate and braid speaks only Basic (the proxy of environment variable https_proxy)")
                        .contains("the ping at site.test was not reached: proxy authentication failed")
                        .doesNotContain("pr0xy-Pw"));
                assertThat(arrived).isEmpty();
            } finally {
                windows.stop(0);
            }

            // no_proxy naming the host: direct, as for the website
            arrived.clear();
            proxy.clear();
            vars.put("https_proxy", "http://ops:pr0xy-Pw@" + proxy.hostPort());
            vars.put("no_proxy", "localhost,.test");
            Optional<String> direct = Notifier.notify(BraidConfig.load(file, vars), ExitCode.PARTIAL, DAY, "Summary", dir);
            assertThat(proxy.received()).isEmpty();
            assertThat(arrived).isEmpty(); // direct, where no resolver knows site.test
            assertThat(direct).hasValueSatisfying(w -> assertThat(w).contains("the operators' webhook was not reached")
                    .contains("site.test"));

            // a webhook on this machine's loopback goes direct though no_proxy does not name it: at the proxy,
            // 127.0.0.1 is the proxy's own machine
            vars.remove("no_proxy");
            Path local = Files.writeString(dir.resolve("loopback-hook.yaml"), Files.readString(env.config())
                    + operator.replace(braid.testkit.TestProxy.REMOTE, "127.0.0.1"));
            assertThat(Notifier.notify(BraidConfig.load(local, vars), ExitCode.PARTIAL, DAY, "Summary", dir)).isEmpty();
            assertThat(proxy.received()).isEmpty();
            assertThat(arrived).containsExactlyInAnyOrder("POST /hooks/T0/B0/xyz", "GET /ping/0f3a-uuid/fail");
        } finally {
            outside.stop(0);
        }
    }

    @Test
    void thePingIsFetchedAfterEveryRunWithFailAppendedUnlessItSucceeded() throws Exception {
        java.util.List<String> pings = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hc = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        hc.createContext("/", ex -> {
            pings.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hc.start();
        try {
            BraidConfig cfg = config("operator:\n  ping: http://127.0.0.1:" + hc.getAddress().getPort() + "/ping/0f3a-uuid\n");
            assertThat(Notifier.notify(cfg, ExitCode.OK, DAY, "", dir)).isEmpty();
            assertThat(Notifier.notify(cfg, ExitCode.PARTIAL, DAY, "Summary", dir)).isEmpty();
            assertThat(pings).containsExactly("GET /ping/0f3a-uuid", "GET /ping/0f3a-uuid/fail");
        } finally {
            hc.stop(0);
        }
    }
}
