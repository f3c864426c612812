package braid.timeline;

import braid.core.RunOutcome;
import braid.core.TaskEvent.Kind;
import braid.core.TaskInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRecordJsonTest {
    @TempDir
    Path dir;

    /** Everything a record can hold: retries, a never-started task, children, odd names, limits, timeouts. */
    static RunRecord richRecord() {
        RunRecorder recorder = new RunRecorder();
        String odd = "naïve \"quoted\" <img src=x onerror=alert(1)> \\ task\n2nd line";
        List<TaskInfo> graph = List.of(
                new TaskInfo(WEBSITE, List.of(), Duration.ofSeconds(90), 1, false, List.of()),
                new TaskInfo(SAP, List.of(), null, 4, true, List.of("sap", "network")),
                new TaskInfo(odd, List.of(WEBSITE), null, 1, true, List.of()),
                new TaskInfo(MERGE, List.of(WEBSITE, SAP, odd), Duration.ofMinutes(10), 1, true, List.of("smtp")));
        new FakeRun(recorder).start("daily report ✉", graph)
                .started(WEBSITE, 1, 0).started(SAP, 1, 0)
                .event("page 1", WEBSITE, Kind.STARTED, 1, ms(1), null, null)
                .event("page 1", WEBSITE, Kind.SUCCEEDED, 1, ms(700), null, null)
                .retry(SAP, 1, ms(250), Duration.ofMillis(200), "SapHttpException: 503 Service Unavailable")
                .started(SAP, 2, ms(450)).succeeded(SAP, 2, ms(1450))
                .succeeded(WEBSITE, 1, ms(900))
                .started(odd, 1, ms(900)).failed(odd, 1, ms(950), "IllegalStateException: \"bad\" <b>")
                .event(MERGE, null, Kind.CANCELLED, 0, ms(950), null, "run failed")
                .finish(RunOutcome.FAILED, ms(951), "task failed: IllegalStateException");
        return recorder.record();
    }

    @Test
    void writeThenReadGivesAnEqualRecord() throws Exception {
        RunRecord original = richRecord();
        Path file = dir.resolve("run.json");

        original.write(file);
        RunRecord back = RunRecord.read(file);

        assertThat(back).isEqualTo(original);
        assertThat(back.tasks()).hasSize(5);
        assertThat(back.startedAt().getNano()).isEqualTo(123456789);
        Path again = dir.resolve("again.json");
        back.write(again);
        assertThat(Files.readString(again)).isEqualTo(Files.readString(file));
    }

    @Test
    void seedRecordRoundTripsWithItsTotals() throws Exception {
        RunRecord original = seedRecord();
        Path file = dir.resolve("seed.json");
        original.write(file);
        RunRecord back = RunRecord.read(file);
        assertThat(back).isEqualTo(original);
        assertThat(back.criticalPath().tasks()).containsExactly(WEBSITE, MERGE);
    }

    @Test
    void documentIsVersionedAndStoresTimesAsNanosSinceTheStart() throws Exception {
        Path file = dir.resolve("run.json");
        richRecord().write(file);
        JsonNode doc = new ObjectMapper().readTree(file.toFile());

        assertThat(doc.fieldNames().next()).isEqualTo("format");
        assertThat(doc.get("format").asText()).isEqualTo("braid-run");
        assertThat(doc.get("version").asInt()).isEqualTo(1);
        assertThat(doc.get("startedAt").asText()).isEqualTo("2026-11-23T06:00:00.123456789Z");
        assertThat(doc.get("totals").get("wallNanos").asLong()).isEqualTo(ms(951));
        JsonNode sap = doc.get("tasks").get(1);
        assertThat(sap.get("name").asText()).isEqualTo(SAP);
        assertThat(sap.get("attempts")).hasSize(2);
        assertThat(sap.get("limits").toString()).isEqualTo("[\"sap\",\"network\"]");
        JsonNode merge = doc.get("tasks").get(3);
        assertThat(merge.get("startNanos").isNull()).isTrue();
        assertThat(merge.has("attempts")).as("no attempts array for a single attempt").isFalse();
        assertThat(doc.get("graph").get(0).get("timeoutNanos").asLong()).isEqualTo(90_000_000_000L);
        assertThat(doc.get("tasks").get(4).get("parent").asText()).isEqualTo(WEBSITE);
        assertThat(doc.get("tasks").get(2).has("parent")).as("defaults are left out").isFalse();
        assertThat(doc.get("tasks").get(2).has("limits")).isFalse();
    }

    @Test
    void readRejectsAnotherFormatNamingIt() throws Exception {
        Path file = dir.resolve("other.json");
        Files.writeString(file, "{\"format\":\"chrome-trace\",\"version\":1,\"tasks\":[]}");
        assertThatThrownBy(() -> RunRecord.read(file))
                .isInstanceOf(RunRecordFormatException.class)
                .hasMessageContaining("other.json")
                .hasMessageContaining("\"chrome-trace\"")
                .hasMessageContaining("braid-run");
    }

    @Test
    void readRejectsANewerVersionSayingWhichItReads() throws Exception {
        Path file = dir.resolve("v2.json");
        Files.writeString(file, "{\"format\":\"braid-run\",\"version\":2,\"runName\":\"x\"}");
        assertThatThrownBy(() -> RunRecord.read(file))
                .isInstanceOf(RunRecordFormatException.class)
                .hasMessageContaining("version 2")
                .hasMessageContaining("reads version 1")
                .satisfies(e -> assertThat(((RunRecordFormatException) e).version()).isEqualTo(2));
    }

    @Test
    void readRejectsADocumentWithoutFormatOrNotJson() {
        assertThatThrownBy(() -> RunRecord.read(new ByteArrayInputStream("{\"runName\":\"x\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RunRecordFormatException.class).hasMessageContaining("must start with");
        assertThatThrownBy(() -> RunRecord.read(new ByteArrayInputStream("name,time\n".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RunRecordFormatException.class).hasMessageContaining("not a braid run record");
        assertThatThrownBy(() -> RunRecord.read(new ByteArrayInputStream(
                "{\"format\":\"braid-run\",\"version\":1,\"runName\":\"x\",\"startedAt\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RunRecordFormatException.class).hasMessageContaining("malformed");
    }

    @Test
    void aTaskWithoutItsNameOrOutcomeIsAMalformedRecordNotANullPointer() {
        String head = "{\"format\":\"braid-run\",\"version\":1,\"runName\":\"x\",\"startedAt\":\"2026-12-06T00:00:00Z\",";
        // a run.json cut or edited by hand: braid report history and the timeline say so in words
        assertThatThrownBy(() -> RunRecord.read(new ByteArrayInputStream((head + "\"tasks\":[{\"outcome\":\"SUCCEEDED\"}]}")
                .getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RunRecordFormatException.class).hasMessageContaining("malformed braid run record: a task without \"name\"");
        assertThatThrownBy(() -> RunRecord.read(new ByteArrayInputStream((head + "\"tasks\":[{\"name\":\"fetch\"}]}")
                .getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(RunRecordFormatException.class).hasMessageContaining("task \"fetch\" without \"outcome\"");
    }
}
