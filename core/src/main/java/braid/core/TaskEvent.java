package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * One state change of a task.
 *
 * @param task       the task's name
 * @param parent     the task that forked this one from its context, or {@code null}
 * @param kind       what happened
 * @param attempt    the attempt this event belongs to (1-based; 0 for SCHEDULED and SKIPPED)
 * @param atNanos    when, in nanoseconds since the run started, on the engine's clock
 * @param retryDelay for {@link Kind#RETRYING}: the backoff before the next attempt; else {@code null}
 * @param error      for ATTEMPT_FAILED, FAILED, CANCELLED and SKIPPED: a one-line description
 *                   ({@code "ExceptionType: message"} or the reason); else {@code null}
 * @param id         the task's identity within the run ("1.3.7": its place in the fork tree). Names need not be
 *                   unique (a hundred forks may all be called "fetch"); the id is
 * @param parentId   the id of the task that forked this one, or {@code null}
 */
public record TaskEvent(String task, @Nullable String parent, Kind kind, int attempt, long atNanos,
                        @Nullable Duration retryDelay, @Nullable String error, String id, @Nullable String parentId) {

    /** An event whose task is identified by its name (for tasks whose names are unique, as in a graph). */
    public TaskEvent(String task, @Nullable String parent, Kind kind, int attempt, long atNanos,
                     @Nullable Duration retryDelay, @Nullable String error) {
        this(task, parent, kind, attempt, atNanos, retryDelay, error, task, parent);
    }

    /** The kinds of task events, in the order they can happen. */
    public enum Kind {
        /** Known to the run; waiting for its inputs or a permit. */
        SCHEDULED,
        /** An attempt started (emitted once per attempt). */
        STARTED,
        /** An attempt threw; a RETRYING or FAILED follows. */
        ATTEMPT_FAILED,
        /** Another attempt will start after {@code retryDelay}. */
        RETRYING,
        /** Finished with a result. Terminal. */
        SUCCEEDED,
        /** Finished with an error after its last attempt. Terminal. */
        FAILED,
        /** Stopped because the run was cancelled, failed or ran out of time. Terminal. */
        CANCELLED,
        /** Never started because an input it needed is absent. Terminal. */
        SKIPPED;

        /** Whether no further event follows for the task. */
        public boolean isTerminal() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == SKIPPED;
        }
    }
}
