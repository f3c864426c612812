package braid.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a task runs: its per-attempt timeout, its retries, whether its failure fails the run, the
 * resources it holds a permit of while an attempt runs, and what it does when an input is absent.
 *
 * <p>Immutable; derive variants with the {@code with…} methods.
 *
 * @param timeout       per-attempt timeout, or {@code null} for none
 * @param retry         the retry policy ({@link Retry#NONE} for one attempt)
 * @param isRequired    true: a failure cancels the rest and fails the run; false: the run goes on
 * @param limits        names of the resources ({@link Engine.Builder#limit}) an attempt needs a permit of
 * @param acceptsAbsent true: this task starts even when an optional input failed, and sees it as absent
 *                      ({@link Inputs#optional}); false: it is skipped
 */
public record Policy(Duration timeout, Retry retry, boolean isRequired, List<String> limits, boolean acceptsAbsent) {

    /** Required, no timeout, no retries, no limits, skipped when an input is absent. */
    public static final Policy DEFAULT = new Policy(null, Retry.NONE, true, List.of(), false);

    public Policy {
        Objects.requireNonNull(retry, "retry");
        if (timeout != null && (timeout.isNegative() || timeout.isZero()))
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        limits = List.copyOf(limits);
        for (String l : limits)
            if (l.isBlank()) throw new IllegalArgumentException("resource name must not be blank");
    }

    /**
     * Each attempt may run this long; then it is interrupted and fails with a {@link TaskTimeoutException} (retried
     * like any failure). The clock starts when the attempt starts, after its permits were taken: the wait for a
     * limit's permit and the backoff between attempts are not counted. To bound a whole task (queueing, attempts and
     * backoff), run it under the engine's deadline or a scope of its own with one.
     */
    public Policy withTimeout(Duration timeout) {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent);
    }

    public Policy withRetry(Retry retry) {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent);
    }

    /** The run goes on when this task fails; dependants see its result as absent. */
    public Policy optional() {
        return new Policy(timeout, retry, false, limits, acceptsAbsent);
    }

    /** A failure of this task cancels the rest and fails the run (the default). */
    public Policy required() {
        return new Policy(timeout, retry, true, limits, acceptsAbsent);
    }

    /**
     * Each attempt also holds one permit of every named resource, in addition to the limits already named (all are
     * taken together: a task never holds one permit while it waits for another).
     */
    public Policy withLimit(String... resources) {
        return new Policy(timeout, retry, isRequired, java.util.stream.Stream.concat(limits.stream(), Arrays.stream(resources))
                .sorted().distinct().toList(), acceptsAbsent);
    }

    /** Start even when an optional input failed or was skipped, receiving it as absent. */
    public Policy receiveAbsent() {
        return new Policy(timeout, retry, isRequired, limits, true);
    }
}
