package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, bug 8: a deadlock on the virtual clock (a task holding the only permit forks a child that needs the same
 * limit and joins it) used to hang silently. Now the run fails at once, naming each blocked task and what it waits for.
 */
class VirtualClockDeadlockTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTaskThatHoldsThePermitItsChildNeedsFailsTheScopeNamingBoth() {
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("one", 1).build();
        RunFailedException e = catchThrowableOfType(RunFailedException.class, () -> engine.scope("stuck", scope ->
                scope.fork("parent", Policy.DEFAULT.withLimit("one"), ctx -> {
                    ctx.sleep(Duration.ofMillis(5));
                    return ctx.fork("child", Policy.DEFAULT.withLimit("one"), c -> 1).join();
                }).join()));
        assertThat(e).isNotNull();
        assertThat(e.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(e.getCause()).isInstanceOf(VirtualClockDeadlockException.class);
        assertThat(e.getMessage()).contains("nothing can move on the virtual clock at +5 ms",
                "task 'child' waits for a permit of 'one'", "task 'parent' waits for task 'child' to end");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aGraphRunStuckTheSameWayFailsToo() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("one", 1).build();
        Graph.Builder g = Graph.builder("stuck graph");
        g.add("parent", Policy.DEFAULT.withLimit("one"), ctx -> ctx.fork("child", Policy.DEFAULT.withLimit("one"), c -> 1).join());
        RunResult r = engine.run(g.build());
        assertThat(r.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(r.error()).isInstanceOf(VirtualClockDeadlockException.class);
        assertThat(((VirtualClockDeadlockException) r.error()).blocked())
                .anySatisfy(s -> assertThat(s).startsWith("task 'child' waits for a permit of 'one'"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void longSleepsAndPermitWaitsThatWillEndAreNoDeadlock() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).limit("one", 1).build();
        Integer sum = engine.scope("fine", scope -> {
            Fork<Integer> a = scope.fork("a", Policy.DEFAULT.withLimit("one"), ctx -> {
                ctx.sleep(Duration.ofHours(1));
                return 1;
            });
            Fork<Integer> b = scope.fork("b", Policy.DEFAULT.withLimit("one"), ctx -> 2);
            return a.join() + b.join();
        });
        assertThat(sum).isEqualTo(3);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(1));
    }
}
