package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Scope#call}: a task run on the caller's thread, under its policy, recorded as a child. */
class CallTest {

    private static Engine.Builder recording(List<TaskEvent> events) {
        return Engine.builder().clock(Clock.virtual()).listener(new RunListener() {
            @Override
            public void taskEvent(TaskEvent e) {
                events.add(e);
            }
        });
    }

    @Test
    void aCallRunsOnTheCallersThreadAndIsRecordedAsItsChild() {
        List<TaskEvent> events = new CopyOnWriteArrayList<>();
        Engine engine = recording(events).build();
        List<Thread> threads = new CopyOnWriteArrayList<>();
        String out = engine.scope("calls", scope -> scope.fork("worker", ctx -> {
            threads.add(Thread.currentThread());
            String a = ctx.call("item 1", Policy.DEFAULT, c -> {
                threads.add(Thread.currentThread());
                c.sleep(Duration.ofSeconds(2));
                return "a";
            });
            return a + ctx.call("item 2", Policy.DEFAULT, c -> { threads.add(Thread.currentThread()); return "b"; });
        }).join());
        assertThat(out).isEqualTo("ab");
        assertThat(threads).hasSize(3).containsOnly(threads.getFirst());
        assertThat(events).filteredOn(e -> e.task().equals("item 1")).extracting(TaskEvent::kind)
                .containsExactly(TaskEvent.Kind.SCHEDULED, TaskEvent.Kind.STARTED, TaskEvent.Kind.SUCCEEDED);
        assertThat(events).filteredOn(e -> e.task().startsWith("item")).allSatisfy(e -> assertThat(e.parent()).isEqualTo("worker"));
    }

