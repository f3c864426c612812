package braid.core;

import org.jspecify.annotations.Nullable;

/**
 * How one task of a graph run ended.
 *
 * @param name       the task's name
 * @param outcome    how it ended
 * @param value      its result if it succeeded, else {@code null}
 * @param error      its last error if it failed, or why it was cancelled or skipped; else {@code null}
 * @param attempts   attempts started
 * @param startNanos first start, in nanoseconds since the run started (-1 if it never started)
 * @param endNanos   end, in nanoseconds since the run started
 */
public record TaskResult(String name, TaskOutcome outcome, @Nullable Object value, @Nullable Throwable error, int attempts,
                         long startNanos, long endNanos) {}
