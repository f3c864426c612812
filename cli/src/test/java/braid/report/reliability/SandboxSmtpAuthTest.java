package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, part 5: {@code braid sandbox --smtp-auth} rehearses a production-like mail section: the SMTP stand-in
 * speaks STARTTLS and AUTH with a printed user and password, and braid.yaml names them with the sandbox's trust
 * store. The daily run sends through it (verified TLS, AUTH PLAIN over Angus Mail); a wrong password fails the run
 * before any e-mail; a client that skips STARTTLS or AUTH is refused.
 */
class SandboxSmtpAuthTest {
    @TempDir
    Path dir;

    private ReportRun.Outcome run(DemoEnvironment env, Map<String, String> environment, ByteArrayOutputStream out) throws Exception {
        BraidConfig cfg = BraidConfig.load(env.config(), environment);
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new ReportRun(cfg, ReportOptions.DEFAULT.withDate(Harness.DAY), environment, Clock.system(), ps, ps, false).run();
    }

    @Test
    void theDailyRunSendsThroughStartTlsAndAuthAndAWrongPasswordSendsNothing() throws Exception {
        try (DemoEnvironment env = DemoEnvironment.startWithSmtpAuth(dir.resolve("env"), Harness.DAY, DemoEnvironment.Latency.NONE)) {
            String yaml = Files.readString(env.config());
            assertThat(yaml).contains("security: starttls", "username: " + DemoEnvironment.SMTP_USER,
                    "password: ${" + DemoEnvironment.SMTP_PASSWORD_ENV + "}", "trustStore: {path: ");

            Map<String, String> wrong = new HashMap<>(env.env());
            wrong.put(DemoEnvironment.SMTP_PASSWORD_ENV, "not-the-password-1");
            ByteArrayOutputStream failed = new ByteArrayOutputStream();
            ReportRun.Outcome refused = run(env, wrong, failed);
            assertThat(refused.exitCode()).as(failed.toString()).isEqualTo(ExitCode.FAILED);
            assertThat(failed.toString()).contains("authentication as " + DemoEnvironment.SMTP_USER).doesNotContain("not-the-password-1");
            assertThat(env.smtp().list()).isEmpty();

            ByteArrayOutputStream ok = new ByteArrayOutputStream();
            ReportRun.Outcome sent = run(env, env.env(), ok);
            assertThat(sent.exitCode()).as(ok.toString()).isEqualTo(ExitCode.OK);
            assertThat(env.smtp().awaitMessages(Harness.MAILABLE, java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(env.smtp().list()).hasSize(Harness.MAILABLE);
        }
    }

    @Test
    void aClientThatSkipsStartTlsOrAuthIsRefused() throws Exception {
        try (DemoEnvironment env = DemoEnvironment.startWithSmtpAuth(dir.resolve("env"), Harness.DAY, DemoEnvironment.Latency.NONE);
             Socket s = new Socket("127.0.0.1", env.smtpPort())) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            out.write("EHLO test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(List.of(in.readLine(), in.readLine())).containsExactly("250-sandbox", "250 STARTTLS");
            out.write("AUTH PLAIN AHVzZXIAcGFzcw==\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("530 ");
            out.write("MAIL FROM:<a@example.com>\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("530 ");
            assertThat(env.smtp().list()).isEmpty();
        }
    }

    @Test
    void theSandboxCommandPrintsTheUserAndPasswordAndTheReportRunsAgainstIt() throws Exception {
        ChildJvm.snapshotClasspath(dir.resolve("cp"));
        Path log = dir.resolve("sandbox.log");
        Path sandboxDir = dir.resolve("sbx");
        Process sandbox = ChildJvm.braid(List.of(), Map.of(), log, "sandbox", "--smtp-auth", "--fast", "--dir", sandboxDir.toString());
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Ctrl-C stops the sandbox") && System.nanoTime() < until && sandbox.isAlive()) {
                Thread.sleep(100);
            }
            String printed = Files.readString(log);
            assertThat(printed).contains("STARTTLS + AUTH, user " + DemoEnvironment.SMTP_USER + ", password " + DemoEnvironment.SMTP_PASSWORD)
                    .contains("export " + DemoEnvironment.SMTP_PASSWORD_ENV + "=" + DemoEnvironment.SMTP_PASSWORD);
            assertThat(Files.readString(sandboxDir.resolve("braid.yaml"))).doesNotContain("proxy:");
            Path runLog = dir.resolve("run.log");
            // on a machine whose environment names a proxy (a corporate one): the stand-ins on loopback are reached
            // directly, as loopback always is, though no_proxy does not name it
            Process run = ChildJvm.braid(List.of(), Map.of(DemoEnvironment.SAP_PASSWORD_ENV, DemoEnvironment.SAP_PASSWORD,
                    DemoEnvironment.SMTP_PASSWORD_ENV, DemoEnvironment.SMTP_PASSWORD, "https_proxy", "http://127.0.0.1:9",
                    "http_proxy", "http://127.0.0.1:9"), runLog,
                    "report", "run", "--config", sandboxDir.resolve("braid.yaml").toString());
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(Files.readString(runLog)).isZero();
            assertThat(Files.readString(runLog)).contains("sent " + Harness.MAILABLE + " ·");
            try (var files = Files.list(sandboxDir.resolve("received"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".eml")).count()).isEqualTo(Harness.MAILABLE);
            }
        } finally {
            sandbox.destroy();
            sandbox.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
