package braid.timeline;

import braid.core.TaskOutcome;
import braid.core.RunOutcome;
import braid.core.TaskInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CriticalPathTest {

    @Test
    void planOfTheSeedGraphRunsThroughTheWebsiteThenMergeIn23Minutes() {
        CriticalPath plan = CriticalPath.plan(seedGraph(), Map.of(
                WEBSITE, Duration.ofMinutes(15), LOGS, Duration.ofMinutes(5),
                SAP, Duration.ofMinutes(12), MERGE, Duration.ofMinutes(8)));

        assertThat(plan.tasks()).containsExactly(WEBSITE, MERGE);
        assertThat(plan.length()).isEqualTo(Duration.ofMinutes(23));
        assertThat(plan.isEdge(WEBSITE, MERGE)).isTrue();
        assertThat(plan.isEdge(SAP, MERGE)).isFalse();
    }

    @Test
    void planFollowsTheLongestChainThroughSeveralLayers() {
        List<TaskInfo> g = List.of(info("a"), info("b"), info("c", "a"), info("d", "b"), info("e", "c", "d"));
        CriticalPath plan = CriticalPath.plan(g, Map.of("a", Duration.ofSeconds(1), "b", Duration.ofSeconds(3),
                "c", Duration.ofSeconds(1), "d", Duration.ofSeconds(1), "e", Duration.ofSeconds(2)));
        assertThat(plan.tasks()).containsExactly("b", "d", "e");
        assertThat(plan.length()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void planRejectsUnknownDependenciesAndCyclesNamingThem() {
        assertThatThrownBy(() -> CriticalPath.plan(List.of(info("merge", "ghost")), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ghost");
        assertThatThrownBy(() -> CriticalPath.plan(List.of(info("a", "b"), info("b", "a")), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle").hasMessageContaining("a");
    }

    @Test
    void recordedPathStepsToTheDependencyThatEndedLastAndCountsThePermitWait() {
        RunRecorder recorder = new RunRecorder();
        // merge waited 1 minute for an smtp permit after its inputs were ready
        new FakeRun(recorder).start("waited", seedGraph())
                .started(WEBSITE, 1, 0).started(LOGS, 1, 0).started(SAP, 1, min(2))
                .succeeded(LOGS, 1, min(5)).succeeded(WEBSITE, 1, min(15)).succeeded(SAP, 1, min(17))
                .started(MERGE, 1, min(18)).succeeded(MERGE, 1, min(26))
                .finish(RunOutcome.SUCCEEDED, min(26), null);

        CriticalPath path = recorder.record().criticalPath();

        assertThat(path.tasks()).containsExactly(SAP, MERGE);
        assertThat(path.length()).isEqualTo(Duration.ofMinutes(24));
    }

    @Test
    void runWhereNothingStartedHasAnEmptyPath() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("cancelled at once", seedGraph()).finish(RunOutcome.CANCELLED, 0, "cancelled");
        RunRecord r = recorder.record();
        assertThat(r.criticalPath()).isEqualTo(CriticalPath.EMPTY);
        assertThat(r.tasks()).allMatch(t -> t.outcome() == TaskOutcome.CANCELLED && !t.started());
    }
}
