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
 * @param platformThread true: the task runs on a platform thread of its own instead of a virtual thread
 *                      ({@link #onPlatformThread})
 */
public record Policy(@Nullable Duration timeout, Retry retry, boolean isRequired, List<String> limits, boolean acceptsAbsent,
                     @Nullable Duration totalTimeout, boolean platformThread) {

    /** Required, no timeout, no retries, no limits, skipped when an input is absent, on a virtual thread. */
    public static final Policy DEFAULT = new Policy(null, Retry.NONE, true, List.of(), false, null, false);

    /** The policy without a total timeout (the form before {@link #withTotalTimeout} existed). */
    public Policy(Duration timeout, Retry retry, boolean isRequired, List<String> limits, boolean acceptsAbsent) {
        this(timeout, retry, isRequired, limits, acceptsAbsent, null, false);
    }

    /** The policy on a virtual thread (the form before {@link #onPlatformThread} existed). */
    public Policy(@Nullable Duration timeout, Retry retry, boolean isRequired, List<String> limits, boolean acceptsAbsent,
                  @Nullable Duration totalTimeout) {
        this(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout, false);
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
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout, platformThread);
    }

    /**
     * The whole task may take this long from when it could first start (its inputs ready, or forked): the wait for
     * permits and rate slots, every attempt and the backoff between them. Then it fails with a
     * {@link TaskTimeoutException} and is not retried.
     */
    public Policy withTotalTimeout(Duration totalTimeout) {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout, platformThread);
    }

    public Policy withRetry(Retry retry) {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout, platformThread);
    }

    /** The run goes on when this task fails; dependants see its result as absent. */
    public Policy optional() {
        return new Policy(timeout, retry, false, limits, acceptsAbsent, totalTimeout, platformThread);
    }

    /** A failure of this task cancels the rest and fails the run (the default). */
    public Policy required() {
        return new Policy(timeout, retry, true, limits, acceptsAbsent, totalTimeout, platformThread);
    }

    /**
     * Each attempt also holds one permit of every named resource, in addition to the limits already named (all are
     * taken together: a task never holds one permit while it waits for another).
     */
    public Policy withLimit(String... resources) {
        return new Policy(timeout, retry, isRequired, java.util.stream.Stream.concat(limits.stream(), Arrays.stream(resources))
                .sorted().distinct().toList(), acceptsAbsent, totalTimeout, platformThread);
    }

    /** Start even when an optional input failed or was skipped, receiving it as absent. */
    public Policy receiveAbsent() {
        return new Policy(timeout, retry, isRequired, limits, true, totalTimeout, platformThread);
    }

    /**
     * Run the task on a platform thread of its own rather than a virtual thread; everything else (timeouts,
     * cancellation by interrupt, limits, retries, scoped values, its own forks on virtual threads) is the same.
     *
     * <p>For a handful of tasks that each hold one connection and talk in many small request–reply exchanges
     * (SMTP, a database protocol): a virtual thread whose read has to wait is unmounted and woken again through the
     * JDK's poller, which on loopback or a fast LAN costs more CPU than the exchange itself. braid's mailer measured
     * 448 µs of CPU per message on virtual threads and 275 µs on platform threads (BENCHMARKS.md, mail). Not for
     * fan-out: each platform thread is an OS thread with its own stack.
     */
    public Policy onPlatformThread() {
        return new Policy(timeout, retry, isRequired, limits, acceptsAbsent, totalTimeout, true);
    }
}
