package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The outcome of a graph run: how it ended and every task's result. Immutable.
 *
 * @param runName the run's name
 * @param outcome how it ended
 * @param error   the error that ended it (the failed required task's, or the cancellation), else {@code null}
 * @param wall    wall time from start to end on the engine's clock
 * @param tasks   each task's result by name, in declaration order
 */
public record RunResult(String runName, RunOutcome outcome, @Nullable Throwable error, Duration wall, Map<String, TaskResult> tasks) {

    public RunResult {
        tasks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tasks));
    }

    /** Whether every required task succeeded. */
    public boolean succeeded() {
        return outcome == RunOutcome.SUCCEEDED;
    }

    /**
     * The result of a task that succeeded.
     *
     * @throws NoSuchElementException naming the task and why, if it did not succeed
     */
    @SuppressWarnings({"unchecked", "NullAway"}) // a succeeded task's value is of T
    public <T extends @Nullable Object> T get(TaskRef<T> ref) {
        TaskResult r = task(ref.name());
        if (r.outcome() != TaskOutcome.SUCCEEDED)
            throw new NoSuchElementException("task '" + ref.name() + "' " + r.outcome().name().toLowerCase()
                    + (r.error() != null ? ": " + Events.describe(r.error()) : ""));
        return (T) r.value();
    }

    /** The result of a task, or empty if it did not succeed. */
    @SuppressWarnings("unchecked")
    public <T extends @Nullable Object> Optional<T> optional(TaskRef<T> ref) {
        TaskResult r = task(ref.name());
        return r.outcome() == TaskOutcome.SUCCEEDED ? Optional.ofNullable((T) r.value()) : Optional.empty();
    }

    /** One task's result by name. */
    public TaskResult task(String name) {
        TaskResult r = tasks.get(name);
        if (r == null) throw new NoSuchElementException("no task named '" + name + "' in run '" + runName + "'");
        return r;
    }

    /** All task results in declaration order. */
    public Collection<TaskResult> all() {
        return tasks.values();
    }
}
