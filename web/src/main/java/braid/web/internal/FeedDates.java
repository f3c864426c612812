package braid.web.internal;

import org.jspecify.annotations.Nullable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the dates found in real feeds and pages: RFC 822/1123 (RSS), RFC 3339/W3CDTF (Atom,
 * dc:date, HTML {@code time}), and their usual deviations. Stateless and thread-safe.
 *
 * <p>Hand-written because {@code DateTimeFormatter.RFC_1123_DATE_TIME} rejects most of what real
 * feeds contain: two-digit years, missing seconds or weekday, zone names like EST, lower case,
 * and localized names (UOL's "Seg, 24 Set 2018").
 */
public final class FeedDates {
    private static final Pattern RFC822 = Pattern.compile(
            "(?:[\\p{L}]{2,}\\.?(?:,\\s*|\\s+))?(\\d{1,2})[\\s-]+([\\p{L}]{3,})\\.?[\\s-]+(\\d{2,4})"
                    + "(?:[\\sT]+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:[.,]\\d+)?)?\\s*([A-Za-z]{1,5}|[+-]\\d{2}:?\\d{2})?.*");
    private static final Pattern MONTH_FIRST = Pattern.compile(
            "(?:[\\p{L}]{2,}\\.?(?:,\\s*|\\s+))?([\\p{L}]{3,})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})"
                    + "(?:[\\s,]+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?\\s*([A-Za-z]{1,5}|[+-]\\d{2}:?\\d{2})?.*");
    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[Tt\\s]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9})\\d*)?)?)?"
                    + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?");
    // English plus the Portuguese, Spanish, French, Italian and German abbreviations seen in the corpus and its kin.
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("ene", 1), Map.entry("gen", 1), Map.entry("janv", 1),
            Map.entry("feb", 2), Map.entry("fev", 2), Map.entry("fév", 2), Map.entry("févr", 2),
            Map.entry("mar", 3), Map.entry("mär", 3), Map.entry("mrz", 3),
            Map.entry("apr", 4), Map.entry("abr", 4), Map.entry("avr", 4),
            Map.entry("may", 5), Map.entry("mai", 5), Map.entry("mag", 5),
            Map.entry("jun", 6), Map.entry("jui", 6), Map.entry("giu", 6),
            Map.entry("jul", 7), Map.entry("juil", 7), Map.entry("lug", 7),
            Map.entry("aug", 8), Map.entry("ago", 8), Map.entry("aoû", 8), Map.entry("aou", 8),
            Map.entry("sep", 9), Map.entry("set", 9), Map.entry("sept", 9),
            Map.entry("oct", 10), Map.entry("out", 10), Map.entry("okt", 10), Map.entry("ott", 10),
            Map.entry("nov", 11),
            Map.entry("dec", 12), Map.entry("dez", 12), Map.entry("dic", 12), Map.entry("déc", 12));
    private static final Map<String, Integer> ZONES = Map.ofEntries(
            Map.entry("UT", 0), Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("Z", 0), Map.entry("WET", 0),
            Map.entry("EST", -5), Map.entry("EDT", -4), Map.entry("CST", -6), Map.entry("CDT", -5),
            Map.entry("MST", -7), Map.entry("MDT", -6), Map.entry("PST", -8), Map.entry("PDT", -7),
            Map.entry("BST", 1), Map.entry("CET", 1), Map.entry("MET", 1), Map.entry("CEST", 2),
            Map.entry("MEST", 2), Map.entry("EET", 2), Map.entry("EEST", 3), Map.entry("MSK", 3),
            Map.entry("JST", 9), Map.entry("AEST", 10));

    private FeedDates() {}

    /** The instant the text denotes, or null when it is not a date this parser understands. */
    public static @Nullable Instant parse(@Nullable String text) {
        if (text == null) return null;
        String s = text.strip();
        if (s.isEmpty()) return null;
        try {
            Matcher m = ISO.matcher(s);
            if (m.matches()) return iso(m);
            m = RFC822.matcher(s);
            if (m.matches()) {
                return build(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)),
                        m.group(4), m.group(5), m.group(6), null, m.group(7));
            }
            m = MONTH_FIRST.matcher(s);
            if (m.matches()) {
                return build(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)),
                        m.group(4), m.group(5), m.group(6), null, m.group(7));
            }
        } catch (DateTimeException | IllegalArgumentException e) {
            return null; // day 31 in a 30-day month, unknown month name: no date rather than a wrong one
        }
        return null;
    }

    private static @Nullable Instant iso(Matcher m) {
        return build(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                m.group(4), m.group(5), m.group(6), m.group(7), m.group(8));
    }

    private static @Nullable Instant build(int year, int month, int day, String hh, String mm, String ss, @Nullable String frac,
            String zone) {
        if (year < 100) year += year < 50 ? 2000 : 1900;
        LocalDate date = LocalDate.of(year, month, day);
        LocalDateTime time = hh == null
                ? date.atStartOfDay()
                : date.atTime(Integer.parseInt(hh), Integer.parseInt(mm), ss == null ? 0 : Integer.parseInt(ss),
                        frac == null ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9)));
        return time.toInstant(offset(zone));
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Integer m = MONTHS.get(n.length() > 4 ? n.substring(0, 4) : n);
        if (m == null) m = MONTHS.get(n.substring(0, 3));
        if (m == null) throw new IllegalArgumentException("unknown month: " + name);
        return m;
    }

    // Unknown zone names count as UTC: an error of hours is harmless for a window measured in days.
    private static ZoneOffset offset(String zone) {
        if (zone == null) return ZoneOffset.UTC;
        char c = zone.charAt(0);
        if (c == '+' || c == '-') {
            String digits = zone.substring(1).replace(":", "");
            int h = Integer.parseInt(digits.substring(0, 2));
            int min = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
            int sign = c == '-' ? -1 : 1;
            return ZoneOffset.ofHoursMinutes(sign * h, sign * min);
        }
        Integer h = ZONES.get(zone.toUpperCase(Locale.ROOT));
        return h == null ? ZoneOffset.UTC : ZoneOffset.ofHours(h);
    }
}
