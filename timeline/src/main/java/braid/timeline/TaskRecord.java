package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.TaskOutcome;
import java.util.List;
import java.util.Objects;

/**
 * What one task of a run did: its place in the graph, when it ran, how often and how it ended.
 *
 * <p>Times are nanoseconds since the run started on the engine's clock; a task that never started
 * has {@link #NOT_STARTED} as both start and end. {@link #attempts()} is empty when the task ran at
 * most once (its single attempt is the task's own start, end and error; see {@link #attemptsOrSingle()}).
 * Instances are immutable and thread-safe.
 *
 * @param name       unique name of the task within its run
 * @param parent     the task that forked it from its context, or {@code null} for a top-level task
 * @param dependsOn  names of the tasks whose results it gathered, in declared order
 * @param required   whether its failure fails the run
 * @param limits     names of the resources it held a permit of
 * @param outcome    how it ended
 * @param startNanos start of its first attempt, or {@link #NOT_STARTED}
 * @param endNanos   when it reached its outcome, or {@link #NOT_STARTED} when it never started
 * @param attempts   every attempt when there were two or more, else empty
 * @param error      one-line reason for FAILED, CANCELLED or SKIPPED, else {@code null}
 */
public record TaskRecord(String name, @Nullable String parent, List<String> dependsOn, boolean required,
                         List<String> limits, TaskOutcome outcome, long startNanos, long endNanos,
                         List<Attempt> attempts, @Nullable String error) {

    /** The start and end of a task that never started. */
    public static final long NOT_STARTED = -1;

    public TaskRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        dependsOn = List.copyOf(dependsOn);
        limits = List.copyOf(limits);
        attempts = List.copyOf(attempts);
        if ((startNanos < 0) != (endNanos < 0)) {
            throw new IllegalArgumentException("task " + name + ": start " + startNanos + " and end "
                    + endNanos + " must both be set or both be NOT_STARTED");
        }
        if (startNanos >= 0 && endNanos < startNanos) {
            throw new IllegalArgumentException("task " + name + ": end " + endNanos + " before start " + startNanos);
        }
    }

    /** One attempt of a task: when it ran and why it failed ({@code null} error when it succeeded). */
    public record Attempt(long startNanos, long endNanos, @Nullable String error) {
        public Attempt {
            if (startNanos < 0 || endNanos < startNanos) {
                throw new IllegalArgumentException("attempt from " + startNanos + " to " + endNanos);
            }
        }

        /** How long the attempt ran. */
        public long durationNanos() {
            return endNanos - startNanos;
        }
    }

    /** Whether the task ever started (and so has a start and an end). */
    public boolean started() {
        return startNanos >= 0;
    }

    /** How long the task took from its first start to its outcome, 0 when it never started. */
    public long durationNanos() {
        return started() ? endNanos - startNanos : 0;
    }

    /** Whether the task was forked by another task (the scope form's child). */
    public boolean hasParent() {
        return parent != null;
    }

    /**
     * Every attempt, including the single one that {@link #attempts()} leaves out; empty when the task
     * never started.
     */
    public List<Attempt> attemptsOrSingle() {
        if (!attempts.isEmpty() || !started()) {
            return attempts;
        }
        return List.of(new Attempt(startNanos, endNanos, outcome == TaskOutcome.SUCCEEDED ? null : error));
    }

    /** The number of attempts that started (0, 1 or more). */
    public int attemptCount() {
        return attempts.isEmpty() ? (started() ? 1 : 0) : attempts.size();
    }
}
