package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, part 2: what bulk work needs — keyed limits made on demand, rate limits on the engine's clock (a
 * Retry-After slowing its key), results in completion order, and bounded forking. Each on the virtual clock, so the
 * schedule is exact.
 */
class BulkWorkTest {

    @Test
    void aKeyedLimitIsMadePerKeyOnDemandWithoutDeclaringTheKeys() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).limit("global", 10).keyedLimit("host", 2).build();
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        Map<String, Integer> peak = new ConcurrentHashMap<>();
        AtomicInteger all = new AtomicInteger();
        AtomicInteger allPeak = new AtomicInteger();
        engine.scope("bulk", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String host = "site" + (i / 10) + ".example"; // URLs of one site come in runs
                forks.add(scope.fork("get " + i, Policy.DEFAULT.withLimit("global", "host:" + host), ctx -> {
                    int now = inFlight.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                    peak.merge(host, now, Math::max);
                    allPeak.accumulateAndGet(all.incrementAndGet(), Math::max);
                    ctx.sleep(Duration.ofMillis(100));
                    all.decrementAndGet();
                    inFlight.get(host).decrementAndGet();
                    return 1;
                }));
            }
            for (Fork<Integer> f : forks) f.join();
            return null;
        });
        assertThat(peak).hasSize(20).allSatisfy((host, p) -> assertThat(p).as(host).isEqualTo(2));
        assertThat(allPeak.get()).isEqualTo(10);
        // 200 × 100 ms / 10 at once = 2 s at best
        assertThat(clock.elapsed()).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2_500));
    }

    @Test
    void aKeyOfAnUnknownFamilyIsRefusedAtTheFork() {
        Engine engine = Engine.builder().clock(Clock.virtual()).keyedLimit("host", 2).build();
        assertThatThrownBy(() -> engine.scope("typo", scope -> scope.fork("f", Policy.DEFAULT.withLimit("hots:a"), ctx -> 1).join()))
                .hasStackTraceContaining("no limit configured for resource 'hots:a'").hasStackTraceContaining("host:<key>");
        assertThatThrownBy(() -> Engine.builder().keyedLimit("a:b", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRateLimitSpacesStartsOnTheEnginesClock() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).rateLimit("api", 10, 1).keyedRateLimit("host", 5, 1).build();
        List<Duration> starts = Collections.synchronizedList(new ArrayList<>());
        engine.scope("rated", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                forks.add(scope.fork("call " + i, Policy.DEFAULT.withLimit("api"), ctx -> {
                    starts.add(clock.elapsed());
                    return 1;
                }));
            }
            for (Fork<Integer> f : forks) f.join();
            return null;
        });
        // 10 a second, burst 1: one start every 100 ms, exactly
        List<Duration> sorted = new ArrayList<>(starts);
        Collections.sort(sorted);
        for (int i = 0; i < 20; i++) assertThat(sorted.get(i)).isEqualTo(Duration.ofMillis(100L * i));

        // per key: two hosts at 5 a second each run side by side
        Duration t0 = clock.elapsed();
        Map<String, List<Duration>> perHost = new ConcurrentHashMap<>();
        engine.scope("per host", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String host = i % 2 == 0 ? "a" : "b";
                forks.add(scope.fork("call " + i, Policy.DEFAULT.withLimit("host:" + host), ctx -> {
                    perHost.computeIfAbsent(host, h -> Collections.synchronizedList(new ArrayList<>())).add(clock.elapsed().minus(t0));
                    return 1;
                }));
            }
            for (Fork<Integer> f : forks) f.join();
            return null;
        });
        assertThat(perHost.get("a")).hasSize(5).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(800)));
        assertThat(perHost.get("b")).hasSize(5).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMillis(800)));
        assertThat(clock.elapsed().minus(t0)).isEqualTo(Duration.ofMillis(800));
    }

    /** A failure that asks for a pause, as an HTTP 429 with Retry-After: 2 does. */
    static final class TooMany extends RuntimeException implements RetryAfter {
        TooMany() {
            super("429 Too Many Requests");
        }

        @Override
        public Duration retryAfter() {
            return Duration.ofSeconds(2);
        }
    }

    @Test
    void aRetryAfterFromOneCallSlowsItsWholeKey() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).keyedRateLimit("host", 100, 10).build();
        List<Duration> laterStarts = Collections.synchronizedList(new ArrayList<>());
        List<Duration> otherKey = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger tries = new AtomicInteger();
        engine.scope("429", scope -> {
            Fork<Integer> first = scope.fork("first", Policy.DEFAULT.withLimit("host:a").withRetry(Retry.exponential(2, Duration.ofMillis(1)).withJitter(0)), ctx -> {
                if (tries.incrementAndGet() == 1) throw new TooMany();
                return 1;
            });
            scope.clock().sleep(Duration.ofMillis(50)); // the 429 has arrived
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                forks.add(scope.fork("same host " + i, Policy.DEFAULT.withLimit("host:a"), ctx -> {
                    laterStarts.add(clock.elapsed());
                    return 1;
                }));
                forks.add(scope.fork("other host " + i, Policy.DEFAULT.withLimit("host:b"), ctx -> {
                    otherKey.add(clock.elapsed());
                    return 1;
                }));
            }
            first.join();
            for (Fork<Integer> f : forks) f.join();
            return null;
        });
        assertThat(laterStarts).hasSize(3).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
        assertThat(otherKey).hasSize(3).allSatisfy(d -> assertThat(d).isLessThan(Duration.ofMillis(100)));
    }

    @Test
    void aRetryAfterAlsoHoldsBackTasksThatAlreadyWaitForThePermit() {
        // With one permit per host, the others have their rate slot and wait for the permit when the 429 arrives;
        // they must not start when the failed attempt lets go of the permit (found by braid fetch's tests).
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).keyedLimit("host", 1).keyedRateLimit("host", 1000, 1000).build();
        List<Duration> starts = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger tries = new AtomicInteger();
        engine.scope("429", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            forks.add(scope.fork("first", Policy.DEFAULT.withLimit("host:a").withRetry(Retry.exponential(2, Duration.ofMillis(1)).withJitter(0)), ctx -> {
                ctx.sleep(Duration.ofMillis(100));
                if (tries.incrementAndGet() == 1) throw new TooMany();
                return 1;
            }));
            for (int i = 0; i < 3; i++) {
                forks.add(scope.fork("waiting " + i, Policy.DEFAULT.withLimit("host:a"), ctx -> {
                    starts.add(clock.elapsed());
                    return 1;
                }));
            }
            for (Fork<Integer> f : forks) f.join();
            return null;
        });
        // the 429 came at 100 ms and asked for 2 s
        assertThat(starts).hasSize(3).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofMillis(2100)));
    }

    @Test
    void resultsComeInTheOrderTheForksEndIncludingFailures() throws Exception {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).build();
        List<String> order = new ArrayList<>();
        List<Duration> at = new ArrayList<>();
        engine.scope("as completed", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int ms = 50 - 10 * i;
                int n = i;
                forks.add(scope.fork("f" + i, Policy.DEFAULT.optional(), ctx -> {
                    ctx.sleep(Duration.ofMillis(ms));
                    if (n == 2) throw new IllegalStateException("boom");
                    return n;
                }));
            }
            scope.forEachCompleted(forks, f -> {
                order.add(f.name() + "=" + f.joinOptional().map(String::valueOf).orElse("failed"));
                at.add(clock.elapsed());
            });
            return null;
        });
        assertThat(order).containsExactly("f4=4", "f3=3", "f2=failed", "f1=1", "f0=0");
        assertThat(at).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(30),
                Duration.ofMillis(40), Duration.ofMillis(50));
    }

    @Test
    void boundedForkingKeepsTheQueueShortAndCancellingItIsQuick() {
        int bound = 100;
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("ten", 10).maxQueuedForks(bound).build();
        AtomicInteger scheduled = new AtomicInteger();
        AtomicInteger maxWaiting = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        RunListener watch = new RunListener() {
            @Override
            public void taskEvent(TaskEvent e) {
                if (e.kind() == TaskEvent.Kind.SCHEDULED) {
                    maxWaiting.accumulateAndGet(scheduled.incrementAndGet() - started.get(), Math::max);
                } else if (e.kind() == TaskEvent.Kind.STARTED && e.attempt() == 1) {
                    started.incrementAndGet();
                }
            }
        };
        int n = 20_000;
        Integer sum = engine.scope("bounded", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                forks.add(scope.fork("f" + i, Policy.DEFAULT.withLimit("ten"), ctx -> {
                    ctx.sleep(Duration.ofMillis(10));
                    return 1;
                }));
            }
            int s = 0;
            for (Fork<Integer> f : forks) s += f.join();
            return s;
        }, watch);
        assertThat(sum).isEqualTo(n);
        // forked but not started at any moment: the bound (plus the ones that just got a permit and have not said so)
        assertThat(maxWaiting.get()).isLessThanOrEqualTo(bound + 10).isGreaterThanOrEqualTo(bound);
    }
}
