package braid.examples;

import org.jspecify.annotations.Nullable;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.RunFailedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fail-fast among many children, as StructuredTaskScope's ShutdownOnFailure does: 150 workers, one of which fails;
 * the others are cancelled at once and the run fails with that one failure (no thread is left behind).
 */
public final class FailFast {
    private FailFast() {}

    /** Runs {@code workers} children that each wait {@code work}; child {@code failing} throws. The failure, or null. */
    public static @Nullable RunFailedException run(int workers, int failing, Duration work) {
        Engine engine = Engine.builder().build();
        try {
            engine.scope("fail fast", scope -> {
                List<Fork<Integer>> forks = new ArrayList<>(workers);
                for (int i = 0; i < workers; i++) {
                    int n = i;
                    forks.add(scope.fork("worker " + i, ctx -> {
                        if (n == failing) throw new IllegalStateException("worker " + n + " cannot go on");
                        ctx.sleep(work);
                        return n;
                    }));
                }
                int sum = 0;
                for (Fork<Integer> f : forks) sum += f.join();
                return sum;
            });
            return null;
        } catch (RunFailedException e) {
            return e;
        }
    }
}
