package braid.timeline;

import braid.core.RunOutcome;
import braid.core.TaskEvent.Kind;
import braid.core.TaskOutcome;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeCaseRenderingTest {

    @Test
    void runWithoutTasksRendersEverywhere() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("nothing to do", List.of()).finish(RunOutcome.SUCCEEDED, 0, null);
        RunRecord r = recorder.record();

        assertThat(BreakdownTable.render(r)).contains("Total with concurrency").contains("Critical path");
        assertThat(Mermaid.render(r)).startsWith("flowchart LR\n");
        Document doc = Jsoup.parse(HtmlTimeline.render(r));
        assertThat(doc.select("#summary .card")).isNotEmpty();
        assertThat(doc.select("#flowchart").text()).contains("No tasks");
    }

    @Test
    void scopeChildrenAreIndentedUnderTheirParentAndJoinedByDashedEdges() {
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("scope", List.of());
        run.started("fetch", 1, 0)
                .event("page 1", "fetch", Kind.STARTED, 1, ms(1), null, null)
                .event("page 1", "fetch", Kind.SUCCEEDED, 1, ms(50), null, null)
                .event("page 1 images", "page 1", Kind.STARTED, 1, ms(2), null, null)
                .event("page 1 images", "page 1", Kind.SUCCEEDED, 1, ms(40), null, null)
                .succeeded("fetch", 1, ms(60)).finish(RunOutcome.SUCCEEDED, ms(60), null);
        Document doc = Jsoup.parse(HtmlTimeline.render(recorder.record()));

        assertThat(doc.selectFirst(".row[data-task=fetch] .label").attr("style")).contains("padding-left:8px");
        assertThat(doc.selectFirst(".row[data-task=page 1] .label").attr("style")).contains("padding-left:22px");
        assertThat(doc.selectFirst(".row[data-task=page 1 images] .label").attr("style")).contains("padding-left:36px");
        assertThat(doc.select("#flowchart path.fork")).hasSize(2);
        assertThat(doc.selectFirst(".row[data-task=page 1 images] .label").attr("data-tip")).contains("forked by: page 1");
    }

    @Test
    void withoutAConsoleProgressIsPlain() {
        ConsoleProgress p = ConsoleProgress.forTerminal(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), true);
        assertThat(p.mode()).isEqualTo(ConsoleProgress.Mode.PLAIN);
        p.close();
    }

    @Test
    void recordWithMismatchedTimesIsRejectedNamingTheTask() {
        assertThatThrownBy(() -> new TaskRecord("x", null, List.of(), true, List.of(),
                        TaskOutcome.SUCCEEDED, 10, 5, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("task x").hasMessageContaining("end 5");
    }
}
