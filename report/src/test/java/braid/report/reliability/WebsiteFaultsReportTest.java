package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.SmtpSink;
import braid.sandbox.WebsiteStandIn;
import braid.sandbox.WebsiteStandIn.Behaviour;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The company website misbehaving under the whole daily run. The website is optional by default:
 * every fault leaves the report going out to every client once, without news, with a warning
 * naming the failure. Reader-level detail: braid.web.HttpBehaviourTest, PageScrapingTest.
 */
class WebsiteFaultsReportTest {
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

    ReportRun.Outcome run() throws Exception {
        return h.run(ReportOptions.DEFAULT);
    }

    /** A 2 s timeout so the stand-in's 5 s SLOW responses time out. */
    ReportRun.Outcome runWithShortTimeout() throws Exception {
        return h.run(h.config("short-timeout.yaml", t -> t.replace("  timeout: 10s", "  timeout: 2s")), ReportOptions.DEFAULT);
    }

    void assertSentWithoutNews(ReportRun.Outcome o, String... why) throws Exception {
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.output()).contains("without news").contains("news         none — website failed");
        if (why.length > 0) assertThat(h.output()).contains(why);
        List<SmtpSink.Received> got = h.env.smtp().list();
        assertThat(h.receivedPerRecipient()).hasSize(Harness.MAILABLE).allSatisfy((who, n) -> assertThat(n).as(who).isEqualTo(1));
        assertThat(Eml.read(got.getFirst().file()).text()).doesNotContain("NEWS");
    }

    @Test
    void websiteDownSendsEveryReportWithoutNews() throws Exception {
        h.env.website().behaviour(Behaviour.DOWN);
        assertSentWithoutNews(run(), "127.0.0.1");
    }

    @Test
    void websiteSlowerThanTheTimeoutSendsEveryReportWithoutNews() throws Exception {
        h.env.website().behaviour(Behaviour.SLOW);
        assertSentWithoutNews(runWithShortTimeout());
    }

    @Test
    void serverErrorIsRetriedThenTheReportGoesOutWithoutNews() throws Exception {
        h.env.website().behaviour(Behaviour.SERVER_ERROR);
        assertSentWithoutNews(run(), "500");
        assertThat(h.env.website().count(500)).as("first attempt and one retry").isGreaterThanOrEqualTo(2);
    }

    @Test
    void hugePageIsRefusedAtTheSizeLimitAndTheReportGoesOutWithoutNews() throws Exception {
        h.env.website().behaviour(Behaviour.HUGE); // 32 MB without Content-Length against maxBytes 5 MB
        assertSentWithoutNews(run(), "5");
    }

    @Test
    void wrongCharsetHeaderDoesNotGarbleTheNewsInTheEmail() throws Exception {
        h.env.website().behaviour(Behaviour.WRONG_CHARSET);
        ReportRun.Outcome o = run();
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        Eml mail = Eml.read(h.env.smtp().list().getFirst().file());
        assertThat(mail.text()).contains("NEWS").contains("TÜV Süd").doesNotContain("\uFFFD").doesNotContain("Ã");
        assertThat(mail.html()).doesNotContain("\uFFFD").doesNotContain("Ã");
    }

    @Test
    void scriptInANewsTitleIsEscapedInHtmlAndPlainInText() throws Exception {
        ReportRun.Outcome o = run();
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        for (SmtpSink.Received r : h.env.smtp().list()) {
            Eml mail = Eml.read(r.file());
            assertThat(mail.text()).contains(WebsiteStandIn.TRICKY_TITLE);
            assertThat(mail.html()).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
            assertThat(mail.message().getSubject()).doesNotContain("<script");
        }
    }
}
