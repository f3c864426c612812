package braid.core;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Retries with exponential backoff and jitter, for the failures a predicate accepts.
 *
 * <p>The delay before attempt {@code n+1} is {@code min(maxDelay, initialDelay × multiplier^(n-1))},
 * scaled by a random factor in {@code [1 - jitter, 1 + jitter]}; if the failure implements
 * {@link RetryAfter}, the engine waits at least what it asks. Waits go through the engine's clock.
 * Immutable.
 *
 * @param maxAttempts  attempts in all, including the first (1 = no retries)
 * @param initialDelay the delay before the second attempt
 * @param multiplier   growth factor per attempt (≥ 1)
 * @param maxDelay     upper bound of one delay
 * @param jitter       0 (exact delays) to 1
 * @param retryOn      which failures are worth another attempt
 */
public record Retry(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter,
                    Predicate<Throwable> retryOn) {

    /** One attempt only. */
    public static final Retry NONE = new Retry(1, Duration.ZERO, 1, Duration.ZERO, 0, e -> false);

    public Retry {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        if (initialDelay.isNegative()) throw new IllegalArgumentException("initialDelay must not be negative, was " + initialDelay);
        if (maxDelay.isNegative()) throw new IllegalArgumentException("maxDelay must not be negative, was " + maxDelay);
        if (!(multiplier >= 1)) throw new IllegalArgumentException("multiplier must be >= 1, was " + multiplier);
        if (!(jitter >= 0 && jitter <= 1)) throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        Objects.requireNonNull(retryOn, "retryOn");
    }

    /**
     * Up to {@code maxAttempts} attempts, doubling from {@code initialDelay}, at most 5 minutes
     * apart, ±20 % jitter, retrying every {@link Exception} (not {@link Error}s, not interrupts).
     */
    public static Retry exponential(int maxAttempts, Duration initialDelay) {
        return new Retry(maxAttempts, initialDelay, 2.0, Duration.ofMinutes(5), 0.2,
                e -> e instanceof Exception && !(e instanceof InterruptedException));
    }

    public Retry withMultiplier(double multiplier) {
        return new Retry(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryOn);
    }

    public Retry withMaxDelay(Duration maxDelay) {
        return new Retry(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryOn);
    }

    public Retry withJitter(double jitter) {
        return new Retry(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryOn);
    }

    public Retry retryOn(Predicate<Throwable> retryOn) {
        return new Retry(maxAttempts, initialDelay, multiplier, maxDelay, jitter, retryOn);
    }

    /** The delay after failed attempt {@code attempt} (1-based), before jitter. */
    public Duration baseDelay(int attempt) {
        double nanos = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
        long capped = (long) Math.min(nanos, (double) maxDelay.toNanos());
        return Duration.ofNanos(Math.max(0, capped));
    }

    /**
     * The delay after failed attempt {@code attempt} (1-based) with its jitter: the one backoff formula, used by the
     * engine between attempts and by connectors that retry inside a task (the mailer between SMTP attempts).
     */
    public Duration delay(int attempt) {
        return delay(attempt, java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /** The delay after failed attempt {@code attempt}, with jitter drawn from {@code random01} ∈ [0,1). */
    public Duration delay(int attempt, double random01) {
        long base = baseDelay(attempt).toNanos();
        double factor = 1 + jitter * (2 * random01 - 1);
        return Duration.ofNanos((long) (base * factor));
    }
}
