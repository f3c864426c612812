package braid.logs;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * How much of the report day a set of log files covers. A file set holds the whole day when it also has lines of the
 * day before and of the day after (the web server was logging on both sides); where it has none of one side, only
 * the first (or last) request of the day shows how far the files reach, and a gap from the day's start (or to its
 * end) longer than an allowed gap means part of the day is missing: a backfill whose logs were rotated away, a log
 * hour lost. Inside the day, hours without a request between busy hours tell the same (with the hours' counts).
 *
 * @param firstRequest the earliest request of the day, or null when the day has none
 * @param lastRequest  the latest request of the day, or null when the day has none
 * @param linesBefore  well-formed lines of earlier days
 * @param linesAfter   well-formed lines of later days
 */
public record Coverage(@Nullable Instant firstRequest, @Nullable Instant lastRequest, long linesBefore, long linesAfter) {

    /**
     * Requests an hour on both sides of a run of hours without any, from which on the run is a gap in the files and not
     * a quiet night: at 30 an hour, an hour without a request has a chance of e^-30 (about 1e-13).
     */
    public static final long BUSY_HOUR = 30;

    /**
     * What the files miss of {@code day} in {@code zone} beyond {@code maxGap}, in words; empty when nothing: at the
     * day's start or end ({@link #gap(LocalDate, ZoneId, Duration)}), and inside it, hours without a request between
     * two hours of at least {@link #BUSY_HOUR} requests, as many hours as {@code maxGap} or more (a rotated file or an
     * hour's file missing; or the site was down, which the operator knows).
     *
     * @param requestsPerHour the day's requests per hour of the day in {@code zone} (24 values, as
     *                        {@link SiteFigures#requestsPerHour()})
     */
    public Optional<String> gap(LocalDate day, ZoneId zone, Duration maxGap, java.util.List<Long> requestsPerHour) {
        Optional<String> ends = gap(day, zone, maxGap);
        Optional<String> inside = insideGap(day, zone, maxGap, requestsPerHour);
        if (ends.isEmpty()) return inside;
        return inside.isEmpty() ? ends : Optional.of(ends.get() + " and " + inside.get());
    }

    private Optional<String> insideGap(LocalDate day, ZoneId zone, Duration maxGap, java.util.List<Long> perHour) {
        if (firstRequest == null || lastRequest == null || perHour.size() != 24) return Optional.empty();
        int from = firstRequest.atZone(zone).getHour();
        int to = lastRequest.atZone(zone).getHour();
        boolean[] skipped = new boolean[24]; // the hour summer time skips: no requests, and no neighbour either
        for (int h = 0; h < 24; h++) skipped[h] = zone.getRules().getValidOffsets(day.atTime(h, 0)).isEmpty();
        java.util.List<String> runs = new java.util.ArrayList<>();
        long before = perHour.get(from); // the requests of the last hour that had any
        int h = from + 1;
        while (h < to) {
            if (skipped[h]) {
                h++;
            } else if (perHour.get(h) != 0) {
                before = perHour.get(h++);
            } else {
                int start = h;
                int hours = 0;
                for (; h < to && (skipped[h] || perHour.get(h) == 0); h++) {
                    if (!skipped[h]) hours++;
                }
                long after = perHour.get(h);
                if (hours * 3600L >= maxGap.toSeconds() && before >= BUSY_HOUR && after >= BUSY_HOUR) {
                    runs.add(String.format(java.util.Locale.ROOT, "nothing from %02d:00 to %02d:00 (%s without a request "
                            + "between hours of %,d and %,d requests: a log file missing, or the site down)", start, h,
                            hours == 1 ? "an hour" : hours + " hours", before, after));
                }
            }
        }
        return runs.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", runs));
    }

    /** What the files miss of {@code day} in {@code zone} beyond {@code maxGap} at its start or end, in words. */
    public Optional<String> gap(LocalDate day, ZoneId zone, Duration maxGap) {
        ZonedDateTime start = day.atStartOfDay(zone);
        ZonedDateTime end = day.plusDays(1).atStartOfDay(zone);
        if (firstRequest == null || lastRequest == null) { // both or neither
            return Optional.of("the files hold no request of " + day);
        }
        StringBuilder b = new StringBuilder();
        if (linesBefore == 0 && Duration.between(start.toInstant(), firstRequest).compareTo(maxGap) > 0) {
            b.append("nothing before ").append(time(firstRequest, zone)).append(" (no line of the day before)");
        }
        if (linesAfter == 0 && Duration.between(lastRequest, end.toInstant()).compareTo(maxGap) > 0) {
            if (!b.isEmpty()) {
                b.append(" and ");
            }
            b.append("nothing after ").append(time(lastRequest, zone)).append(" (no line of the day after)");
        }
        return b.isEmpty() ? Optional.empty() : Optional.of(b.toString());
    }

    /** The span of the day's requests, e.g. {@code 00:00:03–23:59:58 Europe/Berlin}, or "no request". */
    public String span(ZoneId zone) {
        if (firstRequest == null || lastRequest == null) {
            return "no request";
        }
        return time(firstRequest, zone) + "–" + time(lastRequest, zone) + " " + zone.getId();
    }

    private static String time(Instant t, ZoneId zone) {
        return DateTimeFormatter.ofPattern("HH:mm:ss").format(t.atZone(zone));
    }
}
