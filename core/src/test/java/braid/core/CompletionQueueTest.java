package braid.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionQueueTest {

    @Test
    void forksMadeWhileResultsAreTakenComeInTheOrderTheyEnd() {
        Engine engine = Engine.builder().clock(Clock.virtual()).limit("global", 3).maxQueuedForks(2).build();
        int[] ms = {500, 100, 300, 50, 400, 200, 10, 250};
        List<Integer> taken = engine.scope("queue", scope -> {
            CompletionQueue<Integer> q = scope.completionQueue();
            List<Integer> out = new ArrayList<>();
            for (int m : ms) { // as if read from a file: the owner forks and takes whatever has ended meanwhile
                q.add(scope.fork("w" + m, Policy.DEFAULT.withLimit("global"), ctx -> {
                    ctx.sleep(Duration.ofMillis(m));
                    return m;
                }));
                for (Fork<Integer> f; (f = q.poll()) != null; ) out.add(f.join());
            }
            while (q.pending() > 0) out.add(q.take().join());
            assertThatThrownBy(q::take).isInstanceOf(IllegalStateException.class);
            return out;
        });
        assertThat(taken).containsExactlyInAnyOrder(500, 100, 300, 50, 400, 200, 10, 250);
        // three at once: 100 ends first, then 300 (started at 0), 50 (started at 100), …
        assertThat(taken.subList(0, 3)).containsExactly(100, 50, 300);
    }

    @Test
    void aFailedForkIsHandedOverTooAndAWriterBesideTheOwnerTakesThem() {
        Engine engine = Engine.builder().clock(Clock.virtual()).build();
        List<String> written = engine.scope("writer", scope -> {
            CompletionQueue<String> q = scope.completionQueue();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                int n = i;
                q.add(scope.fork("f" + i, Policy.DEFAULT.optional(), ctx -> {
                    ctx.sleep(Duration.ofMillis(100 * (5 - n)));
                    if (n == 2) throw new IllegalStateException("two");
                    return "r" + n;
                }));
            }
            Fork<Void> writer = scope.fork("writer", ctx -> {
                for (int i = 0; i < 5; i++) {
                    Fork<String> f = q.take();
                    out.add(f.joinOptional().orElse("failed " + f.name()));
                }
                return null;
            });
            writer.join();
            return out;
        });
        assertThat(written).containsExactly("r4", "r3", "failed f2", "r1", "r0");
    }

    @Test
    void cancellingTheScopeInterruptsTheWait() {
        Engine engine = Engine.builder().clock(Clock.virtual()).deadline(Duration.ofSeconds(1)).build();
        assertThatThrownBy(() -> engine.scope("slow", scope -> {
            CompletionQueue<Integer> q = scope.completionQueue();
            q.add(scope.fork("slow", ctx -> {
                ctx.sleep(Duration.ofHours(1));
                return 1;
            }));
            return q.take().join();
        })).isInstanceOf(RunFailedException.class).hasMessageContaining("deadline");
    }
}
