package braid.timeline;

import braid.core.RunOutcome;
import braid.core.TaskInfo;
import braid.core.TaskOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of a million tasks is recorded, rendered, written and read back within the test JVM's heap,
 * which this module's POM caps at 2 GB.
 */
class MillionTaskRunTest {
    @TempDir
    Path dir;

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void millionTaskRunIsRecordedRenderedAndReadBackInTwoGigabytes() throws Exception {
        int n = 1_000_000;
        long maxHeap = Runtime.getRuntime().maxMemory();
        List<TaskInfo> graph = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            graph.add(info("mail " + i));
        }
        long before = usedHeap();
        RunRecorder recorder = new RunRecorder();
        FakeRun run = new FakeRun(recorder).start("mail a million", graph);
        long t0 = System.nanoTime();
        int threads = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int k = 0; k < threads; k++) {
                int from = k;
                pool.submit(() -> {
                    for (int i = from; i < n; i += threads) {
                        String name = "mail " + i;
                        long start = ms(i / 1000);
                        run.scheduled(name, 0).started(name, 1, start);
                        if (i % 100 == 3) {
                            run.retry(name, 1, start + ms(1), Duration.ofMillis(2), "SmtpException: 421 try later")
                                    .started(name, 2, start + ms(3));
                        }
                        run.succeeded(name, i % 100 == 3 ? 2 : 1, start + ms(5));
                    }
                });
            }
        }
        long eventNanos = System.nanoTime() - t0;
        run.finish(RunOutcome.SUCCEEDED, ms(n / 1000 + 5), null);
        long recording = usedHeap() - before;

        RunRecord r = recorder.record();
        long withRecord = usedHeap() - before;
        assertThat(r.tasks()).hasSize(n);
        assertThat(r.tasks().get(3).attempts()).hasSize(2);
        assertThat(r.tasks()).allMatch(t -> t.outcome() == TaskOutcome.SUCCEEDED);

        String html = HtmlTimeline.render(r);
        String table = BreakdownTable.render(r);
        assertThat(html).contains("1,000,000");
        assertThat(table).contains("999,950 more tasks");
        Path file = dir.resolve("million.json");
        r.write(file);
        long t1 = System.nanoTime();
        RunRecord back = RunRecord.read(file);
        long readNanos = System.nanoTime() - t1;
        assertThat(back.tasks()).hasSize(n);
        assertThat(back.totals()).isEqualTo(r.totals());

        System.out.printf("million tasks: %.0f ns/event over %d events; recorder %d MB; recorder+record %d MB; "
                        + "JSON %d MB read in %d ms; max heap %d MB%n",
                (double) eventNanos / (3.0 * n + 0.03 * n * 3), (long) (3 * n + 0.03 * n * 3), recording >> 20,
                withRecord >> 20, Files.size(file) >> 20, readNanos / 1_000_000, maxHeap >> 20);
        assertThat(withRecord).as("recorder and record of a million tasks").isLessThan(maxHeap / 2);
    }
}
