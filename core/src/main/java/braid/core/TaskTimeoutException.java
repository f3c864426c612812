package braid.core;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** An attempt of a task ran past its policy's timeout and was interrupted. */
public class TaskTimeoutException extends TimeoutException {
    private final String task;
    private final Duration timeout;

    public TaskTimeoutException(String task, Duration timeout) {
        super("task '" + task + "' timed out after " + Events.human(timeout));
        this.task = task;
        this.timeout = timeout;
    }

    public String task() {
        return task;
    }

    public Duration timeout() {
        return timeout;
    }
}
