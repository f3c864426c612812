package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * A circuit breaker for one key ({@link Engine.Builder#keyedBreaker}): after {@code threshold} failed attempts in a
 * row it opens, and tasks naming its key fail at once for {@code coolDown} (no attempt, no retry); then one attempt
 * may try (half-open): a success closes it, a failure opens it again. On the engine's clock.
 */
final class CircuitBreaker {
    final String name;
    private final int threshold;
    private final long coolDownNanos;
    private int failures; // guarded by this
    private long openUntil = Long.MIN_VALUE; // guarded by this

    CircuitBreaker(String name, int threshold, Duration coolDown) {
        this.name = name;
        this.threshold = threshold;
        this.coolDownNanos = Clock.saturatedNanos(coolDown);
    }

    /** Null when an attempt may go ahead, else why not. */
    synchronized @Nullable CircuitOpenException check(long now) {
        if (failures < threshold) return null;
        if (now < openUntil) {
            return new CircuitOpenException(name, failures, Duration.ofNanos(openUntil - now));
        }
        // half-open: this attempt tries; the others keep failing fast for another cool-down unless it succeeds
        openUntil = now + coolDownNanos;
        return null;
    }

    synchronized void succeeded() {
        failures = 0;
    }

    synchronized void failed(long now) {
        failures++;
        if (failures >= threshold) openUntil = now + coolDownNanos;
    }
}
