package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.TaskOutcome;
import braid.core.RunEnd;
import braid.core.RunListener;
import braid.core.RunOutcome;
import braid.core.RunStart;
import braid.core.TaskEvent;
import braid.core.TaskInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a run as it goes, for a {@link RunRecord} once it ended.
 *
 * <pre>{@code
 * RunRecorder recorder = new RunRecorder();
 * Engine engine = Engine.builder().listener(recorder).build();
 * engine.run(graph);
 * recorder.record().write(Path.of("run.json"));
 * }</pre>
 *
 * <p>Thread-safe: events may arrive from many threads at once. Each event costs a map look-up and an
 * uncontended lock on its task's own state; no event object is kept, only a small state per task (and
 * per attempt when a task ran more than once), so a run of a million tasks needs a few hundred bytes
 * per task. A recorder records one run at a time: a new {@code runStarted} starts a fresh record.
 * Like every listener it never throws from its callbacks.
 */
public final class RunRecorder implements RunListener {
    private volatile @Nullable Recording current;

    /** Creates a recorder with nothing recorded yet. */
    public RunRecorder() {}

    @Override
    public void runStarted(RunStart start) {
        current = new Recording(start);
    }

    @Override
    public void taskEvent(TaskEvent event) {
        Recording r = current;
        if (r != null) {
            r.state(event).on(event);
        }
    }

    @Override
    public void runFinished(RunEnd end) {
        Recording r = current;
        if (r != null) {
            r.end = end;
        }
    }

    /** Whether the run being recorded has finished, so that {@link #record()} can be called. */
    public boolean finished() {
        Recording r = current;
        return r != null && r.end != null;
    }

    /**
     * The record of the last run, built on the first call after it finished.
     *
     * @throws IllegalStateException when no run started, or the run has not finished yet
     */
    public RunRecord record() {
        Recording r = current;
        if (r == null) {
            throw new IllegalStateException("no run was recorded: runStarted was never called");
        }
        if (r.end == null) {
            throw new IllegalStateException("run \"" + r.start.runName() + "\" has not finished yet");
        }
        return r.record();
    }

    /** One run's task states. */
    private static final class Recording {
        final RunStart start;
        final ConcurrentHashMap<String, TaskState> tasks;
        final AtomicInteger nextIndex;
        volatile @Nullable RunEnd end;
        private @Nullable RunRecord record;

        // graph tasks by name (unique in a graph); every other task by its id, since names need not be unique
        private final Map<String, TaskState> graphByName = new HashMap<>();
        private final ConcurrentHashMap<String, Integer> nameUses = new ConcurrentHashMap<>();

        Recording(RunStart start) {
            this.start = start;
            List<TaskInfo> graph = start.graph();
            this.tasks = new ConcurrentHashMap<>(Math.max(16, graph.size() * 4 / 3 + 1));
            for (int i = 0; i < graph.size(); i++) {
                TaskInfo info = graph.get(i);
                TaskState st = new TaskState(info.name(), i, info);
                graphByName.put(info.name(), st);
                nameUses.put(info.name(), 1);
            }
            this.nextIndex = new AtomicInteger(graph.size());
        }

        TaskState state(TaskEvent e) {
            TaskState s = tasks.get(e.id());
            if (s != null) return s;
            return tasks.computeIfAbsent(e.id(), id -> {
                TaskState g = e.parentId() == null ? graphByName.get(e.task()) : null;
                if (g != null && !g.bound) {
                    g.bound = true;
                    return g;
                }
                // Scope-form tasks (and children forked inside graph tasks) are known only from events. A name used
                // before gets a number ("fetch (2)"), so that the record, which names tasks, keeps them apart.
                int n = nameUses.merge(e.task(), 1, Integer::sum);
                TaskState t = new TaskState(n == 1 ? e.task() : e.task() + " (" + n + ")", nextIndex.getAndIncrement(), null);
                if (e.parentId() != null) {
                    TaskState p = tasks.get(e.parentId());
                    t.parent = p != null ? p.name : e.parent();
                } else {
                    t.parent = e.parent();
                }
                return t;
            });
        }

        synchronized RunRecord record() {
            if (record == null) {
                RunEnd e = java.util.Objects.requireNonNull(end, "the run has not ended");
                TaskState[] ordered = new TaskState[nextIndex.get()];
                for (TaskState s : graphByName.values()) {
                    ordered[s.index] = s;
                }
                for (TaskState s : tasks.values()) {
                    ordered[s.index] = s;
                }
                List<TaskRecord> records = new ArrayList<>(ordered.length);
                for (TaskState s : ordered) {
                    if (s != null) {
                        records.add(s.toRecord(e));
                    }
                }
                record = RunRecord.of(start.runName(), start.startedAt() == null ? Instant.EPOCH : start.startedAt(),
                        e.outcome(), e.error(), e.atNanos(), start.graph(), records);
            }
            return record;
        }
    }

