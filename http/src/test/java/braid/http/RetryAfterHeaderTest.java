package braid.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class RetryAfterHeaderTest {
    // RFC 9110's example date, 08:49:37 GMT on 6 November 1994; "now" is 37 s before it
    private static final InstantSource NOW = InstantSource.fixed(Instant.parse("1994-11-06T08:49:00Z"));

    @Test
    void secondsAndTheThreeDateFormsOfRfc9110() {
        assertThat(RetryAfterHeader.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(RetryAfterHeader.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfterHeader.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(Duration.ofSeconds(37));
        assertThat(RetryAfterHeader.parse("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).isEqualTo(Duration.ofSeconds(37));
        assertThat(RetryAfterHeader.parse("Sun Nov  6 08:49:37 1994", NOW)).isEqualTo(Duration.ofSeconds(37));
    }

    @Test
    void aDateInThePastIsZeroAndAHugeValueIsCappedAtADay() {
        assertThat(RetryAfterHeader.parse("Sat, 05 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfterHeader.parse("99999999999999999999999", NOW)).isEqualTo(RetryAfterHeader.MAX);
        assertThat(RetryAfterHeader.parse("864000", NOW)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void somethingElseIsNoRetryAfter() {
        assertThat(RetryAfterHeader.parse(null, NOW)).isNull();
        assertThat(RetryAfterHeader.parse("", NOW)).isNull();
        assertThat(RetryAfterHeader.parse("-5", NOW)).isNull();
        assertThat(RetryAfterHeader.parse("soon", NOW)).isNull();
        assertThat(RetryAfterHeader.parse("1.5", NOW)).isNull();
    }
}
