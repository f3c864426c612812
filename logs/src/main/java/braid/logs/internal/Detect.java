package braid.logs.internal;

import java.time.ZoneOffset;
import java.util.List;

/** Picks the predefined access-log format that counts the most of a file's first lines. */
public final class Detect {
    private static final List<FormatSpec> CANDIDATES =
            List.of(FormatSpec.VHOST_COMBINED, FormatSpec.COMBINED, FormatSpec.COMMON);

    private Detect() {}

    /** The best format for these first bytes of a log; combined when nothing parses. */
    public static FormatSpec best(byte[] head) {
        FormatSpec f = bestOrNull(head);
        return f == null ? FormatSpec.COMBINED : f;
    }

    /** The predefined format that counts the most of these first bytes of a log; null when none counts a line. */
    public static @org.jspecify.annotations.Nullable FormatSpec bestOrNull(byte[] head) {
        int len = head.length;
        for (int i = len - 1; i >= 0; i--) {
            if (head[i] == '\n') {
                len = i + 1;
                break;
            }
        }
        byte[] buf = java.util.Arrays.copyOf(head, len + Scanner.SLACK); // the parser's sentinel room
        FormatSpec best = null;
        long bestCount = 0;
        for (FormatSpec f : CANDIDATES) {
            Worker w = new Worker(f, true, 0, 0, ZoneOffset.UTC);
            w.parseChunk(buf, len, 0, 0);
            // Strictly more: ties go to the earlier, more specific format.
            if (w.all.requests > bestCount) {
                best = f;
                bestCount = w.all.requests;
            }
            // Every line counted: no later candidate can count strictly more, so it cannot win. Parsing the head once
            // less is a few milliseconds of a fresh process's serial start.
            if (bestCount > 0 && bestCount == w.lines - w.ignored) break;
        }
        return best;
    }
}
