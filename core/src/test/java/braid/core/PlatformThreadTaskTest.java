package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Policy#onPlatformThread}: the same task semantics on a platform thread of its own. */
class PlatformThreadTaskTest {
    static final ScopedValue<String> REQUEST = ScopedValue.newInstance();

    @Test
    void aTaskRunsOnAPlatformThreadAndItsForksOnVirtualOnes() throws Exception {
        Engine engine = Engine.builder().propagate(REQUEST).limit("smtp", 2).build();
        String[] seen = new String[4];
        ScopedValue.where(REQUEST, "r-1").call(() -> engine.scope("mail", scope -> {
            Fork<Boolean> platform = scope.fork("smtp connection 1", Policy.DEFAULT.withLimit("smtp").onPlatformThread(), ctx -> {
                seen[0] = Thread.currentThread().getName();
                seen[1] = REQUEST.orElse("unbound");
                Fork<Boolean> child = ctx.fork("child", Policy.DEFAULT, c -> Thread.currentThread().isVirtual());
                seen[2] = String.valueOf(child.join());
                return Thread.currentThread().isVirtual();
            });
            Fork<Boolean> virtual = scope.fork("other", Policy.DEFAULT, ctx -> Thread.currentThread().isVirtual());
            assertThat(platform.join()).as("on a platform thread").isFalse();
            assertThat(virtual.join()).as("the default stays virtual").isTrue();
            return null;
        }));
        assertThat(seen[0]).isEqualTo("braid:smtp connection 1");
        assertThat(seen[1]).isEqualTo("r-1");
        assertThat(seen[2]).as("its fork").isEqualTo("true");
        assertThat(Policy.DEFAULT.onPlatformThread().optional().withLimit("x").withTimeout(Duration.ofSeconds(1))
                .platformThread()).as("kept by every with…").isTrue();
    }

    @Test
    void aSocketReadOnAPlatformThreadEndsAtTheTimeoutWhenTheTaskClosesItOnInterrupt() throws Exception {
        Engine engine = Engine.builder().build();
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            Throwable[] seen = new Throwable[1];
            assertThatThrownBy(() -> engine.scope("read", scope -> scope.fork("reader",
                    Policy.DEFAULT.onPlatformThread().withTimeout(Duration.ofMillis(300)), ctx -> {
                        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), silent.getLocalPort());
                                TaskContext.Registration r = ctx.onInterrupt(() -> {
                                    try {
                                        s.close();
                                    } catch (java.io.IOException e) {
                                        // closing
                                    }
                                })) {
                            return s.getInputStream().read(); // a platform thread's socket read ignores interrupts
                        } catch (java.io.IOException e) {
                            seen[0] = e;
                            throw e;
                        }
                    }).join())).isInstanceOf(RunFailedException.class).hasMessageContaining("timed out after 300 ms");
            assertThat(seen[0]).as("the read ended by the close").isInstanceOf(java.net.SocketException.class);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        }
    }

    @Test
    void aTimeoutInterruptsABlockedPlatformThreadAndTheRetryRunsThere() {
        Engine engine = Engine.builder().build();
        CountDownLatch never = new CountDownLatch(1);
        int[] attempts = new int[1];
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> engine.scope("stuck", scope -> scope.fork("blocked",
                Policy.DEFAULT.onPlatformThread().withTimeout(Duration.ofMillis(200)).withRetry(Retry.exponential(2, Duration.ofMillis(10))),
                ctx -> {
                    attempts[0]++;
                    assertThat(Thread.currentThread().isVirtual()).isFalse();
                    return never.await(1, TimeUnit.MINUTES);
                }).join())).isInstanceOf(RunFailedException.class).hasMessageContaining("task 'blocked' timed out after 200 ms");
        assertThat(attempts[0]).isEqualTo(2);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("interrupted, not waited out").isLessThan(10_000);
    }
}
