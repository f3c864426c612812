package braid.sap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** Issue 14: SAP's Retry-After date is read against the engine's clock (an InstantSource), not Instant.now(). */
class RetryAfterClockTest {
    @Test
    void anHttpDateIsMeasuredFromTheGivenClock() {
        InstantSource at = InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(SapHttp.retryAfter("Tue, 01 Jan 2030 00:00:45 GMT", at)).isEqualTo(Duration.ofSeconds(45));
        assertThat(SapHttp.retryAfter("120", at)).isEqualTo(Duration.ofSeconds(120));
        // a date in the clock's past is no wait
        assertThat(SapHttp.retryAfter("Mon, 31 Dec 2029 23:59:00 GMT", at)).isEqualTo(Duration.ZERO);
    }
}
