package braid.core;

/** How one task ended. */
public enum TaskOutcome { SUCCEEDED, FAILED, CANCELLED, SKIPPED }
