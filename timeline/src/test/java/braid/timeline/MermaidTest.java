package braid.timeline;

import braid.core.RunOutcome;
import braid.core.TaskInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;

class MermaidTest {

    @Test
    void recordedRunBecomesAFlowchartWithTheCriticalPathStyled() {
        String text = Mermaid.render(seedRecord());

        assertThat(text).startsWith("flowchart LR\n");
        assertThat(text).contains("    t_read_website_content[\"read website content<br/>15:00\"]\n");
        assertThat(text).contains("    t_merge_and_send_e_mail[\"merge and send e-mail<br/>8:00\"]\n");
        assertThat(text).contains("    t_read_website_content --> t_merge_and_send_e_mail\n");
        assertThat(text).contains("    t_analyse_logs --> t_merge_and_send_e_mail\n");
        assertThat(text).contains("    class t_read_website_content,t_merge_and_send_e_mail critical\n");
        assertThat(text).contains("    linkStyle 0 stroke:#d9480f,stroke-width:3px\n");
    }

    @Test
    void idsAreSanitizedAndUniqueAndLabelsCannotBreakOut() {
        List<TaskInfo> graph = List.of(info("a\"]; click x \"javascript:alert(1)"), info("a-b"), info("a b", "a-b"),
                info("end"), info("<b>#1</b> & `x`"));
        String text = Mermaid.render(graph);

        assertThat(text).contains("t_a_b[\"a-b\"]").contains("t_a_b_2[\"a b\"]").contains("t_a_b --> t_a_b_2");
        assertThat(text).contains("t_end[\"end\"]");
        assertThat(text).contains("[\"a#quot;]; click x #quot;javascript:alert(1)\"]");
        assertThat(text).contains("[\"#lt;b#gt;#35;1#lt;/b#gt; #amp; #96;x#96;\"]");
        for (String line : text.lines().toList()) {
            assertThat(line).matches("flowchart LR|    [A-Za-z0-9_]+(\\[\"[^\"]*\"\\]| --> [A-Za-z0-9_]+| -\\.-> [A-Za-z0-9_]+)"
                    + "|    classDef .*|    class [A-Za-z0-9_,]+ [a-z]+|    linkStyle [0-9,]+ .*");
        }
    }

    @Test
    void planIsLabelledWithExpectedDurationsAndStylesTheExpectedCriticalPath() {
        String text = Mermaid.render(seedGraph(), Map.of(WEBSITE, Duration.ofMinutes(15), LOGS, Duration.ofMinutes(5),
                SAP, Duration.ofMinutes(12), MERGE, Duration.ofMinutes(8)));

        assertThat(text).contains("t_read_client_data_from_SAP[\"read client data from SAP<br/>~12:00\"]");
        assertThat(text).contains("class t_read_website_content,t_merge_and_send_e_mail critical");
        assertThat(text).contains("linkStyle 0 ");
    }

    @Test
    void failedAndScopeChildrenAreMarked() {
        RunRecord r = RunRecordJsonTest.richRecord();
        String text = Mermaid.render(r);
        assertThat(text).contains(" failed\n").contains(" stopped\n").contains("t_read_website_content -.-> t_page_1");
        assertThat(text).contains("2 attempts");
    }

    @Test
    void cancelledRunHasNoCriticalClass() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("cancelled", seedGraph()).finish(RunOutcome.CANCELLED, 0, null);
        assertThat(Mermaid.render(recorder.record())).doesNotContain(" critical\n").doesNotContain("linkStyle");
    }
}
