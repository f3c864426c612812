package braid.logs;

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
 * hour lost.
 *
 * @param firstRequest the earliest request of the day, or null when the day has none
 * @param lastRequest  the latest request of the day, or null when the day has none
 * @param linesBefore  well-formed lines of earlier days
 * @param linesAfter   well-formed lines of later days
 */
public record Coverage(Instant firstRequest, Instant lastRequest, long linesBefore, long linesAfter) {

    /** What the files miss of {@code day} in {@code zone} beyond {@code maxGap}, in words; empty when nothing. */
    public Optional<String> gap(LocalDate day, ZoneId zone, Duration maxGap) {
        ZonedDateTime start = day.atStartOfDay(zone);
        ZonedDateTime end = day.plusDays(1).atStartOfDay(zone);
        if (firstRequest == null) {
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
        if (firstRequest == null) {
            return "no request";
        }
        return time(firstRequest, zone) + "–" + time(lastRequest, zone) + " " + zone.getId();
    }

    private static String time(Instant t, ZoneId zone) {
        return DateTimeFormatter.ofPattern("HH:mm:ss").format(t.atZone(zone));
    }
}
