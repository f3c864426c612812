package braid.report.reliability;

import braid.testkit.FakeSmtpServer;
import braid.testkit.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail server misbehaving under the whole daily run: transient refusals are retried and every
 * client gets one message; a server that cannot be trusted stops the run (exit 1) before any
 * credential or message leaves in clear. Mailer-level detail: braid.mail.MailerTest, SecurityTest.
 */
class SmtpFaultsReportTest {
    static final String SMTP_USER = "reports";
    static final String SMTP_PASSWORD = "smtp-Secret-5be0";

    @TempDir
    static Path certs;
    static TestCertificates selfSigned;

    @TempDir
    Path dir;
    Harness h;

    @BeforeAll
    static void makeCertificates() throws Exception {
        selfSigned = TestCertificates.generate(certs, "self-signed");
    }

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
        Files.writeString(dir.resolve("smtp-password"), SMTP_PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    ReportRun.Outcome runPlain(FakeSmtpServer smtp) throws Exception {
        return h.run(h.configWithSmtpPort(smtp.port(), t -> t), ReportOptions.DEFAULT);
    }

    /** STARTTLS with credentials; {@code trustStore} is the extra mail.smtp line, or empty for the JDK's trust store. */
    ReportRun.Outcome runStartTls(FakeSmtpServer smtp, String trustStore) throws Exception {
        return h.run(h.configWithSmtpPort(smtp.port(), t -> t.replace("    security: none", """
                    security: starttls
                    username: %s
                    password: ${file:%s}
                %s""".formatted(SMTP_USER, dir.resolve("smtp-password"), trustStore).stripTrailing())), ReportOptions.DEFAULT);
    }

    static Map<String, Long> perRecipient(FakeSmtpServer smtp) {
        return smtp.accepted().stream().flatMap(r -> r.recipients().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    void assertEveryoneGotOne(ReportRun.Outcome o, FakeSmtpServer smtp) {
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(perRecipient(smtp)).hasSize(Harness.MAILABLE).allSatisfy((who, n) -> assertThat(n).as(who).isEqualTo(1));
    }

    void assertNothingLeftInClear(ReportRun.Outcome o, FakeSmtpServer smtp) throws Exception {
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.FAILED);
        assertThat(smtp.accepted()).isEmpty();
        assertThat(smtp.seen()).isEmpty();
        assertThat(smtp.commandsInClear()).noneMatch(c -> c.toUpperCase().startsWith("AUTH") || c.toUpperCase().startsWith("MAIL"));
        assertThat(h.output()).doesNotContain(SMTP_PASSWORD);
        for (Path f : Harness.files(o.runDir())) assertThat(Files.readString(f)).as(f.toString()).doesNotContain(SMTP_PASSWORD);
    }

    @Test
    void greeting421IsRetriedAndEveryClientGetsOneMessage() throws Exception {
        try (FakeSmtpServer smtp = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override public String greeting(int n) {
                return n == 1 ? "421 4.3.2 too busy, try later" : "220 fake.test ESMTP ready";
            }
        })) {
            assertEveryoneGotOne(runPlain(smtp), smtp);
        }
    }

