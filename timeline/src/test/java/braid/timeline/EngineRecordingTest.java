package braid.timeline;

import braid.core.Clock;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Graph;
import braid.core.Policy;
import braid.core.Retry;
import braid.core.RunOutcome;
import braid.core.RunResult;
import braid.core.TaskOutcome;
import braid.core.TaskRef;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static braid.timeline.FakeRun.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Real runs of the engine on a virtual clock, recorded and rendered. */
class EngineRecordingTest {
    @TempDir
    Path dir;

    private static Graph seedDay() {
        Graph.Builder g = Graph.builder("daily report");
        TaskRef<String> website = g.add(WEBSITE, Policy.DEFAULT.optional(), ctx -> {
            ctx.sleep(Duration.ofMinutes(15));
            return "news";
        });
        TaskRef<Integer> logs = g.add(LOGS, ctx -> {
            ctx.sleep(Duration.ofMinutes(5));
            return 5;
        });
        TaskRef<List<String>> sap = g.add(SAP, ctx -> {
            ctx.sleep(Duration.ofMinutes(12));
            return List.of("Alice", "Bob");
        });
        g.add(MERGE, Policy.DEFAULT.receiveAbsent(), List.of(website, logs, sap), (ctx, in) -> {
            ctx.sleep(Duration.ofMinutes(8));
            return in.get(sap).size();
        });
        return g.build();
    }

