package braid.core;

import java.time.Duration;

/**
 * A token bucket on the engine's clock: {@code perSecond} attempts a second on average, up to {@code burst} at once
 * after a quiet spell. Each acquire reserves the next slot in call order and sleeps until it (on the clock, so under
 * the virtual clock the schedule is exact and reproducible); nothing is held afterwards. A {@code Retry-After} from
 * one call pushes the whole bucket back ({@link #slowDown}).
 */
final class RateLimiter {
    final String name;
    final double perSecond;
    final int burst;
    private final double nanosPerToken;
    private double tokens; // may go negative: reservations made ahead of time; guarded by this
    private long lastNanos; // guarded by this
    private long blockedUntil = Long.MIN_VALUE; // guarded by this
    private boolean started; // guarded by this

    RateLimiter(String name, double perSecond, int burst) {
        this.name = name;
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanosPerToken = 1e9 / perSecond;
        this.tokens = burst;
    }

    /** Reserves the next slot at {@code now}: the time it may start (≥ now). */
    synchronized long reserve(long now) {
        refill(now);
        tokens -= 1;
        long until = tokens >= 0 ? now : now + (long) Math.ceil(-tokens * nanosPerToken);
        return Math.max(until, blockedUntil); // blockedUntil starts at Long.MIN_VALUE: never subtracted
    }

    /** Waits for a slot; interruptible (a cancel), and the slot is given back then. */
    void acquire(Clock clock, int[] order) throws InterruptedException {
        long waitNanos;
        if (clock instanceof VirtualClock vc) {
            // reserved while every thread is idle, in fork-tree order, so the schedule is the same every run
            try {
                vc.claim(order, this::reserve, () -> "a slot of the rate '" + name + "'");
            } catch (InterruptedException e) {
                synchronized (this) {
                    tokens = Math.min(burst, tokens + 1);
                }
                throw e;
            }
            synchronized (this) {
                long now = clock.nanoTime();
                waitNanos = blockedUntil > now ? blockedUntil - now : 0;
            }
        } else {
            long now = clock.nanoTime();
            waitNanos = reserve(now) - now;
        }
        try {
            while (waitNanos > 0) {
                clock.sleep(Duration.ofNanos(waitNanos));
                synchronized (this) {
                    // a Retry-After that arrived while this one slept pushes it back too
                    long now = clock.nanoTime();
                    waitNanos = blockedUntil > now ? blockedUntil - now : 0;
                }
            }
        } catch (InterruptedException e) {
            synchronized (this) {
                tokens = Math.min(burst, tokens + 1);
            }
            throw e;
        }
    }

    /** How long from {@code now} a Retry-After still blocks this bucket (0: not blocked). */
    synchronized long blockedFor(long now) {
        return blockedUntil > now ? blockedUntil - now : 0;
    }

    /** Nothing starts from this bucket before {@code delay} from now (a server's Retry-After). */
    synchronized void slowDown(Clock clock, Duration delay) {
        long until = clock.nanoTime() + Clock.saturatedNanos(delay);
        if (until > blockedUntil) blockedUntil = until;
    }

    private void refill(long now) {
        if (!started) {
            started = true;
            lastNanos = now;
            return;
        }
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed / nanosPerToken);
            lastNanos = now;
        }
    }
}
