package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.DailyJob;
import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.SapStandIn;
import braid.sandbox.SapStandIn.Fault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAP misbehaving under the whole daily run: transient faults are retried and the run sends to
 * everyone once; faults that make the client list untrustworthy fail the run (exit 1) before a
 * single e-mail goes out, naming what was wrong. The connector-level detail is in
 * braid.sap.ReliabilityTest.
 */
class SapFaultsReportTest {
    @TempDir
    Path dir;
    Harness h;

    @BeforeEach
    void start() throws Exception {
        h = Harness.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    private ReportRun.Outcome runAgainst(SapStandIn.Builder sap) throws Exception {
        try (SapStandIn s = sap.start()) {
            // a short per-request timeout so the stalled body of SLOW_BODY is given up quickly
            Path cfg = h.config("sap.yaml", t -> t.replace(h.env.sap().serviceRoot().toString(), s.serviceRoot().toString())
                    .replace("timeout: 20s", "timeout: 2s"));
            return h.run(cfg, ReportOptions.DEFAULT);
        }
    }

    private void assertEveryoneGotOneMessage(ReportRun.Outcome o) throws Exception {
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        Map<String, Long> got = h.receivedPerRecipient();
        assertThat(got).hasSize(Harness.MAILABLE).allSatisfy((who, n) -> assertThat(n).as(who).isEqualTo(1));
    }

    private void assertFailedBeforeSending(ReportRun.Outcome o, String... why) throws Exception {
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.FAILED);
        assertThat(h.output()).contains("FAILED  " + DailyJob.SAP).contains("nothing was sent").contains(why);
        assertThat(h.env.smtp().list()).isEmpty();
    }

    @Test
    void tooManyRequestsWithRetryAfterIsRetriedAndEveryoneGetsOneMessage() throws Exception {
        assertEveryoneGotOneMessage(runAgainst(Harness.sapLikeTheDemo().faultOnce(Fault.TOO_MANY_REQUESTS, 2).retryAfter(Duration.ofSeconds(1))));
    }

    @Test
    void serviceUnavailableWithRetryAfterIsRetriedAndEveryoneGetsOneMessage() throws Exception {
        assertEveryoneGotOneMessage(runAgainst(Harness.sapLikeTheDemo().faultOnce(Fault.SERVICE_UNAVAILABLE, 1).retryAfter(Duration.ofSeconds(1))));
    }

    @Test
    void timeoutMidPageIsRetriedAndEveryoneGetsOneMessage() throws Exception {
        assertEveryoneGotOneMessage(runAgainst(Harness.sapLikeTheDemo().faultOnce(Fault.SLOW_BODY, 2)));
    }

    @Test
    void droppedConnectionIsRetriedAndEveryoneGetsOneMessage() throws Exception {
        assertEveryoneGotOneMessage(runAgainst(Harness.sapLikeTheDemo().faultOnce(Fault.DROP_CONNECTION, 2)));
    }

    @Test
    void serviceUnavailableOnEveryAttemptFailsTheRunNamingTheStatus() throws Exception {
        assertFailedBeforeSending(runAgainst(Harness.sapLikeTheDemo().faultEvery(Fault.SERVICE_UNAVAILABLE, 1).retryAfter(Duration.ofSeconds(1))), "503");
    }

    @Test
    void malformedJsonFailsTheRunAndNothingIsSent() throws Exception {
        assertFailedBeforeSending(runAgainst(Harness.sapLikeTheDemo().faultOnce(Fault.MALFORMED_JSON, 2)), "not the expected OData JSON");
    }

    @Test
    void htmlLoginPageFailsTheRunAsALoginPageAndNothingIsSent() throws Exception {
        assertFailedBeforeSending(runAgainst(Harness.sapLikeTheDemo().faultEvery(Fault.HTML_LOGIN_PAGE, 1)), "login page");
    }

    @Test
    void nextLoopingBackFailsTheRunAndNothingIsSent() throws Exception {
        assertFailedBeforeSending(runAgainst(Harness.sapLikeTheDemo().fault(Fault.NEXT_LOOPS_BACK, r -> r >= 2)), "__next loops back");
    }

    @Test
    void countDisagreeingWithThePagesFailsTheRunAndNothingIsSent() throws Exception {
        assertFailedBeforeSending(runAgainst(Harness.sapLikeTheDemo().faultEvery(Fault.COUNT_TOO_HIGH, 1).countSurplus(7)), "__count");
    }

    @Test
    void aWrongPasswordIsOneSummaryLineInWordsWithoutClassNamesOrQuery() throws Exception {
        ReportRun.Outcome o = runAgainst(SapStandIn.builder().partners(braid.sandbox.DemoData.partners()).pageSize(10)
                .basicAuth(braid.sandbox.DemoEnvironment.SAP_USER, "another-password-1").sapClient("100"));
        assertFailedBeforeSending(o, "SAP at 127.0.0.1:", "refused the credentials", "HTTP 401");
        java.util.List<String> sapLines = h.output().lines().filter(l -> l.startsWith("  FAILED  ")).toList();
        assertThat(sapLines).as(h.output()).hasSize(1);
        assertThat(sapLines.getFirst()).doesNotContain("Exception", "$select", "?").contains("/A_BusinessPartner");
    }
}
