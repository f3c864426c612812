package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/** Small formatting helpers shared by the engine's messages. */
final class Events {
    private Events() {}

    private static final java.util.regex.Pattern QUERY =
            java.util.regex.Pattern.compile("(https?://[^\\s?\"'()]+)\\?[^\\s\"')]*");

    /**
     * A failure in words, for people: the root cause's own message (the engine's "task 'x' failed" wrappers are
     * skipped), no Java class name where a message says it (the class name only when there is none), common JDK
     * failures in words, URLs without their query, one line.
     */
    static @Nullable String describeOrNull(@Nullable Throwable t) {
        return t == null ? null : describe(t);
    }

    static String describe(Throwable t) {
        Throwable c = t;
        while ((c instanceof TaskFailedException || c instanceof RunFailedException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        String line = switch (c) {
            case java.nio.file.NoSuchFileException e -> "no such file: " + e.getFile();
            case java.nio.file.AccessDeniedException e -> "permission denied: " + e.getFile();
            case java.nio.file.FileSystemException e when e.getReason() != null ->
                    (e.getFile() == null ? "" : e.getFile() + ": ") + e.getReason();
            case java.net.UnknownHostException e -> "cannot resolve host " + (m == null ? "" : m);
            // "Input length = 1", the JDK's words for a byte that is not UTF-8 (a binary file, a Latin-1 one)
            case java.nio.charset.CharacterCodingException e -> "not UTF-8 text (a binary file, or another encoding)";
            case java.net.ConnectException e when m == null || m.isBlank() -> "connection refused";
            case InterruptedException e -> "interrupted";
            default -> m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
        };
        return QUERY.matcher(line.strip().replace('\n', ' ').replace('\r', ' ')).replaceAll("$1");
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        if (ms < 3_600_000) return String.format(java.util.Locale.ROOT, "%d:%02d min", ms / 60_000, (ms / 1000) % 60);
        // an hour and more: "2 h", "1 h 15 min", "3 d 4 h" (not "75:50 min"; seconds no longer matter)
        long minutes = ms / 60_000;
        if (minutes < 24 * 60) return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
        long hours = minutes / 60;
        return hours / 24 + " d" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }
}
