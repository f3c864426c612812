package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrainTest {

    @Test
    void drainLetsWorkInFlightFinishAndStartsNothingNew() throws Exception {
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("smtp", 1).build();
        // a real wait holds the virtual clock still until the test thread has the execution in hand
        java.util.concurrent.CompletableFuture<Engine.Execution> exec = new java.util.concurrent.CompletableFuture<>();
        Graph.Builder g = Graph.builder();
        TaskRef<Integer> sender = g.add("send", ctx -> {
            int sent = 0;
            for (int i = 0; i < 10 && !ctx.isDraining(); i++) {
                ctx.sleep(Duration.ofSeconds(1)); // one message in flight
                sent++;
            }
            return sent;
        });
        g.add("after send", Policy.DEFAULT, List.of(sender), (ctx, in) -> "report");
        g.add("holds the permit", Policy.DEFAULT.withLimit("smtp"), ctx -> { ctx.sleep(Duration.ofSeconds(20)); return 1; });
        g.add("waits for a permit", Policy.DEFAULT.withLimit("smtp"), ctx -> { ctx.sleep(Duration.ofSeconds(1)); return 1; });
        g.add("signal", Policy.DEFAULT.optional(), ctx -> {
            Engine.Execution x = exec.get();
            ctx.sleep(Duration.ofMillis(3500));
            x.drain();
            return null;
        });
        Graph graph = g.build();
        Engine.Execution e = engine.start(graph);
        exec.complete(e);
        RunResult r = e.await();
        assertThat(r.task("send").value()).isEqualTo(4); // the fourth message was in flight at 3.5 s and finished
        assertThat(r.task("after send").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.task("after send").error()).hasMessageContaining("draining");
        assertThat(r.task("waits for a permit").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.task("holds the permit").outcome()).isEqualTo(TaskOutcome.SUCCEEDED);
        assertThat(r.outcome()).isEqualTo(RunOutcome.CANCELLED);
        assertThat(r.wall()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void drainingEndsARetrysBackoffWaitInsteadOfWaitingItOut() throws Exception {
        Engine engine = Engine.builder().build();
        Graph.Builder g = Graph.builder("backoff");
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        g.add("flaky", Policy.DEFAULT.withRetry(Retry.exponential(5, Duration.ofMinutes(2))), ctx -> {
            attempts.incrementAndGet();
            throw new java.io.IOException("transient");
        });
        Engine.Execution ex = engine.start(g.build());
        while (attempts.get() < 1) Thread.sleep(5);
        Thread.sleep(100); // now in its two-minute backoff
        long t0 = System.nanoTime();
        ex.drain();
        RunResult r = ex.await();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a Kubernetes grace period is 30 s").isLessThan(Duration.ofSeconds(5));
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(r.task("flaky").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.outcome()).isEqualTo(RunOutcome.CANCELLED);
    }
}