    /**
     * The mutable state of one task. Attempt one lives in scalar fields; arrays appear only when a
     * second attempt starts, because most tasks run once.
     */
    private static final class TaskState {
        final String name;
        final int index;
        final @Nullable TaskInfo info;
        volatile @Nullable String parent;
        boolean bound; // a graph task whose id is known (its events arrived)
        @Nullable TaskOutcome outcome;
        @Nullable String error;
        long start = -1;
        long end = -1;
        int attempts;
        boolean attemptOpen;
        long firstEnd = -1;
        @Nullable String firstError;
        long @Nullable [] times; // start, end pairs of every attempt once there are two or more
        @Nullable String @Nullable [] errors;

        TaskState(String name, int index, @Nullable TaskInfo info) {
            this.name = name;
            this.index = index;
            this.info = info;
        }

        synchronized void on(TaskEvent e) {
            if (outcome != null) {
                return; // terminal already; a late event must not reopen the task
            }
            long at = e.atNanos();
            switch (e.kind()) {
                case SCHEDULED, RETRYING -> { }
                case STARTED -> startAttempt(Math.max(e.attempt(), attempts + 1), at);
                case ATTEMPT_FAILED -> closeAttempt(at, e.error());
                case SUCCEEDED, FAILED, CANCELLED, SKIPPED -> {
                    if (attemptOpen) {
                        closeAttempt(at, e.kind() == TaskEvent.Kind.SUCCEEDED ? null : e.error());
                    }
                    outcome = TaskOutcome.valueOf(e.kind().name());
                    error = e.error();
                    if (start >= 0) {
                        end = Math.max(at, start);
                    }
                }
            }
        }

        private void startAttempt(int attempt, long at) {
            if (attemptOpen) {
                closeAttempt(at, null);
            }
            attempts = attempt;
            attemptOpen = true;
            if (start < 0) {
                start = at;
            }
            if (attempt >= 2) {
                if (times == null) {
                    int capacity = Math.max(attempt, info == null ? 2 : info.maxAttempts());
                    times = new long[2 * capacity];
                    errors = new String[capacity];
                    Arrays.fill(times, -1);
                    times[0] = start;
                    times[1] = firstEnd < 0 ? at : firstEnd;
                    errors[0] = firstError;
                } else if (times.length < 2 * attempt) {
                    int old = times.length;
                    times = Arrays.copyOf(times, 4 * attempt);
                    Arrays.fill(times, old, times.length, -1);
                    errors = Arrays.copyOf(errors, 2 * attempt);
                }
                times[2 * (attempt - 1)] = at;
            }
        }

        private void closeAttempt(long at, @Nullable String err) {
            if (!attemptOpen) {
                return;
            }
            attemptOpen = false;
            if (times == null) {
                firstEnd = at;
                firstError = err;
            } else {
                times[2 * (attempts - 1) + 1] = at;
                java.util.Objects.requireNonNull(errors)[attempts - 1] = err;
            }
        }

        synchronized TaskRecord toRecord(RunEnd runEnd) {
            TaskOutcome o = outcome;
            String err = error;
            long s = start;
            long e = end;
            if (o == null) {
                // The run ended without telling this task's end: it was never reached or cut off.
                String why = "run " + runEnd.outcome().name().toLowerCase() + " before it "
                        + (s >= 0 ? "finished" : "started");
                o = runEnd.outcome() == RunOutcome.SUCCEEDED && s < 0 ? TaskOutcome.SKIPPED : TaskOutcome.CANCELLED;
                err = runEnd.error() == null ? why : why + ": " + runEnd.error();
                if (s >= 0) {
                    e = Math.max(s, runEnd.atNanos());
                    if (attemptOpen) {
                        closeAttempt(e, err);
                    }
                }
            }
            List<TaskRecord.Attempt> list = List.of();
            if (times != null) {
                list = new ArrayList<>(attempts);
                for (int i = 0; i < attempts; i++) {
                    long as = times[2 * i];
                    long ae = times[2 * i + 1];
                    if (as < 0) {
                        continue; // an attempt number the engine skipped
                    }
                    list.add(new TaskRecord.Attempt(as, Math.max(as, ae < 0 ? e : ae), java.util.Objects.requireNonNull(errors)[i]));
                }
            }
            List<String> deps = info == null ? List.of() : info.dependsOn();
            List<String> limits = info == null ? List.of() : info.limits();
            boolean required = info == null || info.required();
            return new TaskRecord(name, parent, deps, required, limits, o, s, s >= 0 ? e : -1, list, err);
        }
    }
}
