package braid.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphValidationTest {

    @Test
    void cycleIsRejectedNamingTheTasks() {
        Graph.Builder g = Graph.builder();
        g.add("a", Policy.DEFAULT, List.of(TaskRef.named("c")), (ctx, in) -> 1);
        g.add("b", Policy.DEFAULT, List.of(TaskRef.named("a")), (ctx, in) -> 1);
        g.add("c", Policy.DEFAULT, List.of(TaskRef.named("b")), (ctx, in) -> 1);
        assertThatThrownBy(g::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle").hasMessageContaining("a").hasMessageContaining("b").hasMessageContaining("c");
    }

    @Test
    void unknownDependencyIsRejected() {
        Graph.Builder g = Graph.builder();
        g.add("send", Policy.DEFAULT, List.of(TaskRef.named("sap")), (ctx, in) -> 1);
        assertThatThrownBy(g::build).hasMessage("task 'send' depends on unknown task 'sap'");
    }

    @Test
    void duplicateNameIsRejected() {
        Graph.Builder g = Graph.builder();
        g.add("fetch", ctx -> 1);
        g.add("fetch", ctx -> 2);
        assertThatThrownBy(g::build).hasMessage("duplicate task name 'fetch'");
    }

    @Test
    void selfDependencyIsRejected() {
        Graph.Builder g = Graph.builder();
        g.add("loop", Policy.DEFAULT, List.of(TaskRef.named("loop")), (ctx, in) -> 1);
        assertThatThrownBy(g::build).hasMessage("task 'loop' depends on itself");
    }

    @Test
    void negativeTimeoutAndBadRetriesAreRejectedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Policy.DEFAULT.withTimeout(Duration.ofSeconds(-1))).hasMessageContaining("timeout must be positive");
        assertThatThrownBy(() -> Retry.exponential(0, Duration.ofSeconds(1))).hasMessageContaining("maxAttempts must be >= 1");
        assertThatThrownBy(() -> Retry.exponential(2, Duration.ofSeconds(-1))).hasMessageContaining("initialDelay");
    }

    @Test
    void taskNeedingAnUnconfiguredResourceIsRejectedAtStart() {
        Graph.Builder g = Graph.builder();
        g.add("page", Policy.DEFAULT.withLimit("sap"), ctx -> 1);
        Graph graph = g.build();
        assertThatThrownBy(() -> Engine.create().run(graph)).hasMessageContaining("task 'page' needs resource 'sap'");
    }
}
