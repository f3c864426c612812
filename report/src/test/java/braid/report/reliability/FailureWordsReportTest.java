package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.SapStandIn;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, part 1: the terminal says what failed in words: host and port, one line per root cause, no Java class
 * name and no stack trace, and every connector words "connection refused" the same way. Each case is a real
 * failure on loopback: a closed port, a host under {@code .invalid} (RFC 2606: never resolves), a wrong password.
 */
class FailureWordsReportTest {
    /** A Java class name as people would see it: "java.net.", "SomethingException", "Exception:". */
    private static final Pattern JAVA = Pattern.compile("java\\.[a-z]+\\.|\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\tat ");

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

    /** A loopback port nothing listens on (bound, then closed). */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private ReportRun.Outcome run(Path cfg) throws Exception {
        // Retry backoffs of seconds take milliseconds; the failures themselves are real.
        return h.run(cfg, ReportOptions.DEFAULT, Clock.scaled(50));
    }

    private void assertNoJava() {
        assertThat(JAVA.matcher(h.output()).find()).as(h.output()).isFalse();
    }

    private long count(String needle) {
        return h.output().lines().filter(l -> l.contains(needle)).count();
    }

    @Test
    void sapOnAClosedPortIsConnectionRefusedByHostAndPort() throws Exception {
        int port = closedPort();
        Path cfg = h.config("closed-sap.yaml", t -> t.replace(h.env.sap().serviceRoot().toString(),
                "http://127.0.0.1:" + port + "/sap/opu/odata/sap/API_BUSINESS_PARTNER"));
        ReportRun.Outcome o = run(cfg);
        assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(h.output()).contains("FAILED  fetch SAP clients: cannot reach SAP: connection refused by 127.0.0.1:" + port);
        assertNoJava();
    }

    @Test
    void anUnknownSapHostIsCannotResolve() throws Exception {
        Path cfg = h.config("unknown-sap.yaml", t -> t.replace(h.env.sap().serviceRoot().toString(),
                "http://sap.example.invalid/sap/opu/odata/sap/API_BUSINESS_PARTNER"));
        ReportRun.Outcome o = run(cfg);
        assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(h.output()).contains("cannot resolve host sap.example.invalid");
        assertNoJava();
    }

    @Test
    void aWebsiteOnAClosedPortIsConnectionRefusedAndTheReportGoesOutWithoutNews() throws Exception {
        int port = closedPort();
        Path cfg = h.config("closed-web.yaml", t -> t.replaceAll("url: http://127\\.0\\.0\\.1:\\d+/news/",
                "url: http://127.0.0.1:" + port + "/news/"));
        ReportRun.Outcome o = run(cfg);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.output()).contains("news         none — website failed: connection refused by 127.0.0.1:" + port);
        assertNoJava();
    }

    @Test
    void smtpOnAClosedPortIsConnectionRefusedOnceNotOnceAClient() throws Exception {
        int port = closedPort();
        ReportRun.Outcome o = run(h.configWithSmtpPort(port, t -> t));
        assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(h.output()).contains("cannot reach the mail server: connection refused by 127.0.0.1:" + port);
        // 32 clients not attempted for one reason: one line, not 32
        assertThat(count("  failed       ")).as(h.output()).isEqualTo(1);
        assertThat(h.output()).contains("failed       " + Harness.MAILABLE + " clients: not attempted: sending stopped");
        assertNoJava();
    }

    @Test
    void verboseShowsTheJavaDetailOnTheTerminalToo() throws Exception {
        int port = closedPort();
        Path cfg = h.config("closed-sap-verbose.yaml", t -> t.replace(h.env.sap().serviceRoot().toString(),
                "http://127.0.0.1:" + port + "/sap/opu/odata/sap/API_BUSINESS_PARTNER"));
        ReportOptions verbose = new ReportOptions(null, false, null, true, java.util.Set.of(), false, false, false,
                java.util.Set.of(), null, false);
        ReportRun.Outcome o = h.run(cfg, verbose, Clock.scaled(50));
        assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(h.output()).contains("detail of fetch SAP clients (--verbose):", "java.net.ConnectException");
    }

    @Test
    void aWrongSapPasswordIsOneCauseOnceInTheProgressAndOnceInTheSummary() throws Exception {
        try (SapStandIn s = SapStandIn.builder().partners(braid.sandbox.DemoData.partners()).pageSize(10)
                .basicAuth(braid.sandbox.DemoEnvironment.SAP_USER, "another-password-1").sapClient("100").start()) {
            ReportRun.Outcome o = run(h.configWithSap(s));
            assertThat(o.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(h.output()).contains("SAP at 127.0.0.1:" + s.baseUri().getPort() + " refused the credentials (HTTP 401");
            // the page, the step and the run fail for the same cause: it is printed once there, once in the summary
            assertThat(count("refused the credentials")).as(h.output()).isEqualTo(2);
            assertThat(h.output()).contains("(the same cause)")
                    .contains("⊘ merge and send e-mail cancelled: fetch SAP clients failed")
                    .doesNotContain("cancelled: cancelled", "Saved", "Critical path", "Error: ");
            assertThat(h.output().length()).as("a wrong password reads in a few lines").isLessThan(2500);
            assertNoJava();
            // the Java detail is kept for whoever debugs it: in report.log, not on the terminal
            String log = java.nio.file.Files.readString(o.runDir().resolve("report.log"));
            assertThat(log).contains("event=trace step=\"fetch SAP clients\"", "braid.sap.SapException", "\tat braid.sap.")
                    .doesNotContain("another-password-1");
        }
    }
}
