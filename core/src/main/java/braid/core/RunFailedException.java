package braid.core;

import org.jspecify.annotations.Nullable;

/** A run did not succeed: a required task failed, the deadline passed, or it was cancelled. */
public class RunFailedException extends RuntimeException {
    private final RunOutcome outcome;

    public RunFailedException(String message, RunOutcome outcome, @Nullable Throwable cause) {
        super(message, cause);
        this.outcome = outcome;
    }

    /** How the run ended. */
    public RunOutcome outcome() {
        return outcome;
    }
}
