package braid.core;

/** How a run ended. */
public enum RunOutcome {
    /** Every required task succeeded (optional ones may have failed). */
    SUCCEEDED,
    /** A required task failed; the others were cancelled. */
    FAILED,
    /** The run was cancelled from outside. */
    CANCELLED,
    /** The run's deadline passed; its tasks were cancelled. */
    DEADLINE_EXCEEDED
}
