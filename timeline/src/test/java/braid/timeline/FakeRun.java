package braid.timeline;

import braid.core.RunEnd;
import braid.core.RunListener;
import braid.core.RunOutcome;
import braid.core.RunStart;
import braid.core.TaskEvent;
import braid.core.TaskEvent.Kind;
import braid.core.TaskInfo;
import braid.core.TaskProgress;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Drives a listener with the events an engine would send, with readable helpers. */
final class FakeRun {
    static final Instant STARTED_AT = Instant.parse("2026-11-23T06:00:00.123456789Z");
    static final String WEBSITE = "read website content";
    static final String LOGS = "analyse logs";
    static final String SAP = "read client data from SAP";
    static final String MERGE = "merge and send e-mail";

    private final RunListener listener;

    FakeRun(RunListener listener) {
        this.listener = listener;
    }

    static long min(double minutes) {
        return (long) (minutes * 60_000_000_000L);
    }

    static long ms(long millis) {
        return millis * 1_000_000L;
    }

    static TaskInfo info(String name, String... dependsOn) {
        return new TaskInfo(name, List.of(dependsOn), null, 1, true, List.of());
    }

    FakeRun start(String name, List<TaskInfo> graph) {
        listener.runStarted(new RunStart(name, STARTED_AT, graph));
        return this;
    }

    FakeRun event(String task, String parent, Kind kind, int attempt, long at, Duration delay, String error) {
        listener.taskEvent(new TaskEvent(task, parent, kind, attempt, at, delay, error));
        return this;
    }

    FakeRun scheduled(String task, long at) {
        return event(task, null, Kind.SCHEDULED, 0, at, null, null);
    }

    FakeRun started(String task, int attempt, long at) {
        return event(task, null, Kind.STARTED, attempt, at, null, null);
    }

    FakeRun succeeded(String task, int attempt, long at) {
        return event(task, null, Kind.SUCCEEDED, attempt, at, null, null);
    }

    /** An attempt that throws, followed by RETRYING with {@code delay}. */
    FakeRun retry(String task, int attempt, long at, Duration delay, String error) {
        event(task, null, Kind.ATTEMPT_FAILED, attempt, at, null, error);
        return event(task, null, Kind.RETRYING, attempt, at, delay, null);
    }

    FakeRun failed(String task, int attempt, long at, String error) {
        event(task, null, Kind.ATTEMPT_FAILED, attempt, at, null, error);
        return event(task, null, Kind.FAILED, attempt, at, null, error);
    }

    FakeRun progress(String task, long done, long total, String unit, long at) {
        listener.progress(new TaskProgress(task, done, total, unit, at));
        return this;
    }

    FakeRun finish(RunOutcome outcome, long at, String error) {
        listener.runFinished(new RunEnd(outcome, at, error));
        return this;
    }

    /** The seed tutorial's day: website 15 min, logs 5, SAP 12, then merge and send 8: wall 23:00. */
    static List<TaskInfo> seedGraph() {
        return List.of(info(WEBSITE), info(LOGS), info(SAP), info(MERGE, WEBSITE, LOGS, SAP));
    }

    static void seedRun(RunListener listener) {
        new FakeRun(listener).start("daily report", seedGraph())
                .scheduled(WEBSITE, 0).scheduled(LOGS, 0).scheduled(SAP, 0).scheduled(MERGE, 0)
                .started(WEBSITE, 1, 0).started(LOGS, 1, 0).started(SAP, 1, 0)
                .succeeded(LOGS, 1, min(5))
                .succeeded(SAP, 1, min(12))
                .succeeded(WEBSITE, 1, min(15))
                .started(MERGE, 1, min(15))
                .succeeded(MERGE, 1, min(23))
                .finish(RunOutcome.SUCCEEDED, min(23), null);
    }

    static RunRecord seedRecord() {
        RunRecorder recorder = new RunRecorder();
        seedRun(recorder);
        return recorder.record();
    }
}
