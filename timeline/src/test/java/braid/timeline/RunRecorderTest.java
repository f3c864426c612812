package braid.timeline;

import braid.core.TaskOutcome;
import braid.core.RunOutcome;
import braid.core.TaskEvent.Kind;
import braid.core.TaskInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRecorderTest {

    @Test
    void seedScenarioTakes23MinutesInsteadOf40AlongWebsiteThenMerge() {
        RunRecord r = seedRecord();

        assertThat(r.runName()).isEqualTo("daily report");
        assertThat(r.startedAt()).isEqualTo(STARTED_AT);
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.totals().wall()).isEqualTo(Duration.ofMinutes(23));
        assertThat(r.totals().sequential()).isEqualTo(Duration.ofMinutes(40));
        assertThat(r.totals().saved()).isEqualTo(Duration.ofMinutes(17));
        assertThat(r.criticalPath().tasks()).containsExactly(WEBSITE, MERGE);
        assertThat(r.criticalPath().length()).isEqualTo(Duration.ofMinutes(23));
        assertThat(r.tasks()).extracting(TaskRecord::name).containsExactly(WEBSITE, LOGS, SAP, MERGE);
        TaskRecord merge = r.tasks().get(3);
        assertThat(merge.dependsOn()).containsExactly(WEBSITE, LOGS, SAP);
        assertThat(merge.startNanos()).isEqualTo(min(15));
        assertThat(merge.endNanos()).isEqualTo(min(23));
        assertThat(merge.attempts()).as("one attempt is not stored twice").isEmpty();
        assertThat(merge.attemptsOrSingle()).containsExactly(new TaskRecord.Attempt(min(15), min(23), null));
        assertThat(r.graph()).isEqualTo(seedGraph());
    }

    @Test
    void retriesAreRecordedAsAttemptsWithTheirErrorsAndBackoffGaps() {
        RunRecorder recorder = new RunRecorder();
        TaskInfo sap = new TaskInfo(SAP, List.of(), Duration.ofSeconds(30), 3, true, List.of("sap"));
        new FakeRun(recorder).start("retrying", List.of(sap))
                .scheduled(SAP, 0)
                .started(SAP, 1, 0).retry(SAP, 1, ms(300), Duration.ofMillis(200), "IOException: 503 from sap")
                .started(SAP, 2, ms(500)).retry(SAP, 2, ms(900), Duration.ofMillis(400), "IOException: 503 from sap")
                .started(SAP, 3, ms(1300)).succeeded(SAP, 3, ms(2000))
                .finish(RunOutcome.SUCCEEDED, ms(2000), null);

        TaskRecord t = recorder.record().tasks().getFirst();

        assertThat(t.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(t.limits()).containsExactly("sap");
        assertThat(t.startNanos()).isZero();
        assertThat(t.endNanos()).isEqualTo(ms(2000));
        assertThat(t.error()).isNull();
        assertThat(t.attempts()).containsExactly(
                new TaskRecord.Attempt(0, ms(300), "IOException: 503 from sap"),
                new TaskRecord.Attempt(ms(500), ms(900), "IOException: 503 from sap"),
                new TaskRecord.Attempt(ms(1300), ms(2000), null));
        assertThat(t.attemptCount()).isEqualTo(3);
    }

    @Test
    void failedTaskKeepsEveryAttemptAndTheRunError() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("failing", List.of(info(SAP), info(MERGE, SAP)))
                .started(SAP, 1, 0).retry(SAP, 1, ms(100), Duration.ofMillis(50), "IOException: reset")
                .started(SAP, 2, ms(150)).failed(SAP, 2, ms(400), "IOException: reset again")
                .event(MERGE, null, Kind.CANCELLED, 0, ms(400), null, "run failed")
                .finish(RunOutcome.FAILED, ms(401), "read client data from SAP failed: IOException: reset again");

        RunRecord r = recorder.record();

        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.error()).contains("reset again");
        TaskRecord sap = r.tasks().get(0);
        assertThat(sap.outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(sap.error()).isEqualTo("IOException: reset again");
        assertThat(sap.attempts()).extracting(TaskRecord.Attempt::error)
                .containsExactly("IOException: reset", "IOException: reset again");
        TaskRecord merge = r.tasks().get(1);
        assertThat(merge.outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(merge.started()).isFalse();
        assertThat(merge.startNanos()).isEqualTo(TaskRecord.NOT_STARTED);
    }

    @Test
    void tasksTheRunNeverReachedAreCancelledOrSkippedWithoutTimes() {
        RunRecorder recorder = new RunRecorder();
        new FakeRun(recorder).start("deadline", List.of(info(WEBSITE), info(LOGS), info(MERGE, WEBSITE, LOGS)))
                .started(WEBSITE, 1, 0).started(LOGS, 1, 0)
                .succeeded(LOGS, 1, min(5))
                .finish(RunOutcome.DEADLINE_EXCEEDED, min(10), "deadline of 10:00 passed");

        RunRecord r = recorder.record();

        TaskRecord website = r.tasks().get(0);
        assertThat(website.outcome()).as("cut off while running").isEqualTo(TaskOutcome.CANCELLED);
        assertThat(website.endNanos()).isEqualTo(min(10));
        TaskRecord merge = r.tasks().get(2);
        assertThat(merge.outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(merge.started()).isFalse();
        assertThat(merge.error()).contains("before it started").contains("deadline of 10:00 passed");

        RunRecorder skipping = new RunRecorder();
        new FakeRun(skipping).start("optional input absent", List.of(info(WEBSITE), info(MERGE, WEBSITE)))
                .started(WEBSITE, 1, 0).failed(WEBSITE, 1, ms(10), "IOException: down")
                .event(MERGE, null, Kind.SKIPPED, 0, ms(10), null, "input read website content is absent")
                .finish(RunOutcome.SUCCEEDED, ms(10), null);
        TaskRecord skipped = skipping.record().tasks().get(1);
        assertThat(skipped.outcome()).isEqualTo(TaskOutcome.SKIPPED);
        assertThat(skipped.started()).isFalse();
        assertThat(skipped.error()).isEqualTo("input read website content is absent");
    }

    @Test
    void scopeFormChildrenKeepTheirParentAndDoNotCountTwiceInTheSequentialTime() {
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("scope", List.of());
        run.scheduled("fetch pages", 0).started("fetch pages", 1, 0);
        for (int p = 1; p <= 3; p++) {
            String page = "page " + p;
            run.event(page, "fetch pages", Kind.SCHEDULED, 0, ms(10), null, null)
                    .event(page, "fetch pages", Kind.STARTED, 1, ms(10), null, null)
                    .event(page, "fetch pages", Kind.SUCCEEDED, 1, ms(10 + 100L * p), null, null);
        }
        run.succeeded("fetch pages", 1, ms(320)).finish(RunOutcome.SUCCEEDED, ms(320), null);

        RunRecord r = recorder.record();

        assertThat(r.graph()).isEmpty();
        assertThat(r.tasks()).extracting(TaskRecord::name).containsExactly("fetch pages", "page 1", "page 2", "page 3");
        assertThat(r.tasks()).extracting(TaskRecord::parent).containsExactly(null, "fetch pages", "fetch pages", "fetch pages");
        assertThat(r.totals().sequentialNanos()).isEqualTo(ms(320));
        assertThat(r.criticalPath().tasks()).containsExactly("fetch pages");
    }

    @Test
    void recordIsRefusedUntilTheRunFinished() {
        RunRecorder recorder = new RunRecorder();
        assertThatThrownBy(recorder::record).isInstanceOf(IllegalStateException.class).hasMessageContaining("never");
        new FakeRun(recorder).start("unfinished", seedGraph()).started(WEBSITE, 1, 0);
        assertThat(recorder.finished()).isFalse();
        assertThatThrownBy(recorder::record).isInstanceOf(IllegalStateException.class).hasMessageContaining("unfinished");
    }

    @Test
    void eventsFromManyThreadsAtOnceAreAllRecorded() throws Exception {
        int n = 20_000;
        List<TaskInfo> graph = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            graph.add(info("task " + i));
        }
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("many", graph);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String name = "task " + i;
                long at = i;
                pool.submit(() -> {
                    run.scheduled(name, 0).started(name, 1, at);
                    if (at % 10 == 0) {
                        run.retry(name, 1, at + 5, Duration.ofNanos(5), "IOException: flaky").started(name, 2, at + 10);
                    }
                    run.succeeded(name, at % 10 == 0 ? 2 : 1, at + 100);
                });
            }
        }
        run.finish(RunOutcome.SUCCEEDED, n + 100, null);

        RunRecord r = recorder.record();

        assertThat(r.tasks()).hasSize(n);
        assertThat(r.tasks()).allMatch(t -> t.outcome() == TaskOutcome.SUCCEEDED && t.durationNanos() == 100);
        assertThat(r.tasks().stream().filter(t -> t.attempts().size() == 2)).hasSize(n / 10);
        assertThat(r.totals().sequentialNanos()).isEqualTo(100L * n);
    }

    @Test
    void aNewRunStartsAFreshRecord() {
        RunRecorder recorder = new RunRecorder();
        seedRun(recorder);
        new FakeRun(recorder).start("second", List.of(info("only"))).started("only", 1, 0).succeeded("only", 1, ms(5))
                .finish(RunOutcome.SUCCEEDED, ms(5), null);
        assertThat(recorder.record().tasks()).extracting(TaskRecord::name).containsExactly("only");
    }
}
