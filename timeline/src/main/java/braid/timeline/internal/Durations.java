package braid.timeline.internal;

import java.util.Locale;

/** Formats durations for people. Stateless and thread-safe. */
public final class Durations {
    private Durations() {}

    /**
     * A short human form: {@code 850 ns}, {@code 12 µs}, {@code 850 ms}, {@code 2.31 s}, and
     * minutes:seconds from one minute on ({@code 23:00}, {@code 1:02:03} from one hour on), rounded
     * to whole seconds there because milliseconds are noise at that scale.
     */
    public static String human(long nanos) {
        if (nanos < 0) {
            return "-" + human(-nanos);
        }
        if (nanos < 1_000) {
            return nanos + " ns";
        }
        if (nanos < 1_000_000) {
            return nanos / 1_000 + " µs";
        }
        if (nanos < 1_000_000_000) {
            return nanos / 1_000_000 + " ms";
        }
        if (nanos < 60_000_000_000L) {
            double s = nanos / 1e9;
            return String.format(Locale.ROOT, s < 10 ? "%.2f s" : "%.1f s", s);
        }
        long seconds = (nanos + 500_000_000L) / 1_000_000_000L;
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long sec = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }

    /**
     * An offset into a run for a column of start times: minutes:seconds ({@code 0:00}, {@code 0:02},
     * {@code 15:00}) when the run lasts a minute or more, so the column reads alike, else {@link #human}.
     */
    public static String offset(long nanos, long runNanos) {
        if (runNanos >= 60_000_000_000L && nanos < 60_000_000_000L) {
            long s = (nanos + 500_000_000L) / 1_000_000_000L;
            return String.format(Locale.ROOT, "0:%02d", s);
        }
        return nanos == 0 ? "0" : human(nanos);
    }

    /** An offset on a time axis: like {@link #human} but compact ({@code 0}, {@code 500ms}, {@code 2s}, {@code 5:00}). */
    public static String tick(long nanos) {
        if (nanos == 0) {
            return "0";
        }
        if (nanos < 1_000_000) {
            return nanos / 1_000 + "µs";
        }
        if (nanos < 1_000_000_000) {
            return nanos / 1_000_000 + "ms";
        }
        if (nanos < 60_000_000_000L) {
            double s = nanos / 1e9;
            return s == Math.rint(s) ? (long) s + "s" : String.format(Locale.ROOT, "%.1fs", s);
        }
        return human(nanos);
    }

    /** A pleasant axis step (1, 2, 5 × a power of ten, or whole minutes) giving about {@code ticks} ticks. */
    public static long tickStep(long spanNanos, int ticks) {
        long raw = Math.max(1, spanNanos / Math.max(1, ticks));
        long[] minuteSteps = {60_000_000_000L, 120_000_000_000L, 300_000_000_000L, 600_000_000_000L,
                900_000_000_000L, 1_800_000_000_000L, 3_600_000_000_000L};
        if (raw >= 45_000_000_000L) {
            for (long step : minuteSteps) {
                if (step >= raw) {
                    return step;
                }
            }
            long hours = (raw + 3_599_999_999_999L) / 3_600_000_000_000L;
            return hours * 3_600_000_000_000L;
        }
        long pow = 1;
        while (pow * 10 <= raw) {
            pow *= 10;
        }
        for (long m : new long[]{1, 2, 5, 10}) {
            if (m * pow >= raw) {
                long step = m * pow;
                // Between 10 s and a minute, steps of 10/15/30 s read better than 20/50.
                if (step == 20_000_000_000L) {
                    return 15_000_000_000L;
                }
                if (step == 50_000_000_000L) {
                    return 30_000_000_000L;
                }
                return step;
            }
        }
        return 10 * pow;
    }
}
