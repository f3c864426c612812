package braid.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Retry-After} header (RFC 9110, section 10.2.3): delta-seconds or an HTTP-date. The date is read in all
 * three forms a recipient must accept (section 5.6.7): IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), the obsolete
 * RFC 850 form ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6 08:49:37 1994").
 */
public final class RetryAfterHeader {
    private RetryAfterHeader() {}

    /** The longest wait braid accepts from a server (a day): a larger value is taken as this. */
    public static final Duration MAX = Duration.ofDays(1);

    // The day names are skipped (only checked for form): with a two-digit year the JDK's resolver would otherwise
    // check "Sunday" against 2094-11-06 before we could move the year back a century.
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    /**
     * How long {@code value} asks to wait, measured from {@code clock}'s now; zero for a date in the past; null when
     * the value is absent or not a Retry-After at all (then the caller's own backoff applies).
     */
    public static @Nullable Duration parse(@Nullable String value, InstantSource clock) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return min(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return MAX; // more digits than a long: "very long"
            }
        }
        Instant at = date(v);
        if (at == null) return null;
        Duration d = Duration.between(clock.instant(), at);
        return d.isNegative() ? Duration.ZERO : min(d);
    }

    /** The response's {@code Retry-After}, as {@link #parse}. */
    public static @Nullable Duration of(HttpHeaders headers, InstantSource clock) {
        return parse(headers.firstValue("Retry-After").orElse(null), clock);
    }

    private static Duration min(Duration d) {
        return d.compareTo(MAX) > 0 ? MAX : d;
    }

    private static @Nullable Instant date(String v) {
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // try the obsolete forms
        }
        if (v.matches("[A-Za-z]+day, \\d{2}-[A-Za-z]{3}-\\d{2} \\d{2}:\\d{2}:\\d{2} GMT")) {
            try {
                // two-digit years: one that seems more than 50 years ahead is in the past century (RFC 9110)
                int base = java.time.Year.now(ZoneOffset.UTC).getValue() - 49;
                DateTimeFormatter rfc850 = new java.time.format.DateTimeFormatterBuilder().appendPattern("dd-MMM-")
                        .appendValueReduced(java.time.temporal.ChronoField.YEAR, 2, 2, base)
                        .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.ROOT);
                return LocalDateTime.parse(v.substring(v.indexOf(',') + 2), rfc850).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (v.matches("[A-Za-z]{3} [A-Za-z]{3} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\d{4}")) {
            try {
                return LocalDateTime.parse(v.substring(4), ASCTIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
