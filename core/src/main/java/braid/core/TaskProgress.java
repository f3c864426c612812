package braid.core;

/**
 * How far a running task got, as it reported through {@link TaskContext#progress}.
 *
 * @param task    the task's name
 * @param done    units done so far
 * @param total   units in all, or -1 when unknown
 * @param unit    what is counted ("bytes", "pages", "e-mails")
 * @param atNanos when, in nanoseconds since the run started, on the engine's clock
 */
public record TaskProgress(String task, long done, long total, String unit, long atNanos) {}