    @Test
    void a451IsRetriedUntilAcceptedAndEveryClientGetsOneMessage() throws Exception {
        AtomicBoolean refused = new AtomicBoolean();
        try (FakeSmtpServer smtp = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override public String endOfData(FakeSmtpServer.Received m) {
                return refused.compareAndSet(false, true) ? "451 4.7.1 greylisted, try again later" : "250 2.0.0 queued";
            }
        })) {
            assertEveryoneGotOne(runPlain(smtp), smtp);
            assertThat(refused).isTrue();
        }
    }

    @Test
    void connectionDroppedMidDataOfASmallMessageIsListedUncertainAndResendUncertainDeliversIt() throws Exception {
        // a report e-mail fits in the socket buffer: the client has written its final dot before it can see the drop,
        // so from its side the message may have arrived. It is listed, not resent (a large message still being
        // written when the server hangs up is resent at once: braid.mail.MailerTest#connectionDroppedMidDataIsResentOnANewConnection)
        try (FakeSmtpServer smtp = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override public long dropDataAfter(int connection) {
                return connection == 1 ? 200 : -1;
            }
        })) {
            // every client without a site of its own, so no message carries the (30 KB) chart: each is small enough
            // to be written whole before the drop shows, which is what this test is about
            StringBuilder none = new StringBuilder("\n  siteMatch:\n    overrides: {");
            for (int id = 1000001; id <= 1000040; id++) none.append(id == 1000001 ? "" : ", ").append('"').append(id).append("\": none");
            Path cfg = h.configWithSmtpPort(smtp.port(), t -> t.replace("report:", "report:" + none + "}"));
            ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
            assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.PARTIAL);
            assertThat(h.output()).contains("uncertain 1 ").containsPattern("uncertain    \\d+ <[^>]+> <braid\\.");
            assertThat(perRecipient(smtp)).hasSize(Harness.MAILABLE - 1).allSatisfy((who, n) -> assertThat(n).as(who).isEqualTo(1));

            h.resetOutput();
            ReportOptions resend = new ReportOptions(null, false, null, false, java.util.Set.of(), true, false, false, java.util.Set.of(), null, false);
            assertEveryoneGotOne(h.run(cfg, resend), smtp);
        }
    }

    @Test
    void startTlsMissingWhileRequiredStopsTheRunWithoutSendingCredentialsInClear() throws Exception {
        try (FakeSmtpServer smtp = new FakeSmtpServer(null, false, SMTP_USER, SMTP_PASSWORD, new FakeSmtpServer.Script() {})) {
            ReportRun.Outcome o = runStartTls(smtp, "");
            assertNothingLeftInClear(o, smtp);
            assertThat(h.output()).containsIgnoringCase("STARTTLS");
        }
    }

    @Test
    void certificateThatDoesNotVerifyStopsTheRunBeforeCredentials() throws Exception {
        try (FakeSmtpServer smtp = new FakeSmtpServer(selfSigned.server, false, SMTP_USER, SMTP_PASSWORD, new FakeSmtpServer.Script() {})) {
            ReportRun.Outcome o = runStartTls(smtp, "");
            assertNothingLeftInClear(o, smtp);
            assertThat(h.output()).containsIgnoringCase("certificate");
        }
    }

    @Test
    void certificateTrustedThroughAConfiguredTrustStoreIsAcceptedAndEveryClientGetsOneMessage() throws Exception {
        try (FakeSmtpServer smtp = new FakeSmtpServer(selfSigned.server, false, SMTP_USER, SMTP_PASSWORD, new FakeSmtpServer.Script() {})) {
            ReportRun.Outcome o = runStartTls(smtp, "    trustStore: {path: %s, password: changeit, type: PKCS12}".formatted(selfSigned.trustStore));
            assertEveryoneGotOne(o, smtp);
            assertThat(smtp.commandsInClear()).noneMatch(c -> c.toUpperCase().startsWith("AUTH"));
            assertThat(h.output()).doesNotContain(SMTP_PASSWORD);
        }
    }

    @Test
    void aCompanyCaAsAPemFileIsATrustStoreToo() throws Exception {
        try (FakeSmtpServer smtp = new FakeSmtpServer(selfSigned.server, false, SMTP_USER, SMTP_PASSWORD, new FakeSmtpServer.Script() {})) {
            ReportRun.Outcome o = runStartTls(smtp, "    trustStore: {path: %s}".formatted(selfSigned.trustStoreAsPem()));
            assertEveryoneGotOne(o, smtp);
        }
    }

    @Test
    void aServerRefusingEveryRecipientStopsTheRunAfterTheBreakerSaysWhyAndARerunSendsTheRest() throws Exception {
        AtomicBoolean full = new AtomicBoolean(true);
        try (FakeSmtpServer smtp = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String rcpt(String to) {
                return full.get() ? "452 4.3.1 insufficient system storage" : "250 2.1.5 OK";
            }
        })) {
            Path cfg = h.configWithSmtpPort(smtp.port(), t -> t.replace("  concurrency: 4\n  unsubscribeUrl", "  concurrency: 2\n  stopAfterFailures: 5\n  unsubscribeUrl"));
            // the backoff between a message's 4 attempts is 2 + 4 + 8 s: on a clock 50 times as fast
            ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT, braid.core.Clock.scaled(50));
            assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.FAILED);
            assertThat(h.output()).contains("5 messages in a row", "452", "left for a rerun")
                    .containsPattern("sent 0 · already sent 0 · suppressed 0 · failed \\d+ · uncertain 0");
            assertThat(smtp.accepted()).isEmpty();

            full.set(false);
            h.resetOutput();
            assertEveryoneGotOne(h.run(cfg, ReportOptions.DEFAULT), smtp);
        }
    }

    @Test
    void theRunDeadlineEndsARunAgainstAServerThatSwallowsMessagesAndARerunSendsTheRest() throws Exception {
        java.util.concurrent.CountDownLatch stall = new java.util.concurrent.CountDownLatch(1);
        try (FakeSmtpServer smtp = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String endOfData(FakeSmtpServer.Received message) {
                if (stall.getCount() > 0) {
                    try {
                        stall.await(60, java.util.concurrent.TimeUnit.SECONDS); // no answer to the dot within the run
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }
                return "250 2.0.0 queued";
            }
        })) {
            Path cfg = h.configWithSmtpPort(smtp.port(), t -> t.replace("    security: none", "    security: none\n    readTimeout: 120s")
                    .replace("  minClients: 1", "  minClients: 1\n  deadline: 4s"));
            long t0 = System.nanoTime();
            ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(60));
            assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.FAILED);
            assertThat(h.output()).contains("deadline");

            stall.countDown();
            h.resetOutput();
            ReportRun.Outcome rerun = h.run(cfg, ReportOptions.DEFAULT);
            // the messages whose dot was sent before the deadline (one per connection that got that far, at most
            // mail.concurrency = 4) are uncertain; every other client gets exactly one
            assertThat(rerun.exitCode()).as(h.output()).isEqualTo(ExitCode.PARTIAL);
            long uncertain = h.output().lines().filter(l -> l.startsWith("  uncertain ")).count();
            assertThat(uncertain).isBetween(1L, 4L);
            assertThat(perRecipient(smtp)).hasSize(Harness.MAILABLE - (int) uncertain)
                    .allSatisfy((who, n) -> assertThat(n).isEqualTo(1));
        }
    }
}
