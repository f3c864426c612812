package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import braid.report.DailyJob;
import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.DemoEnvironment;
import braid.sandbox.LogGenerator;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad web-server logs under the whole daily run. Logs are required by default: a log that cannot
 * be read, or has no line of the report day, fails the run (exit 1) before anything is sent;
 * damaged lines are counted as malformed and the report goes out. Analyser-level detail:
 * braid.logs.AccessLogAnalyzerTest.
 */
class LogFaultsReportTest {
    @TempDir
    Path dir;
    Harness h;

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    Path reportDayLog() {
        return h.env.logsDir().resolve("access.log.1");
    }

    void assertFailedBeforeSending(ReportRun.Outcome o, String... why) throws Exception {
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.FAILED);
        assertThat(h.output()).contains("FAILED  " + DailyJob.LOGS).contains(why);
        assertThat(h.env.smtp().list()).isEmpty();
    }

    void assertSentToEveryone(ReportRun.Outcome o) throws Exception {
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.receivedPerRecipient()).hasSize(Harness.MAILABLE).allSatisfy((who, n) -> assertThat(n).as(who).isEqualTo(1));
    }

    long malformed() {
        var m = java.util.regex.Pattern.compile("([\\d,]+) malformed").matcher(h.output());
        assertThat(m.find()).as(h.output()).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void missingLogFileFailsTheRunNamingItAndNothingIsSent() throws Exception {
        Path cfg = h.config("missing.yaml", t -> t.replace(h.env.logsDir().resolve("access.log").toString(), dir.resolve("nope/access.log").toString()));
        assertFailedBeforeSending(h.run(cfg, ReportOptions.DEFAULT), dir.resolve("nope/access.log").toString());
    }

    @Test
    void linesOfTheWrongDayOnlyFailTheRunSayingSoAndNothingIsSent() throws Exception {
        Path other = dir.resolve("other-day.log");
        LogGenerator.builder().seed(9).day(Harness.DAY.minusDays(3)).offset(ZoneOffset.ofHours(1)).neighbourDayShare(0).build()
                .writeAccessLines(other, 2_000);
        Path cfg = h.config("other-day.yaml", t -> t.replace(h.env.logsDir().resolve("access.log").toString(), other.toString())
                .replace("format: vhost_combined", "format: combined"));
        assertFailedBeforeSending(h.run(cfg, ReportOptions.DEFAULT), "no requests on " + Harness.DAY + " in 1 log file (all 2,000 lines"
                + " are of earlier days: the logs end before " + Harness.DAY + "): " + other);
    }

    @Test
    void aLogFormatThatReadsNoLineFailsTheRunNamingTheFormatThatDoesAndNothingIsSent() throws Exception {
        Path cfg = h.config("combined.yaml", t -> t.replace("format: vhost_combined", "format: combined"));
        assertFailedBeforeSending(h.run(cfg, ReportOptions.DEFAULT), "lines are malformed for logs.format combined: they read as"
                + " vhost_combined (set logs.format: vhost_combined, or auto)");
    }

    @Test
    void aRotationListedBesideItsBaseIsReadOnceSoNoFigureIsDoubled() throws Exception {
        // logs.access: [access.log, access.log.1]: access.log.1 is found beside access.log too; read twice, every
        // client's figures would have been doubled, with exit 0 (seen in the sandbox: 59,031 requests for 29,642)
        Path log = h.env.logsDir().resolve("access.log");
        Path cfg = h.config("both.yaml", t -> t.replace("access: [" + log + "]", "access: [" + log + ", " + log + ".1]"));
        assertThat(Files.readString(cfg)).contains(log + ".1]");
        ReportRun.Outcome twice = h.run(cfg, ReportOptions.DEFAULT.withDryRun(true));
        String out = h.output();
        assertThat(twice.exitCode()).as(out).isEqualTo(ExitCode.OK);
        h.resetOutput();
        h.run(h.env.config(), ReportOptions.DEFAULT.withDryRun(true));
        String requests = logsLine(h.output());
        assertThat(logsLine(out)).isEqualTo(requests);
        assertThat(out).contains("  warning      " + log + ".1 is named twice (listed twice, or listed and also found as a rotation"
                + " beside another file listed): read once");
    }

    static String logsLine(String output) {
        return output.lines().filter(l -> l.startsWith("  logs ")).findFirst().orElseThrow();
    }

    @Test
    void aBackfillOfADayTheLogsNoLongerReachSaysSoAndNothingIsSent() throws Exception {
        // the operator backfills a day older than the oldest rotation kept: every line is of a later day
        Path later = dir.resolve("later.log");
        LogGenerator.builder().seed(10).day(Harness.DAY.plusDays(2)).offset(ZoneOffset.ofHours(1)).neighbourDayShare(0).build()
                .writeAccessLines(later, 1_500);
        Path cfg = h.config("later.yaml", t -> t.replace(h.env.logsDir().resolve("access.log").toString(), later.toString())
                .replace("format: vhost_combined", "format: combined"));
        assertFailedBeforeSending(h.run(cfg, ReportOptions.DEFAULT), "no requests on " + Harness.DAY + " in 1 log file (all 1,500 lines"
                + " are of later days: the logs kept no longer reach back to " + Harness.DAY + "): " + later);
    }

    /** Replaces the current log (the base of the rotated set) by a named pipe no process writes to: open() blocks. */
    Path fifoInsteadOfTheReportDaysLog() throws Exception {
        Path log = h.env.logsDir().resolve("access.log");
        Files.delete(log);
        Process mk = new ProcessBuilder("mkfifo", log.toString()).inheritIO().start();
        assertThat(mk.waitFor()).isZero();
        return log;
    }

    @Test
    void aLogWhoseOpenBlocksForeverEndsTheRunAtTheLogsTimeoutAndNothingIsSent() throws Exception {
        fifoInsteadOfTheReportDaysLog();
        Path cfg = h.config("fifo.yaml", t -> t.replace("  format: vhost_combined", "  format: vhost_combined\n  timeout: 2s"));
        long t0 = System.nanoTime();
        ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertFailedBeforeSending(o, "timed out after 2.0 s");
        assertThat(seconds).as("the logs timeout ends the run; the stuck open() is abandoned").isLessThan(30);
    }

    @Test
    void sigtermEndsARunWhoseLogOpenBlocksForever() throws Exception {
        fifoInsteadOfTheReportDaysLog();
        ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-fifo"));
        Path out = dir.resolve("child.log");
        Process p = ChildJvm.braid(List.of(), h.env.env(), out, "report", "run", "--config", h.env.config().toString(),
                "--date", Harness.DAY.toString());
        try {
            // wait until the run has started its steps, then ask it to stop (destroy() sends SIGTERM)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(out) && Files.readString(out).contains("report day")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("SIGTERM ends the run: " + Files.readString(out)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(ExitCode.PARTIAL);
            assertThat(h.env.smtp().list()).isEmpty();
        } finally {
            p.destroyForcibly();
        }
    }

    /** A backfill whose logs hold only the day's last hour: 25 requests between 23:10 and 23:34 (+01:00). */
    Path lastHourOnly() throws Exception {
        Path log = dir.resolve("last-hour.log");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            b.append(String.format("www.alpenrad.example:443 203.0.113.%d - - [23/Nov/2026:23:%02d:00 +0100] \"GET /p%d HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"%n",
                    i + 1, 10 + i, i));
        }
        Files.writeString(log, b.toString());
        return log;
    }

    @Test
    void logsCoveringOnlyTheDaysLastHourStopTheRunBeforeAnyEmailSayingWhichSpanTheyCover() throws Exception {
        Path log = lastHourOnly();
        Path cfg = h.config("last-hour.yaml", t -> t.replace(h.env.logsDir().resolve("access.log").toString(), log.toString()));
        ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
        assertFailedBeforeSending(o, "do not cover the whole of " + Harness.DAY, "nothing before 23:10:00",
                "23:10:00–23:34:00 Europe/Berlin", "--allow-partial-logs");
    }

    @Test
    void allowPartialLogsSendsThosePartialFiguresDeliberately() throws Exception {
        Path log = lastHourOnly();
        Path cfg = h.config("last-hour.yaml", t -> t.replace(h.env.logsDir().resolve("access.log").toString(), log.toString()));
        ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT.withAllowPartialLogs(true));
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.env.smtp().list()).hasSize(Harness.MAILABLE);
    }

    @Test
    void aMissingEveningIsAGapAtTheEnd() throws Exception {
        // the whole generated day minus everything after 18:00: the day after is absent, the evening too
        Path day = reportDayLog();
        List<String> kept = Files.readAllLines(day).stream()
                .filter(l -> !l.matches(".*\\[23/Nov/2026:(1[89]|2[0-3]):.*") && !l.contains("[24/Nov/2026:")).toList();
        Files.write(day, kept);
        for (String rotated : List.of("access.log")) Files.writeString(h.env.logsDir().resolve(rotated), "");
        ReportRun.Outcome o = h.run(ReportOptions.DEFAULT);
        assertFailedBeforeSending(o, "nothing after 17:");
    }

    @Test
    void aMissingHourInsideTheDayStopsTheRunNamingTheHourUnlessPartialLogsAreAllowed() throws Exception {
        // the whole generated day but 10:00-11:00 (a rotated file or an hour's file gone): the day before and after
        // are there, so nothing is missing at the ends; the hours around it are busy
        Path day = reportDayLog();
        List<String> all = Files.readAllLines(day);
        Files.write(day, all.stream().filter(l -> !l.contains("[23/Nov/2026:10:")).toList());
        ReportRun.Outcome o = h.run(ReportOptions.DEFAULT);
        assertFailedBeforeSending(o, "do not cover the whole of " + Harness.DAY, "nothing from 10:00 to 11:00 (an hour without "
                + "a request between hours of ", "a log file missing, or the site down)", "--allow-partial-logs");
        assertThat(h.run(ReportOptions.DEFAULT.withAllowPartialLogs(true)).exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.env.smtp().list()).hasSize(Harness.MAILABLE);
    }

    @Test
    void binaryGarbageIsCountedAsMalformedAndTheReportGoesOut() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(7).nextBytes(junk);
        Files.write(reportDayLog(), junk, StandardOpenOption.APPEND);
        assertSentToEveryone(h.run(ReportOptions.DEFAULT));
        assertThat(malformed()).isPositive();
    }

    @Test
    void aOneMegabyteLineIsOneMalformedLineAndTheReportGoesOut() throws Exception {
        Files.writeString(reportDayLog(), "x".repeat(1 << 20) + "\n", StandardOpenOption.APPEND);
        assertSentToEveryone(h.run(ReportOptions.DEFAULT));
        assertThat(malformed()).isEqualTo(1);
    }

    @Test
    void linesOfAnotherFormatInTheSameFileAreCountedAsMalformedAndTheReportGoesOut() throws Exception {
        Path common = dir.resolve("common.log");
        LogGenerator.builder().seed(5).day(Harness.DAY).offset(ZoneOffset.ofHours(1)).format(LogGenerator.Format.COMMON).build()
                .writeAccessLines(common, 100);
        Files.write(reportDayLog(), Files.readAllBytes(common), StandardOpenOption.APPEND);
        assertSentToEveryone(h.run(ReportOptions.DEFAULT));
        assertThat(malformed()).isEqualTo(100);
    }

    @Test
    void truncatedGzipKeepsTheLinesBeforeTheCutAndTheReportGoesOut() throws Exception {
        Path gz = h.env.logsDir().resolve("access.log.2.gz");
        byte[] all = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
        assertSentToEveryone(h.run(ReportOptions.DEFAULT));
    }

    @Test
    void truncatedGzipIsNamedInTheRunsOutput() throws Exception {
        Path gz = h.env.logsDir().resolve("access.log.2.gz");
        byte[] all = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
        ReportRun.Outcome o = h.run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.output() + Files.readString(o.runDir().resolve("report.log"))).contains("access.log.2.gz");
    }

    @Test
    void aFileGrowingWhileItIsReadIsReadWithoutErrorAndTheReportGoesOut() throws Exception {
        // the web server keeps appending report-day lines (late-flushed buffers) while braid reads the file
        Path log = reportDayLog();
        Path extra = dir.resolve("extra.log");
        LogGenerator.builder().seed(11).day(Harness.DAY).offset(ZoneOffset.ofHours(1)).format(LogGenerator.Format.VHOST_COMBINED)
                .vhosts(braid.sandbox.DemoData.VHOSTS).build().writeAccessLines(extra, 20_000);
        List<String> lines = Files.readAllLines(extra);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong appended = new AtomicLong();
        Thread writer = Thread.ofPlatform().start(() -> {
            try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                for (String l : lines) {
                    if (stop.get()) break;
                    out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    appended.incrementAndGet();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            assertSentToEveryone(h.run(ReportOptions.DEFAULT));
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(appended.get()).isPositive();
        // a line cut by the writer mid-way may count as malformed; never more than one
        assertThat(malformed()).isLessThanOrEqualTo(1);
    }

    @Test
    void unreadableLogFailsTheRunNamingItAndNothingIsSent() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path log = reportDayLog();
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("---------"));
        if (!root) {
            assumeTrue(!Files.isReadable(log), "the file is still readable for this user: cannot test an unreadable log");
            assertFailedBeforeSending(h.run(ReportOptions.DEFAULT), log.toString());
            return;
        }
        // root reads everything: run braid as nobody in a child JVM, with everything else readable to it
        Path world = Files.createTempDirectory(Path.of("/tmp"), "braid-unreadable");
        try {
            Files.setPosixFilePermissions(world, PosixFilePermissions.fromString("rwxrwxrwx"));
            ChildJvm.snapshotClasspath(world.resolve("cp"));
            for (Path p : Harness.files(h.dir)) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(p.equals(log) ? "---------" : "rw-r--r--"));
            try (var s = Files.walk(h.dir)) {
                for (Path p : s.filter(Files::isDirectory).toList()) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
            }
            for (Path p = h.dir; p != null && !p.equals(Path.of("/tmp")) && !p.equals(Path.of("/")); p = p.getParent())
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
            try (var s = Files.walk(world)) {
                for (Path p : s.toList()) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            Path cfg = h.config("nobody.yaml", t -> t.replace("stateDir: ./state", "stateDir: " + world.resolve("state")));
            Files.setPosixFilePermissions(cfg, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(world, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path out = world.resolve("child.log");
            Process p = ChildJvm.braid(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
                    Map.of(DemoEnvironment.SAP_PASSWORD_ENV, DemoEnvironment.SAP_PASSWORD, "HOME", world.toString()), out,
                    "report", "run", "--config", cfg.toString(), "--date", Harness.DAY.toString());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = Files.readString(out);
            assertThat(p.exitValue()).as(output).isEqualTo(ExitCode.FAILED);
            assertThat(output).contains("FAILED  " + DailyJob.LOGS).contains(log.toString());
            assertThat(h.env.smtp().list()).isEmpty();
        } finally {
            try (var s = Files.walk(world)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
