package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.Optional;

/** A task forked in a {@link Scope}; a handle on its result. Thread-safe. */
public interface Fork<T extends @Nullable Object> {

    /** The task's name. */
    String name();

    /**
     * Waits for the task and returns its result.
     *
     * @throws TaskFailedException  if it failed, was cancelled or skipped ({@code getCause()} says why)
     * @throws InterruptedException if the waiting thread was interrupted (cancelled)
     */
    T join() throws TaskFailedException, InterruptedException;

    /** Waits for the task; its result, or empty if it did not succeed. */
    Optional<T> joinOptional() throws InterruptedException;

    /** Whether the task has ended (in any way). */
    boolean isDone();
}
