package braid.core;

import org.jspecify.annotations.Nullable;

/** A task did not succeed; {@link #getCause()} is its last error (or a CancellationException). */
public class TaskFailedException extends Exception {
    private final String task;

    public TaskFailedException(String task, @Nullable Throwable cause) {
        super("task '" + task + "' " + describe(cause), cause);
        this.task = task;
    }

    static String describe(@Nullable Throwable cause) {
        if (cause instanceof java.util.concurrent.CancellationException c) return java.util.Objects.requireNonNullElse(c.getMessage(), "cancelled");
        return "failed: " + Failures.inWords(cause);
    }

    /** The name of the task. */
    public String task() {
        return task;
    }
}
