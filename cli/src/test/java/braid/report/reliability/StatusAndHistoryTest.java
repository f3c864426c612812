package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code braid report status} and {@code braid report history} through the real command line (issue 13, part 2). */
class StatusAndHistoryTest {
    @TempDir
    Path dir;

    String braid(Harness h, int expectedExit, String... args) throws Exception {
        return braid(h.env.env(), expectedExit, args);
    }

    String braid(java.util.Map<String, String> env, int expectedExit, String... args) throws Exception {
        Path log = dir.resolve("cli-" + System.nanoTime() + ".log");
        Process p = ChildJvm.braid(List.of(), env, log, args);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isEqualTo(expectedExit);
        return out;
    }

    @Test
    void statusListsEveryMessageOfTheDayAndHistoryOneLinePerRun() throws Exception {
        try (Harness h = Harness.start(dir)) {
            ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-status"));
            String cfg = h.env.config().toString();
            String before = braid(h, ExitCode.OK, "report", "status", "--config", cfg, "--date", Harness.DAY.toString());
            assertThat(before).contains("nothing was sent for " + Harness.DAY);
            // a dry run first: the history says it was one (its 0 sent is no failure to send)
            var dry = h.run(ReportOptions.DEFAULT.withDryRun(true));
            assertThat(dry.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            assertThat(Files.readString(dry.runDir().resolveSibling("index.html"))).contains("dry run, succeeded (exit 0)")
                    .contains("background:#868e96\"></span>dry run, succeeded").contains("grey: a dry run");

            assertThat(h.run(ReportOptions.DEFAULT).exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            String status = braid(h, ExitCode.OK, "report", "status", "--config", cfg, "--date", Harness.DAY.toString());
            assertThat(status.lines().filter(l -> l.startsWith("  sent "))).hasSize(Harness.MAILABLE + 1);
            assertThat(status).contains("sent " + Harness.MAILABLE + " · uncertain 0 · failed 0", "run folder ");
            String one = braid(h, ExitCode.OK, "report", "status", "--config", cfg, "--date", Harness.DAY.toString(),
                    "--client", "1000001");
            assertThat(one).contains("info@alpenrad.example", "<braid.20261123.1000001.").contains("sent 1 · uncertain 0");
            // from the operator's shell, where the SAP and SMTP passwords of cron's environment are not set: status and
            // history need no secret and show what was sent (they refused: "environment variable … is not set")
            java.util.Map<String, String> shell = new java.util.HashMap<>(h.env.env());
            shell.keySet().removeIf(k -> k.contains("PASSWORD"));
            assertThat(shell).isNotEqualTo(h.env.env());
            assertThat(Files.readString(Path.of(cfg))).contains("${" + h.env.env().keySet().stream().filter(k -> k.contains("PASSWORD"))
                    .findFirst().orElseThrow() + "}");
            assertThat(braid(shell, ExitCode.OK, "report", "status", "--config", cfg, "--date", Harness.DAY.toString()))
                    .contains("sent " + Harness.MAILABLE + " · uncertain 0 · failed 0");
            assertThat(braid(shell, ExitCode.OK, "report", "history", "--config", cfg, "--days", "400")).contains(Harness.DAY.toString());
            // a run from there still needs them, and says so
            assertThat(braid(shell, ExitCode.USAGE, "report", "run", "--config", cfg, "--date", Harness.DAY.toString(), "--dry-run"))
                    .contains("is not set");

            // a rerun of the day: everything was sent by the run before; the history says so rather than "0 sent"
            var rerun = h.run(ReportOptions.DEFAULT);
            assertThat(rerun.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            String history = braid(h, ExitCode.OK, "report", "history", "--config", cfg, "--days", "400");
            assertThat(history.lines().filter(l -> l.startsWith("day ")).findFirst().orElseThrow()).containsPattern("outcome +exit +sent +already +failed +uncertain +duration");
            List<String> runs = history.lines().filter(l -> l.startsWith(Harness.DAY.toString())).toList();
            assertThat(runs).as(history).hasSize(3);
            // columns: exit, sent, already sent, failed, uncertain
            assertThat(runs.get(0)).containsPattern("  succeeded +0 +0 +" + Harness.MAILABLE + " +0 +0 ");
            assertThat(runs.get(1)).containsPattern("  succeeded +0 +" + Harness.MAILABLE + " +0 +0 +0 ");
            assertThat(runs.get(2)).containsPattern("dry run, succeeded +0 +0 +0 +0 +0 ");
            assertThat(Files.readString(rerun.runDir().resolveSibling("index.html"))).contains("<th class=\"n\">already sent</th>")
                    .contains("<td class=\"n\">0</td><td class=\"n\">" + Harness.MAILABLE + "</td>");
        }
    }
}
