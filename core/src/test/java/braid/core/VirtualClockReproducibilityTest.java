package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, bug 9: a seeded program under contended limits on the virtual clock gives the same result every run:
 * the same wall time and the same order of starts (waiters get permits in fork order, not in the order their
 * threads happened to reach the limiter).
 */
class VirtualClockReproducibilityTest {

    record Outcome(Duration elapsed, List<String> starts) {}

    static Outcome runOnce() {
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).limit("global", 40).keyedLimit("host", 5).build();
        Random seeded = new Random(42);
        int n = 1_000;
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) ms[i] = 50 + seeded.nextInt(151);
        List<String> starts = Collections.synchronizedList(new ArrayList<>());
        engine.scope("seeded", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                forks.add(scope.fork("call " + i, Policy.DEFAULT.withLimit("global", "host:" + (i / 50 % 20)), ctx -> {
                    starts.add(clock.elapsed().toMillis() + ":" + k);
                    ctx.sleep(Duration.ofMillis(ms[k]));
                    return 1;
                }));
            }
            for (Fork<Integer> f : forks) f.join();
            return null;
        });
        List<String> sorted = new ArrayList<>(starts);
        sorted.sort((a, b) -> {
            long ta = Long.parseLong(a.substring(0, a.indexOf(':'))), tb = Long.parseLong(b.substring(0, b.indexOf(':')));
            return ta != tb ? Long.compare(ta, tb) : Integer.compare(Integer.parseInt(a.substring(a.indexOf(':') + 1)),
                    Integer.parseInt(b.substring(b.indexOf(':') + 1)));
        });
        return new Outcome(clock.elapsed(), sorted);
    }

    @Test
    void tenRunsOfASeededContendedProgramGiveTheSameScheduleAndWallTime() {
        Set<Outcome> seen = new HashSet<>();
        List<Duration> walls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Outcome o = runOnce();
            seen.add(o);
            walls.add(o.elapsed());
        }
        assertThat(seen).as("distinct schedules over 10 runs; wall times " + walls).hasSize(1);
    }
}
