package braid.core;

import org.jspecify.annotations.Nullable;

/**
 * The end of a run.
 *
 * @param outcome how it ended
 * @param atNanos when, in nanoseconds since the run started, on the engine's clock
 * @param error   why it did not succeed (one line), or {@code null}
 */
public record RunEnd(RunOutcome outcome, long atNanos, @Nullable String error) {}