    @Test
    void seedDayOnAVirtualClockIsRecordedAs23MinutesAlongWebsiteThenMerge() throws Exception {
        RunRecorder recorder = new RunRecorder();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (ConsoleProgress progress = ConsoleProgress.plain(new PrintStream(console, true, StandardCharsets.UTF_8), true)) {
            Engine engine = Engine.builder().clock(Clock.virtual()).listener(recorder).listener(progress).build();
            RunResult result = engine.run(seedDay());
            assertThat(result.succeeded()).isTrue();
        }
        RunRecord r = recorder.record();

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.totals().wall()).isEqualTo(Duration.ofMinutes(23));
        assertThat(r.totals().sequential()).isEqualTo(Duration.ofMinutes(40));
        assertThat(r.criticalPath().tasks()).containsExactly(WEBSITE, MERGE);
        assertThat(r.tasks()).extracting(TaskRecord::name).containsExactly(WEBSITE, LOGS, SAP, MERGE);
        assertThat(r.tasks().getFirst().required()).isFalse();
        assertThat(r.graph()).extracting(t -> t.name()).containsExactly(WEBSITE, LOGS, SAP, MERGE);
        assertThat(BreakdownTable.render(r)).contains("read website content → merge and send e-mail: 23:00")
                .contains("40:00").contains("17:00 (42.5 %)");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("✔ read website content finished in 15:00\n")
                .contains("✔ merge and send e-mail finished in 8:00\n")
                .contains("■ daily report succeeded after 23:00\n");
        Path file = dir.resolve("run.json");
        r.write(file);
        assertThat(RunRecord.read(file)).isEqualTo(r);
    }

    @Test
    void retriesOfARealRunAreAttemptsSeparatedByTheirBackoff() throws Exception {
        RunRecorder recorder = new RunRecorder();
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("sap", 2).listener(recorder).build();
        AtomicInteger calls = new AtomicInteger();
        Graph.Builder g = Graph.builder("flaky sap");
        g.add(SAP, Policy.DEFAULT.withLimit("sap")
                .withRetry(Retry.exponential(4, Duration.ofMillis(200)).withJitter(0).retryOn(e -> e instanceof IOException)), ctx -> {
            ctx.sleep(Duration.ofMillis(300));
            if (calls.incrementAndGet() < 3) {
                throw new IOException("503 Service Unavailable");
            }
            return "clients";
        });
        engine.run(g.build());

        TaskRecord sap = recorder.record().tasks().getFirst();

        assertThat(sap.outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(sap.limits()).containsExactly("sap");
        assertThat(sap.attempts()).hasSize(3);
        assertThat(sap.attempts().get(0).error()).contains("503 Service Unavailable");
        assertThat(sap.attempts().get(2).error()).isNull();
        assertThat(sap.attempts().get(1).startNanos() - sap.attempts().get(0).endNanos())
                .isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(sap.attempts().get(2).startNanos() - sap.attempts().get(1).endNanos())
                .isEqualTo(Duration.ofMillis(400).toNanos());
        assertThat(sap.attempts()).allSatisfy(a -> assertThat(a.durationNanos()).isEqualTo(Duration.ofMillis(300).toNanos()));
        Document page = Jsoup.parse(HtmlTimeline.render(recorder.record()));
        assertThat(page.select("#timeline .bar.fail")).hasSize(2);
        assertThat(page.select("#timeline .gap")).hasSize(2);
    }

    @Test
    void failedRequiredTaskCancelsTheRestAndTheRecordSaysWhy() throws Exception {
        RunRecorder recorder = new RunRecorder();
        Engine engine = Engine.builder().clock(Clock.virtual()).listener(recorder).build();
        Graph.Builder g = Graph.builder("broken day");
        TaskRef<String> website = g.add(WEBSITE, ctx -> {
            ctx.sleep(Duration.ofMinutes(15));
            return "news";
        });
        TaskRef<String> sap = g.add(SAP, ctx -> {
            ctx.sleep(Duration.ofMinutes(1));
            throw new IOException("connection refused");
        });
        g.add(MERGE, Policy.DEFAULT, List.of(website, sap), (ctx, in) -> "sent");
        RunResult result = engine.run(g.build());
        assertThat(result.succeeded()).isFalse();

        RunRecord r = recorder.record();

        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.tasks().get(1).outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(r.tasks().get(1).error()).contains("connection refused");
        assertThat(r.tasks().get(0).outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.tasks().get(0).endNanos()).isEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(r.tasks().get(2).started()).isFalse();
        assertThat(r.tasks().get(2).outcome()).isIn(TaskOutcome.CANCELLED, TaskOutcome.SKIPPED);
        assertThat(BreakdownTable.render(r)).contains("failed").contains("cancelled");
    }

    @Test
    void scopeFormForksAndTheirChildrenAreRecordedWithParents() {
        RunRecorder recorder = new RunRecorder();
        Engine engine = Engine.builder().clock(Clock.virtual()).listener(recorder).build();
        int total = engine.scope("fetch pages", scope -> {
            Fork<Integer> index = scope.fork("read index", ctx -> {
                ctx.sleep(Duration.ofSeconds(1));
                List<Fork<Integer>> pages = new ArrayList<>();
                for (int i = 1; i <= 3; i++) {
                    int n = i;
                    pages.add(ctx.fork("page " + n, c -> {
                        c.sleep(Duration.ofSeconds(n));
                        return n;
                    }));
                }
                int sum = 0;
                for (Fork<Integer> p : pages) {
                    sum += p.join();
                }
                return sum;
            });
            Fork<Integer> other = scope.fork("read logs", ctx -> {
                ctx.sleep(Duration.ofSeconds(2));
                return 10;
            });
            return index.join() + other.join();
        });
        assertThat(total).isEqualTo(16);

        RunRecord r = recorder.record();

        assertThat(r.graph()).isEmpty();
        assertThat(r.totals().wall()).isEqualTo(Duration.ofSeconds(4));
        TaskRecord page3 = r.tasks().stream().filter(t -> t.name().equals("page 3")).findFirst().orElseThrow();
        assertThat(page3.parent()).isEqualTo("read index");
        assertThat(page3.durationNanos()).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(r.totals().sequential()).as("children are inside their parent").isEqualTo(Duration.ofSeconds(6));
        assertThat(r.criticalPath().tasks()).containsExactly("read index");
        assertThat(Mermaid.render(r)).contains("t_read_index -.-> t_page_3");
    }

    @Test
    void forksWithTheSameNameStayApartInTheRecord() {
        // Scope.fork says a name need not be unique: a hundred forks may all be called "fetch". The record keeps
        // them apart (it merged them into one task before) and numbers the later ones.
        RunRecorder recorder = new RunRecorder();
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        engine.scope("same names", scope -> {
            List<Fork<Integer>> forks = new java.util.ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                forks.add(scope.fork("fetch", ctx -> {
                    ctx.sleep(Duration.ofMillis(100 * n));
                    ctx.fork("parse", c -> {
                        c.sleep(Duration.ofMillis(10));
                        return 0;
                    }).join();
                    return n;
                }));
            }
            for (Fork<Integer> f : forks) f.join();
            return null;
        }, recorder);
        RunRecord r = recorder.record();
        assertThat(r.tasks()).extracting(TaskRecord::name).containsExactlyInAnyOrder("fetch", "fetch (2)", "fetch (3)",
                "parse", "parse (2)", "parse (3)");
        assertThat(r.tasks().stream().filter(t -> t.name().startsWith("fetch")).map(t -> (t.endNanos() - t.startNanos()) / 1_000_000).sorted().toList())
                .containsExactly(110L, 210L, 310L);
        // each "parse" is the child of its own "fetch", which ended 10 ms after it
        for (TaskRecord parse : r.tasks().stream().filter(t -> t.name().startsWith("parse")).toList()) {
            TaskRecord parent = r.tasks().stream().filter(t -> t.name().equals(parse.parent())).findFirst().orElseThrow();
            assertThat(parent.name()).startsWith("fetch");
            assertThat(parent.endNanos()).isEqualTo(parse.endNanos());
        }
    }
}
