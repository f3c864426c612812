package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Clock;
import braid.core.Retry;
import braid.core.VirtualClock;
import braid.sandbox.SapStandIn;
import braid.sandbox.SapStandIn.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each failure is either retried to a complete list or ends in a clear {@link SapException}: never a partial
 * client list. Waits run on a virtual clock, so Retry-After of minutes costs no real time.
 */
class ReliabilityTest {

    private static SapStandIn.Builder standIn() {
        return SapStandIn.builder().generate(300, 11).pageSize(50);
    }

    @Test
    void tooManyRequestsIsRetriedAfterTheServersRetryAfter() throws Exception {
        try (SapStandIn sap = standIn().faultEvery(Fault.TOO_MANY_REQUESTS, 3).retryAfter(Duration.ofSeconds(120))
                .start()) {
            VirtualClock clock = Clock.virtual();
            ClientList list = Fetch.run(clock, Fetch.settings(sap).pageSize(50).concurrency(2).build());
            assertThat(list.fetched()).isEqualTo(300);
            // Backoff alone would be well under a second; the server asked for two minutes.
            assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(120));
        }
    }

    @Test
    void serviceUnavailableIsRetriedAfterTheServersRetryAfter() throws Exception {
        try (SapStandIn sap = standIn().faultOnce(Fault.SERVICE_UNAVAILABLE, 1).retryAfter(Duration.ofSeconds(45))
                .start()) {
            VirtualClock clock = Clock.virtual();
            ClientList list = Fetch.run(clock, Fetch.settings(sap).build());
            assertThat(list.fetched()).isEqualTo(300);
            assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(45));
        }
    }

    @Test
    void persistentUnavailabilityFailsWithStatusAndSapErrorAfterTheRetries() {
        try (SapStandIn sap = standIn().faultEvery(Fault.SERVICE_UNAVAILABLE, 1).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.status()).isEqualTo(503);
                        assertThat(e.sapCode()).isEqualTo("/IWFND/MED/203");
                        assertThat(e.isTransient()).isTrue();
                        assertThat(e.getMessage()).contains("503", "/IWFND/MED/203",
                                "Service temporarily unavailable", "GET /sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner)");
                    });
            assertThat(sap.dataRequests()).isEqualTo(SapSettings.DEFAULT_RETRY.maxAttempts());
        }
    }

    @Test
    void aTimeoutMidPageIsRetried() throws Exception {
        try (SapStandIn sap = standIn().faultOnce(Fault.SLOW_BODY, 2).start()) {
            long start = System.nanoTime();
            ClientList list = Fetch.run(Clock.virtual(), Fetch.settings(sap)
                    .pageTimeout(Duration.ofMillis(500)).build());
            assertThat(list.fetched()).isEqualTo(300);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void aTimeoutMidPageOnEveryAttemptFailsAsATimeout() {
        try (SapStandIn sap = standIn().fault(Fault.SLOW_BODY, r -> r >= 2).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).concurrency(1)
                    .pageTimeout(Duration.ofMillis(300))
                    .retry(SapSettings.DEFAULT_RETRY.withMaxDelay(Duration.ofMillis(10))).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SapException.Kind.TIMEOUT);
                        assertThat(e.getMessage()).contains("did not complete within 300 ms");
                    });
        }
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        try (SapStandIn sap = standIn().faultOnce(Fault.DROP_CONNECTION, 3).start()) {
            ClientList list = Fetch.run(Clock.virtual(), Fetch.settings(sap).build());
            assertThat(list.fetched()).isEqualTo(300);
            assertThat(sap.dataRequests()).isEqualTo(1 + 5 + 1 + 1);
        }
    }

    @Test
    void malformedJsonFailsClearlyWithoutRetrying() {
        try (SapStandIn sap = standIn().faultOnce(Fault.MALFORMED_JSON, 1).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SapException.Kind.MALFORMED);
                        assertThat(e.isTransient()).isFalse();
                        assertThat(e.getMessage()).contains("not the expected OData JSON");
                    });
            assertThat(sap.dataRequests()).isEqualTo(1);
        }
    }

    @Test
    void anHtmlLoginPageIsReportedAsSuchNotAsAParseError() {
        try (SapStandIn sap = standIn().faultEvery(Fault.HTML_LOGIN_PAGE, 1).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SapException.Kind.HTML_ANSWER);
                        assertThat(e.getMessage()).contains("HTML page titled 'Logon'", "login page");
                    });
        }
    }

    @Test
    void nextLoopingBackToAPageAlreadyReadFailsInsteadOfLoopingForever() {
        try (SapStandIn sap = standIn().fault(Fault.NEXT_LOOPS_BACK, r -> r >= 2).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SapException.Kind.INCONSISTENT);
                        assertThat(e.getMessage()).contains("__next loops back to a page already read");
                    });
        }
    }

    @Test
    void aCountThatDisagreesWithThePagesFailsInsteadOfReturningAShortList() {
        try (SapStandIn sap = standIn().faultEvery(Fault.COUNT_TOO_HIGH, 1).countSurplus(7).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SapException.Kind.INCONSISTENT);
                        assertThat(e.getMessage()).contains("__count 307", "300 distinct partners");
                    });
        }
    }

    @Test
    void aServerErrorCarriesSapsErrorCodeAndMessageAndIsNotRetried() {
        try (SapStandIn sap = standIn().faultOnce(Fault.SERVER_ERROR, 1).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.status()).isEqualTo(500);
                        assertThat(e.sapCode()).isEqualTo("/IWBEP/CM_MGW_RT/000");
                        assertThat(e.sapMessage()).contains("unknown internal server error");
                    });
            assertThat(sap.dataRequests()).isEqualTo(1);
        }
    }

    @Test
    void aRetryPolicyFromSettingsReplacesTheDefault() {
        try (SapStandIn sap = standIn().faultEvery(Fault.SERVICE_UNAVAILABLE, 1).start()) {
            assertThatThrownBy(() -> Fetch.run(Clock.virtual(), Fetch.settings(sap).retry(Retry.NONE).build()))
                    .isInstanceOf(SapException.class);
            assertThat(sap.dataRequests()).isEqualTo(1);
        }
    }
}
