package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void forksRunConcurrentlyAndJoinGathersTheirResults() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).build();
        List<String> out = engine.scope("gather", scope -> {
            Fork<String> a = scope.fork("a", ctx -> { ctx.sleep(Duration.ofSeconds(15)); return "a"; });
            Fork<String> b = scope.fork("b", ctx -> { ctx.sleep(Duration.ofSeconds(5)); return "b"; });
            return List.of(a.join(), b.join());
        });
        assertThat(out).containsExactly("a", "b");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void requiredForkFailureCancelsSiblingsAndFailsTheScope() {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        AtomicBoolean siblingFinished = new AtomicBoolean();
        assertThatThrownBy(() -> engine.scope("fail fast", scope -> {
            scope.fork("sibling", ctx -> { ctx.sleep(Duration.ofHours(1)); siblingFinished.set(true); return 1; });
            Fork<Integer> bad = scope.fork("bad", ctx -> { ctx.sleep(Duration.ofSeconds(1)); throw new IOException("boom"); });
            return bad.join();
        })).isInstanceOf(RunFailedException.class).hasMessageContaining("boom")
                .extracting(e -> ((RunFailedException) e).outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(siblingFinished).isFalse();
    }

    @Test
    void optionalForkFailureIsAbsentNotFatal() {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        String r = engine.scope("optional", scope -> {
            Fork<String> news = scope.fork("news", Policy.DEFAULT.optional(), ctx -> { throw new IOException("down"); });
            return news.joinOptional().orElse("no news");
        });
        assertThat(r).isEqualTo("no news");
    }

    @Test
    void taskContextForksAreChildrenAwaitedByTheirParent() throws Exception {
        List<TaskEvent> events = new CopyOnWriteArrayList<>();
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("sap", 2).listener(new RunListener() {
            @Override
            public void taskEvent(TaskEvent e) {
                events.add(e);
            }
        }).build();
        Graph.Builder g = Graph.builder();
        TaskRef<Integer> pages = g.add("fetch SAP", ctx -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                int n = i;
                forks.add(ctx.fork("page " + n, Policy.DEFAULT.withLimit("sap"), c -> { c.sleep(Duration.ofSeconds(1)); return n; }));
            }
            int sum = 0;
            for (Fork<Integer> f : forks) sum += f.join();
            return sum;
        });
        RunResult r = engine.run(g.build());
        assertThat(r.get(pages)).isEqualTo(15);
        assertThat(r.wall()).isEqualTo(Duration.ofSeconds(3)); // 6 pages, 2 at a time, 1 s each
        assertThat(events).filteredOn(e -> e.task().equals("page 3")).allSatisfy(e -> assertThat(e.parent()).isEqualTo("fetch SAP"));
    }

    @Test
    void requiredChildFailureFailsTheParentAttemptWhichRetries() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        Graph.Builder g = Graph.builder();
        TaskRef<String> parent = g.add("parent", Policy.DEFAULT.withRetry(Retry.exponential(2, Duration.ofSeconds(1)).withJitter(0)), ctx -> {
            int attempt = ctx.attempt();
            Fork<String> child = ctx.fork("child", c -> {
                if (attempt == 1) throw new IOException("child failed");
                return "ok";
            });
            return child.join();
        });
        RunResult r = engine.run(g.build());
        assertThat(r.get(parent)).isEqualTo("ok");
        assertThat(r.task("parent").attempts()).isEqualTo(2);
    }

    @Test
    void unjoinedForksAreAwaitedWhenTheBodyReturns() {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        AtomicBoolean done = new AtomicBoolean();
        engine.scope("nursery", scope -> {
            scope.fork("background", ctx -> { ctx.sleep(Duration.ofMinutes(1)); done.set(true); return null; });
            return null;
        });
        assertThat(done).isTrue();
    }

    @Test
    void deadlineCancelsAScope() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).deadline(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> engine.scope("slow", scope -> scope.fork("forever", ctx -> { ctx.sleep(Duration.ofDays(1)); return 1; }).join()))
                .isInstanceOf(RunFailedException.class)
                .extracting(e -> ((RunFailedException) e).outcome()).isEqualTo(RunOutcome.DEADLINE_EXCEEDED);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void forkingAfterTheScopeEndedIsRefused() {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        Scope leaked = engine.scope("s", scope -> scope);
        assertThatThrownBy(() -> leaked.fork("late", ctx -> 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("has ended");
    }

    @Test
    void hundredThousandForksOnTheVirtualClock() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).build();
        long sum = engine.scope("many", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) forks.add(scope.fork("t", ctx -> { ctx.sleep(Duration.ofMillis(100)); return 1; }));
            long s = 0;
            for (Fork<Integer> f : forks) s += f.join();
            return s;
        });
        assertThat(sum).isEqualTo(100_000);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(100));
    }
}