    @Test
    void workersCallingItemsOneAfterAnotherKeepTheLimitFullAndNeverExceedIt() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).limit("sap", 2).build();
        ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> done = new CopyOnWriteArrayList<>();
        engine.scope("lanes", scope -> {
            for (int l = 0; l < 3; l++) { // one lane more than the limit: it waits for a permit, it never exceeds it
                scope.fork("lane " + l, ctx -> {
                    Integer item;
                    while ((item = todo.poll()) != null) {
                        int n = item;
                        done.add(ctx.call("item " + n, Policy.DEFAULT.withLimit("sap"), c -> {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            c.sleep(Duration.ofSeconds(1));
                            inside.decrementAndGet();
                            return n;
                        }));
                    }
                    return null;
                });
            }
            return null;
        });
        assertThat(done).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(most).hasValue(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5)); // 9 items of 1 s, 2 at a time
    }

    @Test
    void aCallIsRetriedOnTheSameThreadWithItsBackoff() {
        List<TaskEvent> events = new CopyOnWriteArrayList<>();
        VirtualClock clock = Clock.virtual();
        Engine engine = recording(events).clock(clock).build();
        Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger tries = new AtomicInteger();
        Policy retry = Policy.DEFAULT.withRetry(Retry.exponential(3, Duration.ofSeconds(1)).withJitter(0));
        String out = engine.scope("retry", scope -> scope.call("flaky", retry, c -> {
            threads.add(Thread.currentThread());
            if (tries.incrementAndGet() < 3) throw new IOException("try " + tries.get() + " failed");
            return "third time";
        }));
        assertThat(out).isEqualTo("third time");
        assertThat(threads).hasSize(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3)); // backoff 1 s, then 2 s
        assertThat(events).filteredOn(e -> e.task().equals("flaky") && e.kind() == TaskEvent.Kind.ATTEMPT_FAILED).hasSize(2);
    }

    @Test
    void aFailedCallThrowsToItsCallerAndDoesNotCancelTheCallersOtherForks() {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        AtomicBoolean siblingFinished = new AtomicBoolean();
        String out = engine.scope("decides", scope -> {
            scope.fork("sibling", ctx -> { ctx.sleep(Duration.ofMinutes(1)); siblingFinished.set(true); return null; });
            try {
                return scope.call("bad", Policy.DEFAULT, c -> { throw new IOException("SAP said 503"); });
            } catch (TaskFailedException e) {
                assertThat(e).hasMessageContaining("bad").hasRootCauseMessage("SAP said 503");
                return "handled";
            }
        });
        assertThat(out).isEqualTo("handled");
        assertThat(siblingFinished).isTrue();
    }

    @Test
    void aCallsTimeoutEndsTheCallAndTheCallerGoesOnUninterrupted() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).build();
        String out = engine.scope("timeouts", scope -> {
            try {
                scope.call("stalls", Policy.DEFAULT.withTimeout(Duration.ofSeconds(10)), c -> { c.sleep(Duration.ofHours(1)); return "never"; });
                return "not timed out";
            } catch (TaskFailedException e) {
                assertThat(e.getCause()).isInstanceOf(TaskTimeoutException.class);
                clock.sleep(Duration.ofSeconds(5)); // not interrupted: the timeout was the call's
                return "timed out";
            }
        });
        assertThat(out).isEqualTo("timed out");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(15));
    }

    @org.junit.jupiter.api.RepeatedTest(25) // the caller's cancel and the call's once raced (the call ended failed)
    void aCallerCancelledDuringACallEndsCancelledAndTheCallIsRecordedCancelled() {
        List<TaskEvent> events = new CopyOnWriteArrayList<>();
        Engine engine = recording(events).build();
        AtomicBoolean wentOn = new AtomicBoolean();
        assertThatThrownBy(() -> engine.scope("cancel", scope -> {
            scope.fork("worker", ctx -> {
                ctx.call("long item", Policy.DEFAULT, c -> { c.sleep(Duration.ofHours(1)); return null; });
                wentOn.set(true);
                return null;
            });
            Fork<Object> bad = scope.fork("bad", ctx -> { ctx.sleep(Duration.ofSeconds(1)); throw new IOException("boom"); });
            return bad.join();
        })).isInstanceOf(RunFailedException.class).hasMessageContaining("boom");
        assertThat(wentOn).isFalse();
        assertThat(events).filteredOn(e -> e.task().equals("long item")).extracting(TaskEvent::kind).last()
                .isEqualTo(TaskEvent.Kind.CANCELLED);
        assertThat(events).filteredOn(e -> e.task().equals("worker")).extracting(TaskEvent::kind).last()
                .isEqualTo(TaskEvent.Kind.CANCELLED);
    }

    @Test
    void aDrainEndsACallsBackoffAndTheCallerEndsCancelledNotFailed() throws Exception {
        Engine engine = Engine.builder().build();
        Graph.Builder g = Graph.builder("drain");
        AtomicInteger attempts = new AtomicInteger();
        g.add("lane", ctx -> ctx.call("flaky", Policy.DEFAULT.withRetry(Retry.exponential(5, Duration.ofMinutes(2))), c -> {
            attempts.incrementAndGet();
            throw new IOException("transient");
        }));
        Engine.Execution ex = engine.start(g.build());
        while (attempts.get() < 1) Thread.sleep(5);
        Thread.sleep(100); // now in its two-minute backoff
        long t0 = System.nanoTime();
        ex.drain();
        RunResult r = ex.await();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(attempts).hasValue(1);
        assertThat(r.task("lane").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.outcome()).isEqualTo(RunOutcome.CANCELLED);
    }

    @Test
    void aDrainWhileACallWaitsForAPermitEndsItAndTheCallerEndsCancelled() throws Exception {
        Engine engine = Engine.builder().limit("sap", 1).build();
        Graph.Builder g = Graph.builder("drain while waiting");
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        g.add("lane", ctx -> {
            ctx.fork("holder", Policy.DEFAULT.withLimit("sap"), c -> { held.countDown(); c.sleep(Duration.ofMillis(500)); return null; });
            held.await();
            return ctx.call("page", Policy.DEFAULT.withLimit("sap"), c -> { ran.set(true); return "read"; });
        });
        Engine.Execution ex = engine.start(g.build());
        held.await();
        Thread.sleep(100); // the call now waits for the holder's permit
        ex.drain();
        RunResult r = ex.await();
        assertThat(ran).isFalse();
        assertThat(r.task("lane").outcome()).isEqualTo(TaskOutcome.CANCELLED);
        assertThat(r.outcome()).isEqualTo(RunOutcome.CANCELLED);
    }

    @Test
    void aCallFromAnotherThreadThanTheOwnersOrNamingAnUnknownLimitIsRefused() {
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("sap", 1).build();
        List<Throwable> refused = new ArrayList<>();
        engine.scope("refusals", scope -> {
            scope.fork("fork", ctx -> {
                try {
                    scope.call("from a fork", Policy.DEFAULT, c -> 1); // the scope's owner is the caller of scope(), not this fork
                } catch (IllegalStateException e) {
                    refused.add(e);
                }
                return null;
            }).join();
            try {
                scope.call("typo", Policy.DEFAULT.withLimit("spa"), c -> 1);
            } catch (IllegalArgumentException e) {
                refused.add(e);
            }
            return null;
        });
        assertThat(refused).hasSize(2);
        assertThat(refused.get(0)).hasMessageContaining("cannot call 'from a fork'").hasMessageContaining("its own TaskContext");
        assertThat(refused.get(1)).hasMessageContaining("cannot call 'typo'").hasMessageContaining("spa");
    }
}
