package braid.timeline;

import braid.core.RunOutcome;
import braid.core.TaskEvent.Kind;
import braid.core.TaskInfo;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;

class HtmlTimelineTest {
    static final String EVIL = "<img src=x onerror=alert(1)>";

    @Test
    void pageParsesAndNamesEveryTaskWithTheSummaryAtTop() {
        RunRecord r = seedRecord();
        String html = HtmlTimeline.render(r);
        Document doc = Jsoup.parse(html);

        assertThat(doc.title()).isEqualTo("daily report · braid run");
        assertThat(doc.select("#summary .card")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(doc.select("#summary").text()).contains("Wall time 23:00").contains("Sequential 40:00")
                .contains("Saved 17:00 42.5 %").contains("read website content → merge and send e-mail");
        for (String name : List.of(WEBSITE, LOGS, SAP, MERGE)) {
            assertThat(doc.select("#timeline .row[data-task]").eachAttr("data-task")).contains(name);
            assertThat(doc.select("#flowchart svg text.name").eachText()).contains(name);
        }
        assertThat(doc.select("#timeline .row.crit").eachAttr("data-task")).containsExactly(WEBSITE, MERGE);
        assertThat(doc.select("#flowchart path.edge.crit")).hasSize(1);
        assertThat(doc.select("#flowchart path.edge")).hasSize(3);
        assertThat(doc.select("#timeline .axis .tick").eachText()).containsExactly("0", "5:00", "10:00", "15:00", "20:00");
        Element merge = doc.selectFirst("#timeline .row[data-task=" + MERGE + "] .bar");
        assertThat(merge.attr("style")).contains("left:65.217%").contains("width:34.783%");
        assertThat(merge.attr("data-tip")).contains("start 15:00 · end 23:00 · took 8:00");
    }

    @Test
    void pageIsSelfContained() {
        Document doc = Jsoup.parse(HtmlTimeline.render(RunRecordJsonTest.richRecord()));
        assertThat(doc.select("script[src], link, img, iframe, object, embed")).isEmpty();
        assertThat(doc.select("style").html()).doesNotContain("@import").doesNotContain("url(");
        assertThat(doc.select("[href], [src]")).isEmpty();
    }

    @Test
    void taskNamesAndErrorsAreEscaped() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("run " + EVIL, List.of(info(EVIL), info("after", EVIL)))
                .started(EVIL, 1, 0).failed(EVIL, 1, ms(20), "IOException: \"><script>alert(2)</script>")
                .event("after", null, Kind.CANCELLED, 0, ms(20), null, EVIL)
                .finish(RunOutcome.FAILED, ms(20), "failed: " + EVIL);
        String html = HtmlTimeline.render(recorder.record());
        Document doc = Jsoup.parse(html);

        assertThat(doc.select("img")).isEmpty();
        assertThat(doc.select("script")).hasSize(1);
        assertThat(html).doesNotContain(EVIL).doesNotContain("<script>alert");
        assertThat(doc.title()).isEqualTo("run " + EVIL + " · braid run");
        assertThat(doc.select("#timeline .row[data-task]").eachAttr("data-task")).contains(EVIL);
        assertThat(doc.select("#flowchart g.node").eachAttr("data-task")).contains(EVIL);
        assertThat(doc.select("#flowchart text.name").eachText()).contains("<img src=x onerror=alert(…");
        assertThat(doc.select("p.error").text()).isEqualTo("failed: " + EVIL);
        assertThat(doc.select("#timeline .bar").first().attr("data-tip")).contains("\"><script>alert(2)</script>");
        // also well-formed as XML, which catches unescaped quotes in attributes
        assertThat(Jsoup.parse(html, "", Parser.xmlParser()).select("[onerror]")).isEmpty();
    }

    @Test
    void retriesShowFailedAttemptsAndTheBackoffBetweenThem() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("retrying", List.of(new TaskInfo(SAP, List.of(), null, 3, true, List.of("sap"))))
                .started(SAP, 1, 0).retry(SAP, 1, ms(300), Duration.ofMillis(200), "IOException: 503")
                .started(SAP, 2, ms(500)).retry(SAP, 2, ms(900), Duration.ofMillis(400), "IOException: 503")
                .started(SAP, 3, ms(1300)).succeeded(SAP, 3, ms(2000))
                .finish(RunOutcome.SUCCEEDED, ms(2000), null);
        Document doc = Jsoup.parse(HtmlTimeline.render(recorder.record()));

        assertThat(doc.select("#timeline .bar")).hasSize(3);
        assertThat(doc.select("#timeline .bar.fail")).hasSize(2);
        assertThat(doc.select("#timeline .bar.ok")).hasSize(1);
        assertThat(doc.select("#timeline .gap")).hasSize(2);
        assertThat(doc.select("#timeline .gap").first().attr("data-tip")).contains("backoff before attempt 2: 200 ms");
        assertThat(doc.select("#timeline .bar.fail").first().attr("data-tip"))
                .contains("attempt 1 of 3").contains("error: IOException: 503");
        assertThat(doc.select("#timeline .bar.ok").first().attr("data-tip")).contains("succeeded after 3 attempts, 2.00 s in all");
    }

    @Test
    void bigRunIsSummarisedWithConcurrencyCountsAndTheLongestAndFailedTasks() {
        int n = 100_000;
        List<TaskInfo> graph = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            graph.add(info("mail to client " + i));
        }
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("mail everyone", graph);
        for (int i = 0; i < n; i++) {
            String name = "mail to client " + i;
            long start = ms(i / 100);                // 100 at a time
            run.started(name, 1, start);
            if (i % 1000 == 7) {
                run.failed(name, 1, start + ms(3), "SmtpException: 550 mailbox unavailable");
            } else {
                run.succeeded(name, 1, start + ms(5 + i % 97));
            }
        }
        run.finish(RunOutcome.SUCCEEDED, ms(1100), null);
        RunRecord r = recorder.record();

        String html = HtmlTimeline.render(r);
        Document doc = Jsoup.parse(html);

        assertThat(html.length()).as("summary, not a bar per task").isLessThan(1_000_000);
        assertThat(doc.select("#concurrency svg rect.cbar")).isNotEmpty();
        assertThat(doc.select("#outcomes").text()).contains("succeeded 99,900").contains("failed 100");
        assertThat(doc.select("#timeline .row[data-task]")).hasSize(150);
        assertThat(doc.select("#timeline .row[data-task]").eachAttr("data-task")).contains("mail to client 7", "mail to client 99007");
        assertThat(doc.select("#timeline .bar.fail")).hasSize(100);
        assertThat(doc.select("#flowchart svg")).isEmpty();
        assertThat(doc.select("#summary").text()).contains("100,000");
    }
}
