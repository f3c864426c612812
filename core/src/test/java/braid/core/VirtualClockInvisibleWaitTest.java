package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14, bug 8, second half: a task that waits on something the virtual clock cannot see (here a
 * BlockingQueue that nobody fills) used to hang the run forever. Now, once nothing has moved for 1 s of real time (the
 * limit set here; 10 s by default) and
 * every busy task is in such a wait, the run fails naming the task and the wait.
 */
class VirtualClockInvisibleWaitTest {
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aTaskBlockedOnABlockingQueueFailsTheRunNamingTheWait() {
        Engine engine = Engine.builder().clock(Clock.virtual().failInvisibleWaitsAfter(java.time.Duration.ofSeconds(1))).build();
        LinkedBlockingQueue<String> nobodyFills = new LinkedBlockingQueue<>();
        RunFailedException e = catchThrowableOfType(RunFailedException.class, () -> engine.scope("invisible", scope ->
                scope.fork("consumer", ctx -> nobodyFills.take()).join()));
        assertThat(e).isNotNull();
        assertThat(e.getCause()).isInstanceOf(VirtualClockDeadlockException.class);
        assertThat(e.getMessage()).contains("task 'consumer' waits on java.util.concurrent.LinkedBlockingQueue.take",
                "which the virtual clock cannot see");
    }
}
