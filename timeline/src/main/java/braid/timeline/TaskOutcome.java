package braid.timeline;

/** How a task of a recorded run ended. */
public enum TaskOutcome {
    /** Finished with a result. */
    SUCCEEDED,
    /** Finished with an error after its last attempt. */
    FAILED,
    /** Stopped (or never started) because the run was cancelled, failed or ran out of time. */
    CANCELLED,
    /** Never started because an input it needed was absent (or the run ended without needing it). */
    SKIPPED
}
