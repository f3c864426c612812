package braid.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The time source of an engine: the system clock, or a {@link VirtualClock} that jumps ahead
 * whenever every task of its runs is idle.
 *
 * <p>A {@link java.time.InstantSource}: code that reads the time (a Retry-After date, a token expiry) takes the
 * engine's clock and so follows a virtual one.
 *
 * <p>Every deliberate wait in a task (backoff, rate limits, simulated work, {@code Retry-After})
 * goes through {@link #sleep} or {@link TaskContext#sleep}, so a run on a virtual clock takes no
 * real time for them. Thread-safe.
 */
public abstract sealed class Clock implements java.time.InstantSource permits SystemClock, VirtualClock, ScaledClock {

    Clock() {}

    /** The system clock: real time. */
    public static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** A new virtual clock starting at the current instant. */
    public static VirtualClock virtual() {
        return new VirtualClock(Instant.now());
    }

    /** A new virtual clock starting at {@code start}. */
    public static VirtualClock virtual(Instant start) {
        return new VirtualClock(start);
    }

    /**
     * The system clock running {@code factor} times faster: a task's one-minute sleep takes
     * {@code 60 s / factor} of real time, and every time the engine records reads as if it had
     * taken the full minute. For demos and rehearsals of long schedules.
     */
    public static Clock scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) throw new IllegalArgumentException("time scale must be positive, was " + factor);
        return new ScaledClock(factor);
    }

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    public abstract long nanoTime();

    /** The wall-clock instant now, as this clock sees it. */
    public abstract Instant instant();

    /** Waits {@code duration} on this clock; the calling task counts as idle meanwhile. */
    public final void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative()) throw new IllegalArgumentException("negative sleep: " + duration);
        sleepNanos(saturatedNanos(duration));
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    // ---- engine internals: how waits are accounted (the virtual clock needs to know who is idle) ----

    abstract void sleepNanos(long nanos) throws InterruptedException;

    /** Runs {@code action} once at {@code atNanos} ({@link #nanoTime()} scale); actions must be quick. */
    abstract Timer schedule(long atNanos, Runnable action);

    /** Blocks the current thread until {@code w} is released; the thread counts as idle meanwhile. */
    abstract void park(Waiter w) throws InterruptedException;

    /**
     * Releases {@code w}; called by a busy thread, which pays for the waiter becoming busy again
     * (so the virtual clock never sees a false moment of idleness). Returns false when the waiter
     * had already given up (interrupted).
     */
    abstract boolean release(Waiter w);

    /**
     * Registers {@code t} as a participant that is busy from now on; call before starting it.
     * Returns false if it already was one (then do not unregister it).
     */
    abstract boolean register(Thread t);

    /** The current thread stops being a participant. */
    abstract void unregister();

    /** Interrupts {@code t}, accounting for it waking up if it was parked. */
    abstract void interrupt(Thread t);

    /** A run on this clock started: a virtual clock stops it if nothing can move any more. No-op otherwise. */
    void runStarted(Run run) {}

    /** The run has ended. */
    void runEnded(Run run) {}

    /** A scheduled action. */
    interface Timer {
        void cancel();
    }
}
