package braid.core;

import org.jspecify.annotations.Nullable;

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
 * @param totalTimeout  the whole task's timeout (the wait for permits and rate slots, every attempt and the backoff
 *                      between them), or {@code null} for none
 */
public record Policy(@Nullable Duration timeout, Retry retry, boolean isRequired, List<String> limits, boolean acceptsAbsent,
                     @Nullable Duration totalTimeout) {

    /** Required, no timeout, no retries, no limits, skipped when an input is absent. */
    public static final Policy DEFAULT = new Policy(null, Retry.NONE, true, List.of(), false, null);

    /** The policy without a total timeout (the form before {@link #withTotalTimeout} existed). */
    public Policy(Duration timeout, Retry retry, boolean isRequired, List<String> limits, boolean acceptsAbsent) {
        this(timeout, retry, isRequired, limits, acceptsAbsent, null);
    }

    public Policy {
        Objects.requireNonNull(retry, "retry");
        if (timeout != null && (timeout.isNegative() || timeout.isZero()))
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        if (totalTimeout != null && (totalTimeout.isNegative() || totalTimeout.isZero()))
            throw new IllegalArgumentException("total timeout must be positive, was " + totalTimeout);
        limits = List.copyOf(limits);
        for (String l : limits)
            if (l.isBlank()) throw new IllegalArgumentException("resource name must not be blank");
    }

    /**
     * Each attempt may run this long; then it is interrupted and fails with a {@link TaskTimeoutException} (retried
     * like any failure). The clock starts when the attempt starts, after its permits were taken: the wait for a
     * limit's permit and the backoff between attempts are not counted. To bound a whole task (queueing, attempts and
     * backoff), use {@link #withTotalTimeout}.
     */
    public Policy withTimeout(Duration timeout) {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout);
    }

    /**
     * The whole task may take this long from when it could first start (its inputs ready, or forked): the wait for
     * permits and rate slots, every attempt and the backoff between them. Then it fails with a
     * {@link TaskTimeoutException} and is not retried.
     */
    public Policy withTotalTimeout(Duration totalTimeout) {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout);
    }

    public Policy withRetry(Retry retry) {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout);
    }

    /** The run goes on when this task fails; dependants see its result as absent. */
    public Policy optional() {
        return new Policy(timeout, retry, false, limits, acceptsAbsent, totalTimeout);
    }

    /** A failure of this task cancels the rest and fails the run (the default). */
    public Policy required() {
        return new Policy(timeout, retry, true, limits, acceptsAbsent, totalTimeout);
    }

    /**
     * Each attempt also holds one permit of every named resource, in addition to the limits already named (all are
     * taken together: a task never holds one permit while it waits for another).
     */
    public Policy withLimit(String... resources) {
        return new Policy(timeout, retry, isRequired, java.util.stream.Stream.concat(limits.stream(), Arrays.stream(resources))
                .sorted().distinct().toList(), acceptsAbsent, totalTimeout);
    }

    /** Start even when an optional input failed or was skipped, receiving it as absent. */
    public Policy receiveAbsent() {
        return new Policy(timeout, retry, isRequired, limits, true, totalTimeout);
    }
}
