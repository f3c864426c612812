package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GraphRunTest {

    static final Duration MIN = Duration.ofMinutes(1);

    /** Records every event, for assertions on exact virtual times. */
    static final class Recording implements RunListener {
        final List<TaskEvent> events = new CopyOnWriteArrayList<>();
        final List<RunEnd> ends = new CopyOnWriteArrayList<>();

        @Override
        public void taskEvent(TaskEvent e) {
            events.add(e);
        }

        @Override
        public void runFinished(RunEnd end) {
            ends.add(end);
        }

        long at(String task, TaskEvent.Kind kind, int attempt) {
            return events.stream().filter(e -> e.task().equals(task) && e.kind() == kind && e.attempt() == attempt)
                    .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " #" + attempt + " for " + task + " in " + events))
                    .atNanos();
        }
    }

    @Test
    void seedScenarioTakesExactlyTheCriticalPathOnTheVirtualClock() throws Exception {
        VirtualClock clock = Clock.virtual();
        Recording rec = new Recording();
        Engine engine = Engine.builder().clock(clock).listener(rec).build();
        Graph.Builder g = Graph.builder("seed");
        TaskRef<String> a = g.add("read website content", ctx -> { ctx.sleep(MIN.multipliedBy(15)); return "news"; });
        TaskRef<String> b = g.add("analyse yesterday's logs", ctx -> { ctx.sleep(MIN.multipliedBy(5)); return "logs"; });
        TaskRef<List<String>> c = g.add("fetch SAP client data", ctx -> { ctx.sleep(MIN.multipliedBy(12)); return List.of("Alice", "Bob"); });
        TaskRef<String> d = g.add("merge and send e-mail", Policy.DEFAULT, List.of(a, b, c), (ctx, in) -> {
            ctx.sleep(MIN.multipliedBy(8));
            return in.values().toString();
        });

        RunResult r = engine.run(g.build());

        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.wall()).isEqualTo(MIN.multipliedBy(23));
        assertThat(r.get(d)).isEqualTo("[news, logs, [Alice, Bob]]");
        assertThat(rec.at("merge and send e-mail", TaskEvent.Kind.STARTED, 1)).isEqualTo(MIN.multipliedBy(15).toNanos());
        assertThat(rec.at("analyse yesterday's logs", TaskEvent.Kind.SUCCEEDED, 1)).isEqualTo(MIN.multipliedBy(5).toNanos());
        long sequential = r.all().stream().mapToLong(t -> t.endNanos() - t.startNanos()).sum();
        assertThat(Duration.ofNanos(sequential)).isEqualTo(MIN.multipliedBy(40));
        assertThat(clock.elapsed()).isEqualTo(MIN.multipliedBy(23));
    }

    @Test
    void dependantStartsTheMomentItsInputsAreReadyAndGathersInDeclaredOrder() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        Graph.Builder g = Graph.builder();
        TaskRef<Integer> slow = g.add("slow", ctx -> { ctx.sleep(Duration.ofSeconds(3)); return 1; });
        TaskRef<Integer> fast = g.add("fast", ctx -> { ctx.sleep(Duration.ofSeconds(1)); return 2; });
        TaskRef<Integer> afterFast = g.add("after fast", Policy.DEFAULT, List.of(fast), (ctx, in) -> { ctx.sleep(Duration.ofSeconds(1)); return in.get(fast) * 10; });
        TaskRef<List<Object>> all = g.add("all", Policy.DEFAULT, List.of(afterFast, slow, fast), (ctx, in) -> in.values());
        RunResult r = engine.run(g.build());
        assertThat(r.get(all)).containsExactly(20, 1, 2);
        assertThat(r.task("after fast").startNanos()).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(r.task("all").startNanos()).isEqualTo(Duration.ofSeconds(3).toNanos());
        assertThat(r.wall()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void requiredFailureCancelsTheRestAndFailsTheRun() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        Graph.Builder g = Graph.builder();
        TaskRef<String> sap = g.add("sap", ctx -> { ctx.sleep(Duration.ofSeconds(2)); throw new IOException("SAP down"); });
        TaskRef<String> web = g.add("web", ctx -> { ctx.sleep(Duration.ofMinutes(10)); return "x"; });
        g.add("send", Policy.DEFAULT, List.of(sap, web), (ctx, in) -> "sent");
        RunResult r = engine.run(g.build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.error()).isInstanceOf(TaskFailedException.class).hasMessageContaining("SAP down");
        assertThat(r.task("sap").outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(r.task("web").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.task("web").endNanos()).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(r.task("send").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.wall()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> r.get(TaskRef.named("send"))).hasMessageContaining("send");
    }

    @Test
    void optionalFailureGivesAbsentToDependantsThatAcceptItAndSkipsTheOthers() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        Graph.Builder g = Graph.builder();
        TaskRef<String> web = g.add("web", Policy.DEFAULT.optional(), ctx -> { throw new IOException("site down"); });
        TaskRef<String> logs = g.add("logs", ctx -> "figures");
        TaskRef<String> send = g.add("send", Policy.DEFAULT.receiveAbsent(), List.of(web, logs),
                (ctx, in) -> in.optional(web).orElse("no news") + " + " + in.get(logs));
        TaskRef<String> teaser = g.add("teaser", Policy.DEFAULT, List.of(web), (ctx, in) -> in.get(web));
        RunResult r = engine.run(g.build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.get(send)).isEqualTo("no news + figures");
        assertThat(r.task("teaser").outcome()).isEqualTo(TaskOutcome.SKIPPED);
        assertThat(r.task("teaser").error()).hasMessageContaining("input 'web' is absent").hasMessageContaining("site down");
        assertThat(r.optional(teaser)).isEmpty();
    }

    @Test
    void attemptTimesOutAtExactlyItsTimeout() throws Exception {
        Recording rec = new Recording();
        Engine engine = Engine.builder().clock(Clock.virtual()).listener(rec).build();
        Graph.Builder g = Graph.builder();
        g.add("hangs", Policy.DEFAULT.withTimeout(Duration.ofMinutes(1)), ctx -> { ctx.sleep(Duration.ofHours(1)); return 1; });
        RunResult r = engine.run(g.build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.task("hangs").error()).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("timed out after 1:00 min");
        assertThat(r.wall()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void retriesWithExactExponentialBackoffOnTheVirtualClock() throws Exception {
        Recording rec = new Recording();
        Engine engine = Engine.builder().clock(Clock.virtual()).listener(rec).build();
        Graph.Builder g = Graph.builder();
        Retry retry = Retry.exponential(5, Duration.ofSeconds(1)).withJitter(0);
        g.add("flaky", Policy.DEFAULT.withRetry(retry), ctx -> {
            ctx.sleep(Duration.ofMillis(100));
            if (ctx.attempt() < 4) throw new IOException("attempt " + ctx.attempt());
            return ctx.attempt();
        });
        RunResult r = engine.run(g.build());
        assertThat(r.task("flaky").value()).isEqualTo(4);
        assertThat(r.task("flaky").attempts()).isEqualTo(4);
        // attempt n ends at start + 100 ms, then waits 1 s, 2 s, 4 s
        assertThat(rec.at("flaky", TaskEvent.Kind.STARTED, 2)).isEqualTo(Duration.ofMillis(1100).toNanos());
        assertThat(rec.at("flaky", TaskEvent.Kind.STARTED, 3)).isEqualTo(Duration.ofMillis(3200).toNanos());
        assertThat(rec.at("flaky", TaskEvent.Kind.STARTED, 4)).isEqualTo(Duration.ofMillis(7300).toNanos());
        assertThat(rec.events.stream().filter(e -> e.kind() == TaskEvent.Kind.RETRYING).map(TaskEvent::retryDelay))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(r.wall()).isEqualTo(Duration.ofMillis(7400));
    }

    @Test
    void retryStopsAtMaxAttemptsAndSkipsFailuresThePredicateRejects() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        Graph.Builder g = Graph.builder();
        Retry retry = Retry.exponential(3, Duration.ofSeconds(1)).withJitter(0).retryOn(e -> e instanceof IOException);
        g.add("always io", Policy.DEFAULT.withRetry(retry).optional(), ctx -> { throw new IOException("io"); });
        g.add("bad input", Policy.DEFAULT.withRetry(retry).optional(), ctx -> { throw new IllegalArgumentException("bad"); });
        RunResult r = engine.run(g.build());
        assertThat(r.task("always io").attempts()).isEqualTo(3);
        assertThat(r.task("bad input").attempts()).isEqualTo(1);
        assertThat(r.wall()).isEqualTo(Duration.ofSeconds(3));
    }

    static final class Busy extends IOException implements RetryAfter {
        Busy() {
            super("429 Too Many Requests");
        }

        @Override
        public Duration retryAfter() {
            return Duration.ofSeconds(30);
        }
    }

    @Test
    void retryWaitsAtLeastWhatTheFailureAsksFor() throws Exception {
        Recording rec = new Recording();
        Engine engine = Engine.builder().clock(Clock.virtual()).listener(rec).build();
        Graph.Builder g = Graph.builder();
        g.add("sap page", Policy.DEFAULT.withRetry(Retry.exponential(2, Duration.ofSeconds(1)).withJitter(0)), ctx -> {
            if (ctx.attempt() == 1) throw new Busy();
            return "ok";
        });
        RunResult r = engine.run(g.build());
        assertThat(rec.at("sap page", TaskEvent.Kind.STARTED, 2)).isEqualTo(Duration.ofSeconds(30).toNanos());
        assertThat(r.succeeded()).isTrue();
    }

    @Test
    void deadlineBoundsTheWholeRun() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).deadline(Duration.ofMinutes(5)).build();
        Graph.Builder g = Graph.builder();
        TaskRef<Integer> a = g.add("long", ctx -> { ctx.sleep(Duration.ofMinutes(10)); return 1; });
        g.add("after", Policy.DEFAULT, List.of(a), (ctx, in) -> 2);
        RunResult r = engine.run(g.build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.DEADLINE_EXCEEDED);
        assertThat(r.wall()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.task("long").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.task("after").outcome()).isEqualTo(TaskOutcome.CANCELLED);
    }

    @Test
    void limitsAreNeverExceededUnderTenThousandTasks() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("sap", 8).build();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger max = new java.util.concurrent.atomic.AtomicInteger();
        Graph.Builder g = Graph.builder();
        for (int i = 0; i < 10_000; i++) {
            g.add("t" + i, Policy.DEFAULT.withLimit("sap"), ctx -> {
                int now = running.incrementAndGet();
                max.accumulateAndGet(now, Math::max);
                ctx.sleep(Duration.ofSeconds(1));
                running.decrementAndGet();
                return null;
            });
        }
        RunResult r = engine.run(g.build());
        assertThat(r.succeeded()).isTrue();
        assertThat(max.get()).isEqualTo(8);
        assertThat(r.wall()).isEqualTo(Duration.ofSeconds(1250));
    }

    @Test
    void limitsHoldOnTheSystemClockToo() throws Exception {
        Engine engine = Engine.builder().limit("http", 3).build();
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger max = new java.util.concurrent.atomic.AtomicInteger();
        int total = engine.scope("real", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                forks.add(scope.fork("t" + i, Policy.DEFAULT.withLimit("http"), ctx -> {
                    max.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    running.decrementAndGet();
                    return 1;
                }));
            }
            int sum = 0;
            for (Fork<Integer> f : forks) sum += f.join();
            return sum;
        });
        assertThat(total).isEqualTo(200);
        assertThat(max.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void cancellingARunInterruptsItsTasksAndLeavesNoLiveThread() throws Exception {
        Engine engine = Engine.create();
        Map<String, Thread> threads = new ConcurrentHashMap<>();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(3);
        Graph.Builder g = Graph.builder();
        List<TaskRef<?>> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            refs.add(g.add("sleeper " + i, ctx -> {
                threads.put(ctx.taskName(), Thread.currentThread());
                started.countDown();
                Thread.sleep(Duration.ofMinutes(10));
                return 1;
            }));
        }
        g.add("never", Policy.DEFAULT, refs, (ctx, in) -> 1);
        Engine.Execution ex = engine.start(g.build());
        started.await();
        ex.cancel();
        RunResult r = ex.await();
        assertThat(r.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(r.all()).allSatisfy(t -> assertThat(t.outcome()).isEqualTo(TaskOutcome.CANCELLED));
        assertThat(threads.values()).allSatisfy(t -> assertThat(t.isAlive()).isFalse());
        assertThat(r.wall()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void listenersThatThrowNeverBreakARun() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).listener(new RunListener() {
            @Override
            public void taskEvent(TaskEvent e) {
                throw new IllegalStateException("listener bug");
            }
        }).build();
        Graph.Builder g = Graph.builder();
        TaskRef<Integer> a = g.add("a", ctx -> 41);
        TaskRef<Integer> b = g.add("b", Policy.DEFAULT, List.of(a), (ctx, in) -> in.get(a) + 1);
        assertThat(engine.run(g.build()).get(b)).isEqualTo(42);
    }

    @Test
    void eventsFollowTheTaskLifecycle() throws Exception {
        Recording rec = new Recording();
        Engine engine = Engine.builder().clock(Clock.virtual()).listener(rec).build();
        Graph.Builder g = Graph.builder();
        g.add("t", Policy.DEFAULT.withRetry(Retry.exponential(2, Duration.ofSeconds(1)).withJitter(0)), ctx -> {
            if (ctx.attempt() == 1) throw new IOException("first");
            return 1;
        });
        engine.run(g.build());
        assertThat(rec.events).extracting(TaskEvent::kind).containsExactly(TaskEvent.Kind.SCHEDULED, TaskEvent.Kind.STARTED,
                TaskEvent.Kind.ATTEMPT_FAILED, TaskEvent.Kind.RETRYING, TaskEvent.Kind.STARTED, TaskEvent.Kind.SUCCEEDED);
        assertThat(rec.events.get(2).error()).isEqualTo("first");
        assertThat(rec.ends).singleElement().extracting(RunEnd::outcome).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void graphWithManyIndependentTasksOnTheSystemClockOverlapsTheirWaits() throws Exception {
        Engine engine = Engine.create();
        Graph.Builder g = Graph.builder();
        for (int i = 0; i < 1000; i++) g.add("t" + i, ctx -> { Thread.sleep(200); return null; });
        RunResult r = engine.run(g.build());
        assertThat(r.succeeded()).isTrue();
        assertThat(r.wall()).isLessThan(Duration.ofSeconds(20)); // generous: 1,000 × 200 ms sequentially would be 200 s
        Collections.emptyList();
    }

    @Test
    void scaledClockRunsFasterButRecordsFullDurations() throws Exception {
        Engine engine = Engine.builder().clock(Clock.scaled(600)).build();
        Graph.Builder g = Graph.builder();
        g.add("one minute", ctx -> { ctx.sleep(Duration.ofMinutes(1)); return 1; });
        long t0 = System.nanoTime();
        RunResult r = engine.run(g.build());
        long realMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(realMs).isLessThan(10_000); // 100 ms expected; generous bound
        assertThat(r.wall()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(120));
    }
}
