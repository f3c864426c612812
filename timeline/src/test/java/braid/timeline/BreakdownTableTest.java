package braid.timeline;

import braid.core.RunOutcome;
import braid.core.TaskInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;

class BreakdownTableTest {

    @Test
    void seedTableShowsEachTaskTheTotalsTheSavingAndTheCriticalPath() {
        String table = BreakdownTable.render(seedRecord());

        assertThat(table).startsWith("Total Time Breakdown — daily report (SUCCEEDED)\n");
        assertThat(table).containsPattern("│ \\* read website content +│ +15:00 │ +0:00 │ succeeded +│");
        assertThat(table).containsPattern("│   analyse logs +│ +5:00 │");
        assertThat(table).containsPattern("│   read client data from SAP +│ +12:00 │");
        assertThat(table).containsPattern("│ \\* merge and send e-mail +│ +8:00 │ +15:00 │");
        assertThat(table).containsPattern("│ Total with concurrency +│ 23:00 ");
        assertThat(table).containsPattern("│ Total if sequential +│ 40:00 ");
        assertThat(table).containsPattern("│ Saved +│ 17:00 \\(42.5 %\\) ");
        assertThat(table).contains("read website content → merge and send e-mail: 23:00");
        assertThat(table).doesNotContain("\u001b[");
        List<Integer> widths = table.lines().filter(l -> l.startsWith("│") || l.startsWith("┌") || l.startsWith("└"))
                .map(String::length).distinct().toList();
        assertThat(widths).as("every box line has the same width").hasSize(1);
    }

    @Test
    void ansiTableColoursFailuresAndKeepsTheSameText() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("failing", List.of(info(SAP)))
                .started(SAP, 1, 0).failed(SAP, 1, ms(2310), "IOException: down")
                .finish(RunOutcome.FAILED, ms(2310), "read client data from SAP failed");
        RunRecord r = recorder.record();

        String plain = BreakdownTable.render(r);
        String ansi = BreakdownTable.render(r, true);

        assertThat(plain).contains("(FAILED)").contains("Ended after").contains("2.31 s").contains("failed")
                .doesNotContain("Saved", "Critical path", "read client data from SAP failed");
        assertThat(ansi).contains("\u001b[31m");
        assertThat(ansi.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void bigRunsListTheLongestTasksAndSumUpTheRest() {
        int n = 1000;
        List<TaskInfo> graph = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            graph.add(info("mail " + i));
        }
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("mailing", graph);
        for (int i = 0; i < n; i++) {
            run.started("mail " + i, 1, 0).succeeded("mail " + i, 1, ms(1 + i));
        }
        run.finish(RunOutcome.SUCCEEDED, ms(n), null);

        String table = BreakdownTable.render(recorder.record());

        assertThat(table).contains("mail 999").doesNotContain("mail 949 ").contains("… 950 more tasks");
        assertThat(table.lines().count()).isLessThan(70);
    }
}
