package braid.core;

import java.time.Instant;
import java.util.List;

/**
 * The start of a run.
 *
 * @param runName   the name given to the run
 * @param startedAt wall-clock instant of the start, as the engine's clock sees it
 * @param graph     every task of a graph-form run, in declaration order; empty for a scope-form run,
 *                  whose tasks are announced by {@link TaskEvent.Kind#SCHEDULED} events as they are forked
 */
public record RunStart(String runName, Instant startedAt, List<TaskInfo> graph) {
    public RunStart {
        graph = List.copyOf(graph);
    }
}
