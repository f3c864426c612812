package braid.core;

import java.time.Duration;

/** Small formatting helpers shared by the engine's messages. */
final class Events {
    private Events() {}

    static String describe(Throwable t) {
        if (t == null) return null;
        String m = t.getMessage();
        String type = t.getClass().getSimpleName();
        if (m == null || m.isBlank()) return type;
        String line = m.strip().replace('\n', ' ').replace('\r', ' ');
        return type + ": " + line;
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) return ms + " ms";
        if (ms < 60_000) return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        return String.format(java.util.Locale.ROOT, "%d:%02d min", ms / 60_000, (ms / 1000) % 60);
    }
}
