package braid.report.check;

import braid.testkit.FakeSmtpServer;
import braid.testkit.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.ExitCode;
import braid.sandbox.DemoEnvironment;
import braid.sandbox.WebsiteStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code braid check} against the sandbox over real HTTP, OData and SMTP on loopback. */
class PreflightTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

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

    int check(Path config, LocalDate day, Map<String, String> environment) throws Exception {
        try {
            return run(config, day, environment);
        } finally {
            System.out.println(output()); // the printed lines in the test log, to read what an operator sees
        }
    }

    int run(Path config, LocalDate day, Map<String, String> environment) throws Exception {
        return Preflight.runAndPrint(config, day, environment, Clock.system(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    int check() throws Exception {
        return check(env.config(), DAY, env.env());
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** The printed line of the check named {@code name} (the first, when there are several). */
    String line(String name) {
        return output().lines().filter(l -> l.matches("^. " + name + " .*")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + name + " in:\n" + output()));
    }

    @Test
    void everyCheckPassesAgainstTheSandboxAndNothingIsSent() throws Exception {
        assertThat(check()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(line("sap")).startsWith("✔").contains(env.sap().serviceRoot().toString()).contains("1 partner read (");
        assertThat(line("smtp")).startsWith("✔").contains("127.0.0.1:" + env.smtp().port()).contains("nothing sent");
        assertThat(line("website")).startsWith("✔").contains("news items");
        assertThat(output().lines().filter(l -> l.startsWith("✔ logs"))).hasSize(2);
        assertThat(line("logs")).contains("access.log").contains("for " + DAY);
        // the access log set is read as the run will: the day's requests and the span they cover
        assertThat(output()).containsPattern("access\\.log.*for " + DAY + ": [\\d,]+ requests, 00:\\d\\d:\\d\\d–23:\\d\\d:\\d\\d Europe/Berlin");
        assertThat(line("state")).startsWith("✔");
        assertThat(output()).contains("All 6 checks passed (").doesNotContain(DemoEnvironment.SAP_PASSWORD);
        assertThat(env.smtp().list()).isEmpty();
        // one page of one partner, not the whole list
        assertThat(env.sap().dataRequests()).isEqualTo(1);
        assertThat(env.sap().requests().getFirst().uri().getRawQuery()).contains("$top=1").contains("sap-client=100");
        // a check leaves the run's state alone: no HTTP cache, no journal, no run folder
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void wrongSapPasswordFailsTheSapLineOnlyAndExitsOne() throws Exception {
        int code = check(env.config(), DAY, Map.of(DemoEnvironment.SAP_PASSWORD_ENV, "wrong-Password-42"));
        assertThat(code).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(line("sap")).startsWith("✘").contains("401");
        assertThat(line("smtp")).startsWith("✔");
        assertThat(line("website")).startsWith("✔");
        assertThat(output()).contains("1 of 6 checks failed (").doesNotContain("wrong-Password-42");
    }

    @Test
    void smtpDownFailsTheSmtpLine() throws Exception {
        int port = env.smtp().port();
        env.smtp().close();
        assertThat(check()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(line("smtp")).startsWith("✘").contains("127.0.0.1:" + port).containsIgnoringCase("connect");
        assertThat(line("sap")).startsWith("✔");
    }

    @Test
    void websiteDownFailsTheCheckAlthoughTheWebsiteIsOptionalInARun() throws Exception {
        env.website().behaviour(WebsiteStandIn.Behaviour.SERVER_ERROR);
        assertThat(check()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(line("website")).startsWith("✘").contains("500");
        assertThat(line("sap")).startsWith("✔");
    }

    @Test
    void unreachableWebsiteFailsTheCheck() throws Exception {
        env.website().close();
        assertThat(check()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(line("website")).startsWith("✘");
    }

    @Test
    void missingLogsFailTheLogsLine() throws Exception {
        try (Stream<Path> files = Files.list(env.logsDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("access.log")).toList()) Files.delete(f);
        }
        assertThat(check()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(line("logs")).startsWith("✘").contains("access.log").contains("no such file");
        // the error log is still there and passes on its own line
        assertThat(output().lines().filter(l -> l.startsWith("✔ logs") && l.contains("error.log"))).hasSize(1);
    }

    @Test
    void aLogWhoseOpenBlocksForeverFailsTheLogsLineAtItsTimeoutInsteadOfHangingTheCheck() throws Exception {
        Path log = env.logsDir().resolve("access.log");
        Files.delete(log);
        assertThat(new ProcessBuilder("mkfifo", log.toString()).inheritIO().start().waitFor()).isZero();
        Path cfg = dir.resolve("fifo.yaml");
        Files.writeString(cfg, Files.readString(env.config()).replace("  format: vhost_combined",
                "  format: vhost_combined\n  timeout: 1s"));
        long t0 = System.nanoTime();
        assertThat(check(cfg, DAY, env.env())).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(30));
        assertThat(output().lines().filter(l -> l.startsWith("✘ logs") && l.contains("access.log") && l.contains("timed out"))).as(output()).hasSize(1);
    }

    @Test
    void logsThatDoNotCoverTheWholeDayFailTheLogsLineNamingTheSpan() throws Exception {
        Path day = env.logsDir().resolve("access.log.1");
        java.util.List<String> morning = Files.readAllLines(day).stream()
                .filter(l -> l.matches(".*\\[23/Nov/2026:0[0-9]:.*")).toList();
        Files.write(day, morning);
        Files.writeString(env.logsDir().resolve("access.log"), "");
        assertThat(check()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(output()).contains("does not cover the whole day", "nothing after 09:", "--allow-partial-logs");
    }

    @Test
    void aLogFormatThatReadsNoLineFailsTheLogsLineNamingTheFormatThatDoes() throws Exception {
        // the sandbox's logs are vhost_combined; the operator wrote combined
        Path cfg = env.config().resolveSibling("combined.yaml");
        Files.writeString(cfg, Files.readString(env.config()).replace("format: vhost_combined", "format: combined"));
        assertThat(check(cfg, DAY, env.env())).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(line("logs")).startsWith("✘").contains("access.log").contains("lines are malformed for logs.format combined:"
                + " they read as vhost_combined (set logs.format: vhost_combined, or auto)", "a run would stop before any e-mail")
                .doesNotContain("does not cover the whole day");
    }

    @Test
    void logsLastWrittenBeforeTheReportDayFail() throws Exception {
        LocalDate future = LocalDate.now(DemoEnvironment.ZONE).plusDays(30);
        assertThat(check(env.config(), future, env.env())).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(line("logs")).startsWith("✘").contains("nothing written since " + future);
    }

    @Test
    void aBrokenConfigExitsTwoWithItsProblems() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(env.config()).replace("port: " + env.smtp().port(), "port: seventy"));
        assertThat(check(broken, DAY, env.env())).isEqualTo(ExitCode.USAGE);
        assertThat(output()).contains("problem").contains("port");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("✔");
    }

    @Test
    void checksRunAtTheSameTime() throws Exception {
        Duration slow = Duration.ofSeconds(2);
        env.close();
        try (DemoEnvironment slowEnv = DemoEnvironment.start(dir.resolve("slow"), DAY, new DemoEnvironment.Latency(slow, slow))) {
            var cfg = braid.report.config.BraidConfig.load(slowEnv.config(), slowEnv.env());
            long start = System.nanoTime();
            List<CheckResult> results = Preflight.run(cfg, DAY, slowEnv.env(), Clock.system());
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            assertThat(results).noneMatch(CheckResult::failed);
            // SAP (2 s) and the website (2 s for the page, 2 s for its feed) overlap: the whole check takes
            // clearly less than its checks one after another
            Duration sequential = results.stream().map(CheckResult::took).reduce(Duration.ZERO, Duration::plus);
            assertThat(sequential).isGreaterThan(Duration.ofSeconds(6));
            assertThat(wall).isLessThan(sequential.minus(Duration.ofSeconds(1)));
        }
        env = DemoEnvironment.start(dir.resolve("again"), DAY, DemoEnvironment.Latency.NONE); // for stop()
    }

    @Test
    void commandLineRejectsABadDateAndABrokenConfigWithExitTwo() throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "company: [\n");
        CommandLine cli = braid.cli.Main.commandLine();
        cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(cli.execute("check", "--config", env.config().toString(), "--date", "23.11.2026")).isEqualTo(ExitCode.USAGE);
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(cli.execute("check", "--config", broken.toString())).isEqualTo(ExitCode.USAGE);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(output()).contains("problem");
    }

    @Test
    void resultsComeInAFixedOrder() throws Exception {
        var cfg = braid.report.config.BraidConfig.load(env.config(), env.env());
        List<CheckResult> results = Preflight.run(cfg, DAY, env.env(), Clock.system());
        assertThat(results).extracting(CheckResult::name).containsExactly("sap", "smtp", "website", "logs", "logs", "state");
        assertThat(results).noneMatch(CheckResult::failed);
    }

    @Test
    void sapThatNeverAnswersFailsWithinItsTimeoutWhileTheOtherChecksFinish() throws Exception {
        // the kernel completes the TCP handshake from the backlog; nobody ever reads or answers
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path file = dir.resolve("silent-sap.yaml");
            Files.writeString(file, Files.readString(env.config())
                    .replace(env.sap().serviceRoot().toString(), "http://127.0.0.1:" + silent.getLocalPort() + "/sap/opu/odata/sap/API_BUSINESS_PARTNER")
                    .replace("timeout: 20s", "timeout: 1s"));
            long start = System.nanoTime();
            assertThat(check(file, DAY, env.env())).as(output()).isEqualTo(ExitCode.FAILED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(line("sap")).startsWith("✘").contains("no answer from 127.0.0.1:", "within");
            assertThat(line("smtp")).startsWith("✔");
            assertThat(line("website")).startsWith("✔");
        }
    }

    /** The sandbox config pointed at {@code server} with STARTTLS, its trust store and AUTH as {@code reports}. */
    Path submissionConfig(FakeSmtpServer server) throws Exception {
        Path file = dir.resolve("submission.yaml");
        String text = Files.readString(env.config())
                .replace("port: " + env.smtp().port(), "port: " + server.port())
                .replaceFirst("security: none.*", java.util.regex.Matcher.quoteReplacement("""
                        security: starttls
                            username: reports
                            password: ${SMTP_PASSWORD}
                            trustStore:
                              path: %s
                              password: %s""".formatted(certs.trustStore, TestCertificates.STORE_PASSWORD)));
        Files.writeString(file, text);
        return file;
    }

    TestCertificates certs;

    /** A submission server: STARTTLS on a test certificate for 127.0.0.1, AUTH as reports / s3cret-Pass. */
    FakeSmtpServer submissionServer() throws Exception {
        certs = TestCertificates.generate(dir.resolve("tls"), "smtp");
        return new FakeSmtpServer(certs.server, false, "reports", "s3cret-Pass", new FakeSmtpServer.Script() {});
    }

    @Test
    void smtpLinePassesAfterStartTlsAndAuthAndNothingIsSent() throws Exception {
        try (FakeSmtpServer server = submissionServer()) {
            int code = check(submissionConfig(server), DAY, Map.of(DemoEnvironment.SAP_PASSWORD_ENV, DemoEnvironment.SAP_PASSWORD,
                    "SMTP_PASSWORD", "s3cret-Pass"));
            assertThat(code).as(output()).isEqualTo(ExitCode.OK);
            assertThat(line("smtp")).startsWith("✔").contains("STARTTLS, AUTH as reports");
            assertThat(server.commandsInClear()).allSatisfy(c -> assertThat(c).matches("(?i)(EHLO|STARTTLS).*"));
            assertThat(server.commands()).noneMatch(c -> c.toUpperCase(java.util.Locale.ROOT).startsWith("MAIL")
                    || c.toUpperCase(java.util.Locale.ROOT).startsWith("DATA"));
            assertThat(server.commands().getLast()).isEqualToIgnoringCase("QUIT");
            assertThat(output()).doesNotContain("s3cret-Pass");
        }
    }

    @Test
    void refusedSmtpCredentialsShowTheServersReplyWithoutThePassword() throws Exception {
        try (FakeSmtpServer server = submissionServer()) {
            int code = check(submissionConfig(server), DAY, Map.of(DemoEnvironment.SAP_PASSWORD_ENV, DemoEnvironment.SAP_PASSWORD,
                    "SMTP_PASSWORD", "wrong-Pass-99"));
            assertThat(code).as(output()).isEqualTo(ExitCode.FAILED);
            assertThat(line("smtp")).startsWith("✘ smtp    127.0.0.1:" + server.port() + ": AUTH failed: 535");
            assertThat(line("sap")).startsWith("✔");
            assertThat(output()).doesNotContain("wrong-Pass-99");
        }
    }
}
