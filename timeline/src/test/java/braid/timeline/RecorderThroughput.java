package braid.timeline;

import braid.core.RunEnd;
import braid.core.RunOutcome;
import braid.core.RunStart;
import braid.core.TaskEvent;
import braid.core.TaskEvent.Kind;
import braid.core.TaskInfo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A rough measurement of what recording costs per event, for the report (speed belongs in the bench
 * module; this is a main, not a test). Events are built before the clock starts, so only the
 * recorder is timed. Run: {@code java -cp <test classpath> braid.timeline.RecorderThroughput [tasks] [threads]}.
 */
public final class RecorderThroughput {
    private RecorderThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        List<TaskInfo> graph = new ArrayList<>(n);
        TaskEvent[][] events = new TaskEvent[n][];
        for (int i = 0; i < n; i++) {
            String name = "task " + i;
            graph.add(new TaskInfo(name, List.of(), null, 1, true, List.of()));
            events[i] = new TaskEvent[]{
                    new TaskEvent(name, null, Kind.SCHEDULED, 0, 0, null, null),
                    new TaskEvent(name, null, Kind.STARTED, 1, i, null, null),
                    new TaskEvent(name, null, Kind.SUCCEEDED, 1, i + 1000L, null, null)};
        }
        for (int round = 1; round <= 5; round++) {
            RunRecorder recorder = new RunRecorder();
            recorder.runStarted(new RunStart("throughput", Instant.EPOCH, graph));
            CountDownLatch done = new CountDownLatch(threads);
            long t0 = System.nanoTime();
            for (int k = 0; k < threads; k++) {
                int from = k;
                Thread.ofPlatform().start(() -> {
                    for (int i = from; i < n; i += threads) {
                        for (TaskEvent e : events[i]) {
                            recorder.taskEvent(e);
                        }
                    }
                    done.countDown();
                });
            }
            done.await();
            long eventsNanos = System.nanoTime() - t0;
            recorder.runFinished(new RunEnd(RunOutcome.SUCCEEDED, n + 1000L, null));
            long t1 = System.nanoTime();
            RunRecord record = recorder.record();
            long recordNanos = System.nanoTime() - t1;
            System.out.printf("round %d: %d tasks, %d threads: %.0f ns/event (%.1f M events/s), record() %d ms, %d tasks%n",
                    round, n, threads, (double) eventsNanos / (3.0 * n), 3.0 * n / eventsNanos * 1000,
                    recordNanos / 1_000_000, record.tasks().size());
        }
    }
}
