package braid.core;

/** Failures in words, for people: what the engine prints, records and puts into its own exception messages. */
public final class Failures {
    private Failures() {}

    /**
     * The root cause of {@code t} in one line: the engine's wrappers ({@link TaskFailedException},
     * {@link RunFailedException}, ExecutionException) skipped, the cause's own message without its Java class name
     * (the class only when there is no message; common JDK failures in words), URLs without their query.
     */
    public static String inWords(Throwable t) {
        return t == null ? "(no detail)" : Events.describe(t);
    }
}
