package braid.core;

import org.jspecify.annotations.Nullable;

/**
 * One item's outcome in {@link Engine#collectAll}: the value it produced, or why it did not (its failure, or the
 * reason it was cancelled).
 *
 * @param item    the input item
 * @param outcome how its task ended
 * @param value   its result when it succeeded, else null
 * @param failure why it failed or was cancelled, else null
 */
public record Collected<I, T>(I item, TaskOutcome outcome, @Nullable T value, @Nullable Throwable failure) {
    /** Whether the item's task succeeded. */
    public boolean succeeded() {
        return outcome == TaskOutcome.SUCCEEDED;
    }
}
