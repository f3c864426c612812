package braid.timeline;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import braid.core.RunOutcome;
import braid.core.TaskEvent.Kind;
import braid.core.TaskInfo;
import braid.testkit.Chromium;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: the run's page as an operator opens it, laid out by headless Chromium: a succeeded run, a failed one and
 * a 1,000-task one. Subtasks sit under the task that forked them, times are in the company's zone, the business
 * outcome comes first, and a failed run leads with its root cause, wrapped, without the cards that mean nothing for a
 * failure. Screenshots to look at: target/screenshots/timeline-*.png.
 */
class TimelinePageInChromiumTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String LONG_CAUSE = "SAP at sap.example.com:443 refused the credentials (HTTP 401 /IWFND/CM_LOGON/001 "
            + "\"Logon failed\"; GET /sap/opu/odata/sap/API_BUSINESS_PARTNER/" + "A_BusinessPartnerAddressWithAVeryLongName".repeat(8) + ")";
    /** Measures after load: page and viewport widths, the height, the root cause box and where the sections start. */
    static final String MEASURE = """
            const d = document.documentElement, e = document.querySelector('.error');
            const top = s => { const el = document.querySelector(s); return el ? Math.round(el.getBoundingClientRect().top) : -1; };
            const c = document.querySelector('#concurrency svg');
            document.title = JSON.stringify({page: d.scrollWidth, viewport: innerWidth, height: d.scrollHeight,
              errorScroll: e ? e.scrollWidth : 0, errorClient: e ? e.clientWidth : 0, errorHeight: e ? e.clientHeight : 0,
              cause: top('#cause'), outcome: top('#outcome'), summary: top('#summary'), timeline: top('#timeline'),
              chartHeight: c ? Math.round(c.getBoundingClientRect().height) : 0});""";

    @TempDir
    Path dir;

    static PageContext page(long sent, long failed) {
        return new PageContext(BERLIN, List.of(new PageContext.Figure("Sent", sent, PageContext.Tone.GOOD),
                new PageContext.Figure("Failed", failed, PageContext.Tone.BAD),
                new PageContext.Figure("Uncertain", 0, PageContext.Tone.WARNING)));
    }

    /** The daily job's shape with the SAP step forking its pages after the send step was declared. */
    static RunRecord succeeded() {
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("daily report 2026-11-22", seedGraph())
                .started(WEBSITE, 1, 0).started(LOGS, 1, 0).started(SAP, 1, 0);
        for (int p = 1; p <= 4; p++) {
            run.event("sap page " + p, SAP, Kind.STARTED, 1, ms(100 * p), null, null)
                    .event("sap page " + p, SAP, Kind.SUCCEEDED, 1, ms(100 * p + 400), null, null);
        }
        run.succeeded(LOGS, 1, ms(600)).succeeded(SAP, 1, ms(900)).succeeded(WEBSITE, 1, ms(1000))
                .started(MERGE, 1, ms(1000));
        for (int c = 1; c <= 3; c++) {
            run.event("smtp connection " + c, MERGE, Kind.STARTED, 1, ms(1000 + c), null, null)
                    .event("smtp connection " + c, MERGE, Kind.SUCCEEDED, 1, ms(1800), null, null);
        }
        run.succeeded(MERGE, 1, ms(1900)).finish(RunOutcome.SUCCEEDED, ms(1900), null);
        return recorder.record();
    }

    static RunRecord failed() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("daily report 2026-11-22", seedGraph())
                .started(WEBSITE, 1, 0).started(LOGS, 1, 0).started(SAP, 1, 0)
                .event("sap page 1", SAP, Kind.STARTED, 1, ms(10), null, null)
                .event("sap page 1", SAP, Kind.ATTEMPT_FAILED, 1, ms(400), null, LONG_CAUSE)
                .event("sap page 1", SAP, Kind.FAILED, 1, ms(400), null, LONG_CAUSE)
                .failed(SAP, 1, ms(410), LONG_CAUSE)
                .event(WEBSITE, null, Kind.CANCELLED, 1, ms(420), null, "cancelled: " + SAP + " failed")
                .event(LOGS, null, Kind.CANCELLED, 1, ms(420), null, "cancelled: " + SAP + " failed")
                .event(MERGE, null, Kind.CANCELLED, 0, ms(420), null, "cancelled: " + SAP + " failed")
                .finish(RunOutcome.FAILED, ms(430), LONG_CAUSE);
        return recorder.record();
    }

    static RunRecord thousandTasks() {
        int n = 1000;
        List<TaskInfo> graph = new ArrayList<>(n);
        for (int i = 0; i < n; i++) graph.add(info("fetch https://site" + (i % 20) + ".example/page/" + i));
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("fetch 1,000 pages", graph);
        for (int i = 0; i < n; i++) {
            String name = graph.get(i).name();
            long start = ms(i / 50 * 120L); // 50 at a time
            run.started(name, 1, start);
            if (i % 97 == 5) run.failed(name, 1, start + ms(60), "connection refused by site" + (i % 20) + ".example:443");
            else run.succeeded(name, 1, start + ms(50 + i % 150));
        }
        run.finish(RunOutcome.SUCCEEDED, ms(n / 50 * 120L + 200), null);
        return recorder.record();
    }

    @Test
    void subtasksSitUnderTheTaskThatForkedThemAndTimesAreInTheCompanysZone() {
        Document doc = Jsoup.parse(HtmlTimeline.render(succeeded(), page(32, 0)));
        List<String> rows = doc.select("#timeline .row[data-task]").eachAttr("data-task");
        assertThat(rows).containsExactly(WEBSITE, LOGS, SAP, "sap page 1", "sap page 2", "sap page 3", "sap page 4",
                MERGE, "smtp connection 1", "smtp connection 2", "smtp connection 3");
        // FakeRun starts at 06:00:00 UTC on 2026-11-23: 07:00:00 in Berlin (CET)
        assertThat(doc.select("header .started").text()).contains("2026-11-23 07:00:00").contains("Europe/Berlin");
        assertThat(doc.select("#outcome .card").eachText()).containsExactly("Sent 32", "Failed 0", "Uncertain 0");
        assertThat(doc.select("#outcome .card.t-good").text()).isEqualTo("Sent 32");
        assertThat(doc.select("#summary").text()).contains("Saved", "Critical path");
    }

    @Test
    void aFailedRunLeadsWithItsCauseAndLeavesOutSavedAndCriticalPath() {
        Document doc = Jsoup.parse(HtmlTimeline.render(failed(), page(0, 0)));
        assertThat(doc.select("#cause p.error").text()).isEqualTo(LONG_CAUSE);
        assertThat(doc.select("#summary").text()).contains("Ended after").doesNotContain("Saved", "Critical path", "Sequential");
        assertThat(doc.select(".crit, .cp")).as("no critical path on a failed run").isEmpty();
        assertThat(doc.select(".legend").text()).doesNotContain("critical path");
        assertThat(doc.select(".never").eachText()).contains("cancelled: " + SAP + " failed").noneMatch(t -> t.contains("cancelled: cancelled"));
    }

    @Test
    void theSucceededPageFitsItsWindowInChromium() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium is not installed (.ci/run installs it)");
        String html = HtmlTimeline.render(succeeded(), page(32, 0));
        for (int width : new int[]{1200, 800}) {
            JsonNode m = measure(html, width);
            assertThat(m.get("page").asInt()).as("no horizontal scrolling at " + width + ": " + m).isLessThanOrEqualTo(m.get("viewport").asInt());
            assertThat(m.get("outcome").asInt()).as(m.toString()).isLessThan(m.get("summary").asInt());
        }
        assertPicture(shot(html, "timeline-succeeded", 1200, 1100), false);
    }

    @Test
    void theFailedPageShowsItsWrappedCauseFirstInChromium() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium is not installed (.ci/run installs it)");
        String html = HtmlTimeline.render(failed(), page(0, 0));
        JsonNode m = measure(html, 1000);
        assertThat(m.get("page").asInt()).as("no horizontal scrolling: " + m).isLessThanOrEqualTo(m.get("viewport").asInt());
        assertThat(m.get("errorScroll").asInt()).as("the cause wraps inside its box: " + m).isLessThanOrEqualTo(m.get("errorClient").asInt());
        assertThat(m.get("errorHeight").asInt()).as("a long cause takes several lines: " + m).isGreaterThan(40);
        assertThat(m.get("cause").asInt()).as("the cause comes first: " + m).isLessThan(m.get("summary").asInt())
                .isLessThan(m.get("timeline").asInt()).isLessThan(200);
        assertPicture(shot(html, "timeline-failed", 1000, 900), true);
    }

    @Test
    void aThousandTaskPageIsASummaryThatFitsItsWindowInChromium() throws Exception {
        assumeTrue(Chromium.available(), "Debian's chromium is not installed (.ci/run installs it)");
        String html = HtmlTimeline.render(thousandTasks(), PageContext.UTC);
        JsonNode m = measure(html, 1200);
        assertThat(m.get("page").asInt()).as("no horizontal scrolling: " + m).isLessThanOrEqualTo(m.get("viewport").asInt());
        assertThat(m.get("chartHeight").asInt()).as("the running-tasks chart is drawn: " + m).isGreaterThan(80);
        assertThat(m.get("height").asInt()).as("a summary, not 1,000 rows: " + m).isLessThan(9000);
        assertPicture(shot(html, "timeline-1000-tasks", 1200, 1400), false);
    }

    private JsonNode measure(String html, int width) throws Exception {
        String title = Chromium.measure(html, dir, width, 1000, MEASURE);
        return new ObjectMapper().readTree(title);
    }

    private Path shot(String html, String name, int width, int height) throws Exception {
        Path page = Path.of("target", "screenshots", name + ".html").toAbsolutePath();
        Files.createDirectories(page.getParent());
        Files.writeString(page, html);
        return Chromium.screenshot(page, page.resolveSibling(name + ".png"), width, height);
    }

    /** A picture with content (not a blank or error page); with {@code redCause}, the red cause box near the top. */
    private static void assertPicture(Path png, boolean redCause) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img).as(png.toString()).isNotNull();
        Set<Integer> colours = new HashSet<>();
        int red = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                if (y < 250 && r > 190 && g < 110 && b < 110) red++;
            }
        }
        assertThat(colours.size()).as("a drawn page: " + png).isGreaterThan(50);
        if (redCause) assertThat(red).as("red text of the cause near the top: " + png).isGreaterThan(100);
    }
}
