package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A per-attempt timeout that fires at the instant its attempt ends on its own: the timer's callback is already running
 * ({@code cancel()} cannot stop it), so its interrupt must not outlive the attempt and land in the retry's backoff.
 */
class TimeoutRaceTest {

    @Test
    void aTimeoutFiringAsItsAttemptFailsOnItsOwnDoesNotCancelTheRetry() throws Exception {
        Engine engine = Engine.builder().build();
        CountDownLatch timerFiring = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        List<TaskEvent> events = Collections.synchronizedList(new ArrayList<>());
        String result = engine.scope("race", scope -> scope.fork("reader", Policy.DEFAULT.withTimeout(Duration.ofMillis(200))
                .withRetry(Retry.exponential(2, Duration.ofMillis(500)).withJitter(0)), ctx -> {
            if (attempts.incrementAndGet() == 2) return "read on the second attempt";
            ctx.fork("helper", Policy.DEFAULT, c -> {
                // The timeout's callback cancels the attempt's children before it interrupts the task itself; this
                // helper's interrupt action holds the callback there for 300 ms, the width of the race made visible.
                try (TaskContext.Registration r = c.onInterrupt(() -> {
                    timerFiring.countDown();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })) {
                    c.sleep(Duration.ofMinutes(1));
                }
                return null;
            });
            // the attempt's own failure, at the instant its timeout fires (as a reader whose own limit equals it)
            assertThat(timerFiring.await(10, TimeUnit.SECONDS)).isTrue();
            throw new IOException("no complete answer within 200 ms");
        }).join(), new RunListener() {
            @Override
            public void taskEvent(TaskEvent e) {
                events.add(e);
            }
        });
        assertThat(result).isEqualTo("read on the second attempt");
        assertThat(attempts).hasValue(2);
        assertThat(events).filteredOn(e -> e.task().equals("reader")).extracting(TaskEvent::kind)
                .containsExactly(TaskEvent.Kind.SCHEDULED, TaskEvent.Kind.STARTED, TaskEvent.Kind.ATTEMPT_FAILED, TaskEvent.Kind.RETRYING,
                        TaskEvent.Kind.STARTED, TaskEvent.Kind.SUCCEEDED);
    }

    @Test
    void aCallsTotalTimeoutFiringAsTheCallEndsDoesNotInterruptItsCallerAfterwards() throws Exception {
        Engine engine = Engine.builder().build();
        CountDownLatch timerFiring = new CountDownLatch(1);
        String result = engine.scope("inline", scope -> {
            String first;
            try {
                first = scope.call("reader", Policy.DEFAULT.withTotalTimeout(Duration.ofMillis(200)), ctx -> {
                    ctx.fork("helper", Policy.DEFAULT, c -> {
                        // the total timeout's callback cancels the call's children before it interrupts the thread the
                        // call runs on — its caller's; this action holds it there while the call ends
                        try (TaskContext.Registration r = c.onInterrupt(() -> {
                            timerFiring.countDown();
                            try {
                                Thread.sleep(300);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        })) {
                            c.sleep(Duration.ofMinutes(1));
                        }
                        return null;
                    });
                    assertThat(timerFiring.await(10, TimeUnit.SECONDS)).isTrue();
                    return "read";
                });
            } catch (TaskFailedException e) {
                first = "timed out"; // the timer fired before the call ended: a timeout, and the caller goes on
            }
            // the caller's own work after the call: no interrupt of the call's timer may reach it
            Thread.sleep(700);
            return first;
        });
        assertThat(result).isIn("read", "timed out");
    }
}
