package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Issue 14: a total timeout over queueing, attempts and backoff; ScopedValue bindings and SLF4J's MDC reach forks. */
class ContextAndTotalTimeoutTest {
    static final ScopedValue<String> REQUEST = ScopedValue.newInstance();

    @Test
    void aTotalTimeoutCoversTheWaitForAPermit() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).limit("one", 1).build();
        Throwable[] why = new Throwable[1];
        engine.scope("queued", scope -> {
            Fork<Integer> holder = scope.fork("holder", Policy.DEFAULT.withLimit("one"), ctx -> {
                ctx.sleep(Duration.ofSeconds(10));
                return 1;
            });
            Fork<Integer> waiting = scope.fork("waiting", Policy.DEFAULT.optional().withLimit("one")
                    .withTotalTimeout(Duration.ofSeconds(1)), ctx -> 2);
            try {
                waiting.join();
            } catch (TaskFailedException e) {
                why[0] = e.getCause();
            }
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(1));
            return holder.join();
        });
        assertThat(why[0]).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("timed out after 1.0 s");
    }

    @Test
    void aTotalTimeoutCoversAttemptsAndBackoffAndEndsTheRetries() throws Exception {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).build();
        AtomicInteger attempts = new AtomicInteger();
        Graph.Builder g = Graph.builder("retrying");
        g.add("flaky", Policy.DEFAULT.optional().withRetry(Retry.exponential(10, Duration.ofSeconds(1)).withJitter(0))
                .withTotalTimeout(Duration.ofMillis(2_500)), ctx -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("503");
                });
        RunResult r = engine.run(g.build());
        assertThat(r.task("flaky").outcome()).isEqualTo(TaskOutcome.FAILED);
        assertThat(r.task("flaky").error()).isInstanceOf(TaskTimeoutException.class);
        // attempts at 0 s, 1 s (after 1 s), 3 s would be next (after 2 s): the total of 2.5 s ends the backoff
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void scopedValuesAndTheMdcReachForksAndTheirChildren() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).propagate(REQUEST).build();
        MDC.put("request", "mdc-7");
        try {
            List<String> seen = ScopedValue.where(REQUEST, "req-42").call(() -> engine.scope("ctx", scope -> {
                Fork<String> child = scope.fork("child", ctx -> {
                    Fork<String> grandchild = ctx.fork("grandchild", c -> REQUEST.get() + "/" + MDC.get("request"));
                    return REQUEST.get() + "/" + MDC.get("request") + " " + grandchild.join();
                });
                return List.of(child.join());
            }));
            assertThat(seen).containsExactly("req-42/mdc-7 req-42/mdc-7");
        } finally {
            MDC.remove("request");
        }
        // an engine that does not propagate it leaves it unbound in forks
        Engine plain = Engine.builder().clock(Clock.virtual()).build();
        Boolean bound = ScopedValue.where(REQUEST, "req-42").call(() -> plain.scope("plain",
                scope -> scope.fork("f", ctx -> REQUEST.isBound()).join()));
        assertThat(bound).isFalse();
    }
}
