package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hours missing inside the report day: a gap between busy hours, not a quiet night. */
class CoverageTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Duration HOUR = Duration.ofHours(1);

    /** A day with lines of the days before and after, its requests from 00:00:05 to 23:59:50 local time. */
    private static Coverage wholeDay(LocalDate day) {
        return new Coverage(day.atTime(0, 0, 5).atZone(BERLIN).toInstant(), day.atTime(23, 59, 50).atZone(BERLIN).toInstant(), 10, 10);
    }

    private static List<Long> hours(long each, int... empty) {
        List<Long> h = new ArrayList<>(java.util.Collections.nCopies(24, each));
        for (int e : empty) h.set(e, 0L);
        return h;
    }

    @Test
    void anHourWithoutRequestsBetweenBusyHoursIsAGap() {
        LocalDate day = LocalDate.of(2026, 11, 23);
        assertThat(wholeDay(day).gap(day, BERLIN, HOUR, hours(1200, 10))).contains("nothing from 10:00 to 11:00 (an hour "
                + "without a request between hours of 1,200 and 1,200 requests: a log file missing, or the site down)");
        assertThat(wholeDay(day).gap(day, BERLIN, HOUR, hours(500, 3, 4, 5, 14))).contains("nothing from 03:00 to 06:00 "
                + "(3 hours without a request between hours of 500 and 500 requests: a log file missing, or the site down)"
                + " and nothing from 14:00 to 15:00 (an hour without a request between hours of 500 and 500 requests: a log "
                + "file missing, or the site down)");
        assertThat(wholeDay(day).gap(day, BERLIN, HOUR, hours(1200))).isEmpty();
    }

    @Test
    void aQuietHourOfASmallSiteOrAShortOneUnderALargerMaxGapIsNot() {
        LocalDate day = LocalDate.of(2026, 11, 23);
        // a site of 5 requests an hour may well have none in one
        assertThat(wholeDay(day).gap(day, BERLIN, HOUR, hours(5, 3))).isEmpty();
        List<Long> night = hours(400, 3);
        night.set(2, 12L); // busy on one side only
        assertThat(wholeDay(day).gap(day, BERLIN, HOUR, night)).isEmpty();
        // logs.maxGap 2h: one empty hour is allowed, two are not
        assertThat(wholeDay(day).gap(day, BERLIN, Duration.ofHours(2), hours(1200, 10))).isEmpty();
        assertThat(wholeDay(day).gap(day, BERLIN, Duration.ofHours(2), hours(1200, 10, 11))).hasValueSatisfying(
                g -> assertThat(g).startsWith("nothing from 10:00 to 12:00 (2 hours without a request"));
    }

    @Test
    void theHourSummerTimeSkipsIsNoGapButAnEmptyHourBesideItIs() {
        LocalDate spring = LocalDate.of(2026, 3, 29); // 02:00-03:00 does not exist in Berlin
        assertThat(wholeDay(spring).gap(spring, BERLIN, HOUR, hours(300, 2))).isEmpty();
        assertThat(wholeDay(spring).gap(spring, BERLIN, HOUR, hours(300, 2, 3))).contains("nothing from 03:00 to 04:00 (an "
                + "hour without a request between hours of 300 and 300 requests: a log file missing, or the site down)");
    }

    @Test
    void theEndsAreToldFirst() {
        LocalDate day = LocalDate.of(2026, 11, 23);
        Coverage eveningMissing = new Coverage(day.atTime(0, 0, 5).atZone(BERLIN).toInstant(),
                day.atTime(17, 59, 0).atZone(BERLIN).toInstant(), 10, 0);
        assertThat(eveningMissing.gap(day, BERLIN, HOUR, hours(900, 9, 18, 19, 20, 21, 22, 23))).hasValueSatisfying(g ->
                assertThat(g).startsWith("nothing after 17:59:00 (no line of the day after) and nothing from 09:00 to 10:00"));
        assertThat(new Coverage(null, null, 0, 0).gap(day, BERLIN, HOUR, hours(0))).contains("the files hold no request of " + day);
    }
}
