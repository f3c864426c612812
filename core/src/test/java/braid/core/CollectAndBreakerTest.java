package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 14: a collect-all mode (every result and every failure, no fail-fast) and a circuit breaker per key. */
class CollectAndBreakerTest {

    @Test
    void collectAllReturnsEveryResultAndEveryFailureInTheItemsOrder() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).limit("two", 2).build();
        List<Integer> items = List.of(1, 2, 3, 4, 5, 6);
        List<Collected<Integer, Integer>> out = engine.collectAll("squares", items, Policy.DEFAULT.withLimit("two"), (ctx, n) -> {
            ctx.sleep(Duration.ofMillis(10L * (7 - n)));
            if (n % 3 == 0) throw new IllegalStateException("no square for " + n);
            return n * n;
        });
        assertThat(out).extracting(Collected::item).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(out).filteredOn(Collected::succeeded).extracting(Collected::value).containsExactly(1, 4, 16, 25);
        assertThat(out).filteredOn(c -> !c.succeeded()).extracting(c -> c.failure().getMessage())
                .containsExactly("no square for 3", "no square for 6");
        // nobody was cancelled by the failures
        assertThat(out).allSatisfy(c -> assertThat(c.outcome()).isIn(TaskOutcome.SUCCEEDED, TaskOutcome.FAILED));
    }

    @Test
    void aBreakerOpensAfterFailuresInARowFailsFastThenLetsOneTry() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).keyedBreaker("host", 3, Duration.ofSeconds(30)).build();
        AtomicInteger calls = new AtomicInteger();
        boolean[] up = {false};
        List<String> outcomes = new ArrayList<>();
        engine.scope("breaker", scope -> {
            for (int i = 0; i < 6; i++) {
                Fork<Integer> f = scope.fork("call " + i, Policy.DEFAULT.optional().withLimit("host:down.example"), ctx -> {
                    calls.incrementAndGet();
                    if (!up[0]) throw new IllegalStateException("connection refused by down.example:443");
                    return 1;
                });
                outcomes.add(f.joinOptional().isPresent() ? "ok" : "failed");
            }
            // another host is not affected
            outcomes.add(scope.fork("other", Policy.DEFAULT.withLimit("host:up.example"), ctx -> 1).joinOptional().isPresent() ? "other ok" : "other failed");
            return null;
        });
        assertThat(calls.get()).as("3 attempts, then the breaker answers for the host").isEqualTo(3);
        assertThat(outcomes).containsExactly("failed", "failed", "failed", "failed", "failed", "failed", "other ok");

        // after the cool-down one attempt tries; the host is back, so the breaker closes
        up[0] = true;
        Integer later = engine.scope("later", scope -> {
            scope.clock().sleep(Duration.ofSeconds(31));
            int ok = 0;
            for (int i = 0; i < 3; i++) ok += scope.fork("again " + i, Policy.DEFAULT.withLimit("host:down.example"), ctx -> 1).join();
            return ok;
        });
        assertThat(later).isEqualTo(3);
    }
}
