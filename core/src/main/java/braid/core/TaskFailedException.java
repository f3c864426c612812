package braid.core;

/** A task did not succeed; {@link #getCause()} is its last error (or a CancellationException). */
public class TaskFailedException extends Exception {
    private final String task;

    public TaskFailedException(String task, Throwable cause) {
        super("task '" + task + "' " + describe(cause), cause);
        this.task = task;
    }

    static String describe(Throwable cause) {
        if (cause instanceof java.util.concurrent.CancellationException c) return c.getMessage();
        return "failed: " + Events.describe(cause);
    }

    /** The name of the task. */
    public String task() {
        return task;
    }
}
