package braid.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Durations as people write them in braid's configuration files and options: {@code 500ms}, {@code 30s}, {@code 10m},
 * {@code 2h}, {@code 14d}, compound {@code 1h30m}, or ISO-8601 ({@code PT30S}, {@code P14D}). The one parser behind
 * braid.yaml, the {@code health:} section and the command line's DURATION options; each says in its own words what it
 * expected.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    /** The duration {@code text} means, or null when it is malformed or negative (zero is allowed). */
    public static @Nullable Duration parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) return null;
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
            try {
                Duration d = Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
                return d.isNegative() ? null : d;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        t = t.toLowerCase(java.util.Locale.ROOT); // 30S reads as 30s
        Matcher m = PART.matcher(t);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < t.length()) {
            if (!m.find(at) || m.start() != at) return null;
            try {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
            at = m.end();
        }
        return total;
    }
}
