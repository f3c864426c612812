package braid.report;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.logs.AccessLogAnalyzer;
import braid.logs.AccessSummary;
import braid.logs.LogFormat;
import braid.logs.RotatedLogs;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import braid.testkit.FakeSmtpServer;
import braid.sandbox.SmtpSink;
import braid.sandbox.WebsiteStandIn;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole pipeline against the sandbox over real HTTP, OData and SMTP on loopback. */
class DailyReportEndToEndTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    /** Clients of DemoData that have a valid e-mail and are neither blocked nor archived. */
    static final int MAILABLE = 32;

    @TempDir
    Path dir;
    DemoEnvironment env;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        env = DemoEnvironment.start(dir, DAY, DemoEnvironment.Latency.NONE);
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    ReportRun.Outcome run(ReportOptions opt) throws Exception {
        return run(env.config(), opt);
    }

    ReportRun.Outcome run(Path config, ReportOptions opt) throws Exception {
        BraidConfig cfg = BraidConfig.load(config, env.env());
        return new ReportRun(cfg, opt.withDate(DAY), env.env(), Clock.system(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false).run();
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    static String textPart(Path eml) throws Exception {
        try (InputStream in = Files.newInputStream(eml)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            MimeMultipart mp = (MimeMultipart) m.getContent();
            return (String) mp.getBodyPart(0).getContent();
        }
    }

    @Test
    void everyClientReceivesExactlyOneMessageWithItsOwnSitesFigures() throws Exception {
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        List<SmtpSink.Received> received = env.smtp().list();
        Map<String, Long> perRecipient = received.stream().flatMap(r -> r.recipients().stream())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perRecipient).hasSize(MAILABLE).allSatisfy((who, n) -> assertThat(n).as(who).isEqualTo(1));
        assertThat(perRecipient).doesNotContainKeys("x@gesperrt.example", "y@archiviert.example", "dieter..punkt@example.de");

        // the figures in Alpenrad's mail are those of www.alpenrad.example, computed independently here
        List<Path> files = RotatedLogs.expand(env.logsDir().resolve("access.log"), DAY, DemoEnvironment.ZONE);
        AccessSummary logs = AccessLogAnalyzer.builder().format(LogFormat.VHOST_COMBINED).zone(DemoEnvironment.ZONE).day(DAY).build().analyze(files);
        long alpenrad = logs.byVirtualHost().get("www.alpenrad.example").requests();
        long bergblick = logs.byVirtualHost().get("shop.bergblick.example").requests();
        assertThat(alpenrad).isNotEqualTo(bergblick);
        String alpenradMail = textPart(mailTo(received, "info@alpenrad.example"));
        assertThat(alpenradMail).contains(String.format(java.util.Locale.ENGLISH, "Requests: %,d", alpenrad)).contains("Hello Alpenrad GmbH");
        String bergMail = textPart(mailTo(received, "hallo@bergblick.example")); // the default of its two addresses
        assertThat(bergMail).contains(String.format(java.util.Locale.ENGLISH, "Requests: %,d", bergblick));
        // a client without a site of its own gets the news and a note, never someone else's figures
        String alice = textPart(mailTo(received, "alice@example.com"));
        assertThat(alice).doesNotContain("Requests:").contains("could not find your website").contains("NEWS");
        // the news title with markup arrives as plain text in the text part
        assertThat(alice).contains(WebsiteStandIn.TRICKY_TITLE);

        Path page = o.runDir().resolve("timeline.html");
        String text = Jsoup.parse(Files.readString(page)).text();
        assertThat(text).contains(DailyJob.WEBSITE, DailyJob.LOGS, DailyJob.SAP, DailyJob.SEND);
        assertThat(o.runDir().resolve("run.json")).exists();
        assertThat(o.runDir().resolve("report.log")).exists();
        assertThat(output()).contains("sent " + MAILABLE + " · already sent 0").doesNotContain(DemoEnvironment.SAP_PASSWORD);
        for (Path f : Files.walk(o.runDir()).filter(Files::isRegularFile).toList())
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(DemoEnvironment.SAP_PASSWORD);
    }

    static Path mailTo(List<SmtpSink.Received> received, String address) {
        return received.stream().filter(r -> r.recipients().contains(address)).findFirst()
                .orElseThrow(() -> new AssertionError("no mail to " + address)).file();
    }

    @Test
    void rerunOfTheSameDateSendsNothing() throws Exception {
        assertThat(run(ReportOptions.DEFAULT).exitCode()).isEqualTo(ExitCode.OK);
        out.reset();
        ReportRun.Outcome again = run(ReportOptions.DEFAULT);
        assertThat(again.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(output()).contains("sent 0 · already sent " + MAILABLE);
        assertThat(env.smtp().list()).hasSize(MAILABLE);
    }

    @Test
    void dryRunRendersEveryMessageAndSendsNothing() throws Exception {
        ReportRun.Outcome o = run(ReportOptions.DEFAULT.withDryRun(true));
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(env.smtp().list()).isEmpty();
        Path emails = o.runDir().resolve("emails");
        assertThat(emails.resolve("index.html")).exists();
        try (var s = Files.list(emails)) {
            assertThat(s.filter(p -> p.toString().endsWith(".eml")).count()).isEqualTo(MAILABLE);
        }
        // and a real run afterwards still sends everything: a dry run leaves the journal alone
        assertThat(run(ReportOptions.DEFAULT).exitCode()).isEqualTo(ExitCode.OK);
        assertThat(env.smtp().list()).hasSize(MAILABLE);
    }

    @Test
    void sapDownFailsTheRunAndSendsNothing() throws Exception {
        env.sap().close();
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(output()).contains("FAILED  " + DailyJob.SAP).contains("nothing was sent");
        assertThat(env.smtp().list()).isEmpty();
    }

    @Test
    void websiteDownStillSendsWithoutNewsAndWarns() throws Exception {
        env.website().behaviour(WebsiteStandIn.Behaviour.DOWN);
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(output()).contains("without news");
        List<SmtpSink.Received> received = env.smtp().list();
        assertThat(received).hasSize(MAILABLE);
        assertThat(textPart(mailTo(received, "alice@example.com"))).doesNotContain("NEWS");
    }

    @Test
    void oneRejectedRecipientMakesTheRunPartialAndTheOthersAreDelivered() throws Exception {
        FakeSmtpServer.Script rejectBob = new FakeSmtpServer.Script() {
            @Override
            public String rcpt(String to) {
                return to.equalsIgnoreCase("bob@example.com") ? "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown" : "250 2.1.5 OK";
            }
        };
        try (FakeSmtpServer smtp = FakeSmtpServer.plain(rejectBob)) {
            Path cfg = dir.resolve("rejecting.yaml");
            Files.writeString(cfg, Files.readString(env.config()).replace("port: " + env.smtp().port(), "port: " + smtp.port()));
            ReportRun.Outcome o = run(cfg, ReportOptions.DEFAULT);
            assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.PARTIAL);
            assertThat(output()).contains("failed       1000007 <bob@example.com>: 550");
            List<String> delivered = smtp.accepted().stream().flatMap(m -> m.recipients().stream()).toList();
            assertThat(delivered).hasSize(MAILABLE - 1).doesNotContain("bob@example.com");
        }
    }
}
