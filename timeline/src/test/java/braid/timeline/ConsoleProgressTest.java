package braid.timeline;

import braid.core.RunOutcome;
import braid.core.TaskEvent.Kind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The seed day, with SAP failing once and the website reporting pages. */
    private static void dayWithARetry(ConsoleProgress progress) {
        new FakeRun(progress).start("daily report", seedGraph())
                .started(WEBSITE, 1, 0).started(LOGS, 1, 0).started(SAP, 1, 0)
                .progress(WEBSITE, 3, 10, "pages", min(4))
                .retry(SAP, 1, min(2), Duration.ofSeconds(30), "IOException: 503 Service Unavailable")
                .started(SAP, 2, min(2.5))
                .succeeded(LOGS, 1, min(5))
                .event("page 7", WEBSITE, Kind.STARTED, 1, min(9), null, null)
                .event("page 7", WEBSITE, Kind.SUCCEEDED, 1, min(10), null, null)
                .progress(WEBSITE, 10, 10, "pages", min(14))
                .succeeded(SAP, 2, min(12))
                .succeeded(WEBSITE, 1, min(15))
                .started(MERGE, 1, min(15)).succeeded(MERGE, 1, min(23))
                .finish(RunOutcome.SUCCEEDED, min(23), null);
    }

    @Test
    void plainVerbosePrintsALinePerStartAndFinishWithRunClockTimes() {
        try (ConsoleProgress progress = ConsoleProgress.plain(out, true)) {
            dayWithARetry(progress);
        }

        assertThat(printed()).isEqualTo("""
                ● daily report started
                ▶ read website content started
                ▶ analyse logs started
                ▶ read client data from SAP started
                ↻ read client data from SAP attempt 1 failed after 2:00: IOException: 503 Service Unavailable; retrying in 30.0 s
                ✔ analyse logs finished in 5:00
                ✔ read client data from SAP finished in 12:00 (2 attempts)
                ✔ read website content finished in 15:00
                ▶ merge and send e-mail started
                ✔ merge and send e-mail finished in 8:00
                ■ daily report succeeded after 23:00
                """);
    }

    @Test
    void plainQuietPrintsOnlyRetriesAndFailures() {
        try (ConsoleProgress progress = ConsoleProgress.plain(out, false)) {
            dayWithARetry(progress);
            new FakeRun(progress).start("second day", seedGraph())
                    .started(WEBSITE, 1, 0).succeeded(WEBSITE, 1, min(1))
                    .started(SAP, 1, 0).failed(SAP, 1, ms(1500), "IOException: connection refused")
                    .event(MERGE, null, Kind.CANCELLED, 0, ms(1500), null, "run failed")
                    .event("page 3", WEBSITE, Kind.FAILED, 1, ms(900), null, "IOException: 404")
                    .finish(RunOutcome.FAILED, ms(1500), "read client data from SAP failed");
        }

        assertThat(printed()).isEqualTo("""
                ↻ read client data from SAP attempt 1 failed after 2:00: IOException: 503 Service Unavailable; retrying in 30.0 s
                ✖ read client data from SAP failed after 1.50 s: IOException: connection refused
                ⊘ merge and send e-mail cancelled: run failed
                ✖ page 3 failed: IOException: 404
                ✖ second day failed after 1.50 s: read client data from SAP failed
                """);
    }

    @Test
    void ttyRedrawsALiveBlockAndLeavesTheFinalStatePrinted() throws Exception {
        ConsoleProgress progress = ConsoleProgress.tty(out);
        assertThat(progress.mode()).isEqualTo(ConsoleProgress.Mode.TTY);
        FakeRun run = new FakeRun(progress).start("daily report", seedGraph())
                .started(WEBSITE, 1, 0).progress(WEBSITE, 3, 10, "pages", min(4));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!printed().contains("3/10 pages") && System.nanoTime() < deadline) {
            Thread.sleep(20); // waiting for the painter thread, which runs on real time
        }
        assertThat(printed()).contains("3/10 pages").contains(" 30% ").contains("running");

        dayWithARetry(progress);
        progress.close();
        String all = printed();
        String last = all.substring(all.lastIndexOf("\u001b[J") + 3);

        assertThat(all).contains("retrying in 30.0 s");
        assertThat(last).contains("✔").contains(WEBSITE).contains("15:00").contains("10/10 pages").contains("100%");
        assertThat(last).contains("succeeded #2").contains("12:00");
        assertThat(last).contains("daily report").contains("4/4 tasks done");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("braid-console-progress"));
        int size = all.length();
        Thread.sleep(250);
        assertThat(printed()).as("nothing drawn after close").hasSize(size);
    }

    @Test
    void noColorLeavesOutEveryColourButStillRedrawsInPlace() throws Exception {
        assertThat(ConsoleProgress.colorAllowed(java.util.Map.of("NO_COLOR", "1"))).isFalse();
        assertThat(ConsoleProgress.colorAllowed(java.util.Map.of("NO_COLOR", ""))).as("no-color.org: empty means unset").isTrue();
        assertThat(ConsoleProgress.colorAllowed(java.util.Map.of())).isTrue();
        ConsoleProgress progress = ConsoleProgress.tty(out, 100, false);
        dayWithARetry(progress);
        progress.close();
        String all = printed();
        assertThat(all).contains("✔").contains("\u001b[J");
        assertThat(all).doesNotContain("\u001b[32m", "\u001b[31m", "\u001b[33m", "\u001b[2m", "\u001b[1m", "\u001b[0m");
    }

    @Test
    void ttyLinesAreCutToTheTerminalWidthSoRedrawsStayAligned() {
        assertThat(ConsoleProgress.fit("\u001b[32m✔\u001b[0m abcdefghij", 8)).isEqualTo("\u001b[32m✔\u001b[0m abcde…\u001b[0m");
        assertThat(ConsoleProgress.fit("\u001b[32m✔\u001b[0m abc\u001b[0m", 8)).isEqualTo("\u001b[32m✔\u001b[0m abc\u001b[0m");
        assertThat(ConsoleProgress.fit("12345678", 8)).isEqualTo("12345678");
        assertThat(ConsoleProgress.fit("123456789", 8)).as("no reset where nothing was coloured").isEqualTo("1234567…");

        ConsoleProgress progress = ConsoleProgress.tty(out, 40);
        new FakeRun(progress).start("narrow", seedGraph()).started(WEBSITE, 1, 0)
                .progress(WEBSITE, 3, 10, "pages", min(4)).finish(RunOutcome.CANCELLED, min(4), "stopped");
        progress.close();
        String all = printed();
        String last = all.substring(all.lastIndexOf("\u001b[J") + 3).replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
        assertThat(last.lines().filter(l -> !l.startsWith("✖")))
                .allSatisfy(l -> assertThat(l.codePointCount(0, l.length())).isLessThanOrEqualTo(40));
    }
}
