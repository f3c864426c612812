package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A graph run's end is decided once, when its last task ends, not when someone awaits it (issue 14, bug 3). */
class RunEndTest {

    static Graph oneTask(Duration work) {
        Graph.Builder g = Graph.builder("short");
        g.add("work", ctx -> {
            ctx.sleep(work);
            return 1;
        });
        return g.build();
    }

    @Test
    void aRunAwaitedAfterItsDeadlineTimeStillSucceededAndItsWallIsItsOwn() throws Exception {
        Engine engine = Engine.builder().deadline(Duration.ofMillis(300)).build();
        Engine.Execution ex = engine.start(oneTask(Duration.ofMillis(50)));
        Thread.sleep(700); // well past the deadline's time, long after the run ended
        RunResult r = ex.await();
        assertThat(r.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(r.wall()).isLessThan(Duration.ofMillis(300));
    }

    @Test
    void cancelAfterTheEndChangesNothing() throws Exception {
        Engine engine = Engine.builder().build();
        Engine.Execution ex = engine.start(oneTask(Duration.ofMillis(20)));
        while (!ex.isDone()) Thread.sleep(5);
        ex.cancel();
        ex.drain();
        assertThat(ex.await().outcome()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void listenersHearTheEndAlthoughNobodyAwaits() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        AtomicReference<RunOutcome> outcome = new AtomicReference<>();
        RunListener l = new RunListener() {
            @Override
            public void runFinished(RunEnd end) {
                outcome.set(end.outcome());
                finished.countDown();
            }
        };
        Engine.builder().listener(l).build().start(oneTask(Duration.ofMillis(10)));
        assertThat(finished.await(10, TimeUnit.SECONDS)).as("runFinished without await()").isTrue();
        assertThat(outcome.get()).isEqualTo(RunOutcome.SUCCEEDED);
    }

    @Test
    void interruptingTheOwnerOfAScopeCancelsItRatherThanFailingIt() throws Exception {
        Engine engine = Engine.builder().build();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch inside = new CountDownLatch(1);
        Thread owner = Thread.ofPlatform().start(() -> {
            try {
                engine.scope("interrupted", scope -> {
                    inside.countDown();
                    return scope.fork("long", ctx -> {
                        ctx.sleep(Duration.ofMinutes(5));
                        return 1;
                    }).join();
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        owner.interrupt();
        owner.join(10_000);
        assertThat(thrown.get()).isInstanceOfSatisfying(RunFailedException.class,
                e -> assertThat(e.outcome()).isEqualTo(RunOutcome.CANCELLED));
    }

    @Test
    void aRetryOnPredicateThatThrowsIsNamedInTheFailureInsteadOfSilentlyMeaningDontRetry() throws Exception {
        Graph.Builder g = Graph.builder("predicate");
        g.add("flaky", Policy.DEFAULT.withRetry(Retry.exponential(3, Duration.ofMillis(1)).retryOn(e -> {
            throw new IllegalStateException("bug in the predicate");
        })), ctx -> {
            throw new java.io.IOException("transient");
        });
        RunResult r = Engine.builder().build().run(g.build());
        Throwable err = r.task("flaky").error();
        assertThat(err).hasMessage("transient");
        assertThat(err.getSuppressed()).singleElement().satisfies(s ->
                assertThat(s).hasMessageContaining("retryOn predicate of task 'flaky' threw").hasMessageContaining("bug in the predicate"));
    }

    @Test
    void aForksFailureRethrownWithContextByTheBodyKeepsTheContext() {
        for (int i = 0; i < 12; i++) {
            Engine engine = Engine.builder().build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> engine.scope("context", scope -> {
                Fork<Integer> f = scope.fork("page 7", ctx -> {
                    throw new java.io.IOException("HTTP 500");
                });
                try {
                    return f.join();
                } catch (TaskFailedException e) {
                    throw new IllegalStateException("while reading the catalogue, page 7", e);
                }
            })).isInstanceOfSatisfying(RunFailedException.class, e -> assertThat(e.getCause())
                    .isInstanceOf(IllegalStateException.class).hasMessage("while reading the catalogue, page 7"));
        }
    }
}
