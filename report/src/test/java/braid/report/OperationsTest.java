package braid.report;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import braid.report.internal.DateLock;
import braid.report.internal.LastRun;
import braid.sandbox.SmtpSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operations engineer needs before trusting a run with real clients (issue 7), over real protocols. */
class OperationsTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static final int MAILABLE = 32;

    @TempDir
    Path dir;
    DemoEnvironment env;
    BraidConfig cfg;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        env = DemoEnvironment.start(dir, DAY, DemoEnvironment.Latency.NONE);
        cfg = BraidConfig.load(env.config(), env.env());
    }

    @AfterEach
    void stop() throws Exception {
        env.close();
    }

    ReportRun.Outcome run(ReportOptions opt) throws Exception {
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new ReportRun(cfg, opt.withDate(DAY), env.env(), Clock.system(), ps, ps, false).run();
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    static ReportOptions opts(boolean force, Set<String> only, String to) {
        return new ReportOptions(DAY, false, null, false, Set.of(), false, false, force, only, to, false);
    }

    @Test
    void aSecondRunOfTheSameDateIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
        try (DateLock held = DateLock.acquire(cfg.stateDir(), DAY)) {
            ReportRun.Outcome o = run(ReportOptions.DEFAULT);
            assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(output()).contains("another braid run holds report day " + DAY);
        }
        assertThat(env.smtp().list()).isEmpty();
        // once released, the date runs
        assertThat(run(ReportOptions.DEFAULT).exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void aLockLeftByADeadProcessIsTakenOverWithAMessage() throws Exception {
        Path lock = cfg.stateDir().resolve("locks").resolve(DAY + ".lock");
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "pid 4194303, started 2026-11-24T05:00:00Z\n"); // no process holds an OS lock on it
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(output()).contains("took over the lock").contains("pid 4194303");
    }

    @Test
    void canaryRunSendsEveryMessageToOneAddressAndLeavesTheJournalAlone() throws Exception {
        ReportRun.Outcome o = run(opts(false, Set.of(), "canary@example-outdoor.test"));
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        List<SmtpSink.Received> received = env.smtp().list();
        assertThat(received).hasSize(MAILABLE).allSatisfy(r -> assertThat(r.recipients()).containsExactly("canary@example-outdoor.test"));
        // the real run afterwards still mails every client: the canary did not touch the journal
        out.reset();
        assertThat(run(ReportOptions.DEFAULT).exitCode()).isEqualTo(ExitCode.OK);
        assertThat(output()).contains("sent " + MAILABLE + " · already sent 0")
                // the website has 8 items, each e-mail the newest 4 (website.maxItems): the summary says both
                .containsPattern("news {9}8 items \\((feed|cache) http://127\\.0\\.0\\.1:\\d+/news/feed\\.xml\\); the newest 4 in each e-mail \\(website\\.maxItems\\)");
    }

    @Test
    void onlyLimitsTheRunToTheNamedClients() throws Exception {
        ReportRun.Outcome o = run(opts(false, Set.of("1000001", "1000006"), null));
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(env.smtp().list()).flatExtracting(SmtpSink.Received::recipients)
                .containsExactlyInAnyOrder("info@alpenrad.example", "alice@example.com");
    }

    @Test
    void anUnknownClientInOnlyOrAnUnknownMessageIdInResendIsBadUsageAndSendsNothing() throws Exception {
        ReportRun.Outcome o = run(opts(false, Set.of("1000001", "9999999"), null));
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.USAGE);
        assertThat(output()).contains("--only names clients SAP did not return: 9999999", "nothing was sent");
        out.reset();
        ReportRun.Outcome r = run(new ReportOptions(DAY, false, null, false, Set.of("<braid.20261123.nobody.0@example-outdoor.test>"),
                false, false, false, Set.of(), null, false));
        assertThat(r.exitCode()).as(output()).isEqualTo(ExitCode.USAGE);
        assertThat(output()).contains("--resend names Message-IDs that are none of " + DAY, "braid.20261123.nobody.0");
        assertThat(env.smtp().list()).isEmpty();
    }

    @Test
    void aSharpDropInClientsStopsTheRunUnlessForced() throws Exception {
        new LastRun(DAY.minusDays(1), 100, Map.of()).write(cfg.stateDir());
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(output()).contains("fell from 100").contains("--force");
        // the brake is a step of its own right after SAP: it fails the run, not the send step
        assertThat(output()).contains("FAILED  " + DailyJob.BRAKES + ": ").doesNotContain("FAILED  " + DailyJob.SEND);
        assertThat(o.report().delivery()).isEmpty();
        assertThat(o.report().clients()).hasValueSatisfying(c -> assertThat(c.clients()).hasSize(34));
        assertThat(env.smtp().list()).isEmpty();
        out.reset();
        assertThat(run(opts(true, Set.of(), null)).exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(env.smtp().list()).hasSize(MAILABLE);
    }

    @Test
    void aDamagedLastRunFileKeepsTheDropBrakeOnAndSaysSo() throws Exception {
        new LastRun(DAY.minusDays(1), 100, Map.of()).write(cfg.stateDir());
        java.nio.file.Path f = LastRun.file(cfg.stateDir());
        String whole = java.nio.file.Files.readString(f);
        java.nio.file.Files.writeString(f, whole.substring(0, whole.length() / 2)); // torn by a crash of the disk
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.FAILED);
        assertThat(output()).contains("last-run.json is damaged", "client-drop brake", "--force");
        assertThat(env.smtp().list()).isEmpty();
        out.reset();
        assertThat(run(opts(true, Set.of(), null)).exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(env.smtp().list()).hasSize(MAILABLE);
        assertThat(LastRun.readStrict(cfg.stateDir())).as("the forced successful run rewrote it").isPresent();
    }

    @Test
    void aDryRunTellsPerClientWhatARealRunWouldDoByTheJournal() throws Exception {
        // a real run for two clients, then an uncertain intent for a third, as a crash would leave it
        assertThat(run(opts(false, Set.of("1000001", "1000006"), null)).exitCode()).as(output()).isEqualTo(ExitCode.OK);
        String uncertainId = braid.mail.internal.MessageComposer.messageId(DAY, "1000007", "example-outdoor.test");
        try (braid.mail.SendJournal j = braid.mail.SendJournal.open(braid.report.internal.Wiring.mailStateDir(cfg), DAY)) {
            j.intent(uncertainId, "1000007", "bob@example.com");
            j.force();
        }
        out.reset();
        ReportRun.Outcome dry = run(ReportOptions.DEFAULT.withDryRun(true));
        assertThat(dry.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(output()).contains("a real run now would send " + (MAILABLE - 3) + " · skip 2 already sent · hold 1 uncertain")
                .contains("uncertain    1000007 <bob@example.com> " + uncertainId)
                .contains("Exit 0: dry run: nothing was sent");
        String index = java.nio.file.Files.readString(dry.runDir().resolve("emails/index.html"));
        assertThat(index).contains("A real run now would send " + (MAILABLE - 3) + ", skip 2 already sent and hold 1 uncertain")
                .contains("already sent: a real run skips it").contains("uncertain: a real run holds it");
        assertThat(env.smtp().list()).as("only the real run sent").hasSize(2);
    }

    @Test
    void reportLogHasEveryStepAndOneGreppableLinePerMessage() throws Exception {
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        var runJson = new com.fasterxml.jackson.databind.ObjectMapper().readTree(o.runDir().resolve("run.json").toFile());
        assertThat(runJson.path("report").path("exitCode").asInt(-1)).isZero();
        assertThat(runJson.path("report").path("mail").path("sent")).hasSize(MAILABLE);
        assertThat(runJson.path("report").path("mail").path("sent").get(0).path("client").asText()).isNotEmpty();
        assertThat(braid.timeline.RunRecord.read(o.runDir().resolve("run.json")).outcome()).isNotNull();
        String log = java.nio.file.Files.readString(o.runDir().resolve("report.log"));
        assertThat(log).contains("event=step name=\"fetch SAP clients\" outcome=succeeded",
                "event=step name=\"merge and send e-mail\" outcome=succeeded", "event=end outcome=succeeded exit=0");
        assertThat(log.lines().filter(l -> l.contains("event=mail ") && l.contains("outcome=sent"))).hasSize(MAILABLE);
        assertThat(log).containsPattern("event=mail client=1000001 address=info@alpenrad.example outcome=sent message_id=<braid\\.20261123\\.1000001\\.");
        out.reset();
        ReportRun.Outcome again = run(ReportOptions.DEFAULT);
        String log2 = java.nio.file.Files.readString(again.runDir().resolve("report.log"));
        assertThat(log2.lines().filter(l -> l.contains("outcome=already_sent"))).hasSize(MAILABLE);
    }

    @Test
    void runsIndexListsEveryRunWithItsStatusAndLatestPointsAtTheNewest() throws Exception {
        ReportRun.Outcome first = run(ReportOptions.DEFAULT);
        out.reset();
        new LastRun(DAY.minusDays(1), 100, Map.of()).write(cfg.stateDir()); // the second run trips the drop brake
        ReportRun.Outcome second = run(ReportOptions.DEFAULT);
        assertThat(second.exitCode()).isEqualTo(ExitCode.FAILED);
        java.nio.file.Path runs = cfg.stateDir().resolve("runs");
        String index = java.nio.file.Files.readString(runs.resolve("index.html"));
        assertThat(index).contains("2 runs", first.runDir().getFileName() + "/timeline.html",
                second.runDir().getFileName() + "/timeline.html", "#2f9e44", "#e03131", "<svg");
        assertThat(index.indexOf("\"" + second.runDir().getFileName() + "/timeline.html"))
                .as("newest first").isLessThan(index.indexOf("\"" + first.runDir().getFileName() + "/timeline.html"));
        assertThat(second.runDir()).as("two runs in one second get two folders").isNotEqualTo(first.runDir());
        assertThat(java.nio.file.Files.readSymbolicLink(runs.resolve("latest"))).isEqualTo(second.runDir().getFileName());
        var listed = braid.report.internal.RunsIndex.list(runs, cfg.company().timeZone());
        assertThat(listed).hasSize(2);
        assertThat(listed.get(1).sent()).isEqualTo(MAILABLE);
        assertThat(listed.get(0).exit()).contains(ExitCode.FAILED);
    }

    @Test
    void aSuccessfulRunRemembersItsClientCountAndDurations() throws Exception {
        assertThat(run(ReportOptions.DEFAULT).exitCode()).isEqualTo(ExitCode.OK);
        LastRun last = LastRun.read(cfg.stateDir()).orElseThrow();
        assertThat(last.date()).isEqualTo(DAY);
        assertThat(last.clients()).isEqualTo(34);
        assertThat(last.durationsMillis()).containsKeys(DailyJob.LOGS, DailyJob.SAP, DailyJob.SEND, DailyJob.WEBSITE);
    }

    @Test
    void aRunAsksForThePagesTheLastRunsClientsFilledTogetherWithTheFirstPage() throws Exception {
        // sap.pagesAhead: auto (the default). The first run knows no client count: one page, then the rest.
        ReportRun.Outcome first = run(ReportOptions.DEFAULT);
        assertThat(first.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        assertThat(java.nio.file.Files.readString(first.runDir().resolve("run.json"))).doesNotContain("(ahead)");
        // 34 clients at 10 a page: 3 pages beyond the first, which concurrency 4 allows
        assertThat(LastRun.read(cfg.stateDir()).orElseThrow().clients()).isEqualTo(34);
        ReportRun.Outcome again = run(ReportOptions.DEFAULT);
        assertThat(again.exitCode()).as(output()).isEqualTo(ExitCode.OK);
        String record = java.nio.file.Files.readString(again.runDir().resolve("run.json"));
        assertThat(record).contains("sap page 2 (ahead)", "sap page 3 (ahead)", "sap page 4 (ahead)")
                .doesNotContain("sap page 5 (ahead)");
        assertThat(LastRun.read(cfg.stateDir()).orElseThrow().clients()).as("the same clients").isEqualTo(34);
    }

    @Test
    void oldRunFoldersAreRemovedByRetention() throws Exception {
        Path runs = cfg.stateDir().resolve("runs");
        Path old = runs.resolve("2026-01-01_20260102-060000");
        Files.createDirectories(old.resolve("emails"));
        Files.writeString(old.resolve("emails").resolve("1.eml"), "personal data");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(90, ChronoUnit.DAYS)));
        Path recent = runs.resolve("2026-11-20_20261121-060000");
        Files.createDirectories(recent);
        assertThat(run(ReportOptions.DEFAULT).exitCode()).isEqualTo(ExitCode.OK);
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }

    @Test
    void zeroClientsFailsTheRunAndSendsNothing() throws Exception {
        env.close();
        env = DemoEnvironment.start(dir.resolve("empty"), DAY, DemoEnvironment.Latency.NONE, List.of());
        cfg = BraidConfig.load(env.config(), env.env());
        ReportRun.Outcome o = run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(output()).contains("zero clients");
        assertThat(env.smtp().list()).isEmpty();
    }
}
