package braid.core;

import java.time.Instant;

/** The system clock sped up by a constant factor (see {@link Clock#scaled}). */
final class ScaledClock extends Clock {
    private final SystemClock base = SystemClock.INSTANCE;
    private final double factor;
    private final long originNanos = System.nanoTime();
    private final Instant originInstant = Instant.now();

    ScaledClock(double factor) {
        this.factor = factor;
    }

    @Override
    public long nanoTime() {
        return (long) ((System.nanoTime() - originNanos) * factor);
    }

    @Override
    public Instant instant() {
        return originInstant.plusNanos(nanoTime());
    }

    @Override
    void sleepNanos(long nanos) throws InterruptedException {
        base.sleepNanos((long) (nanos / factor));
    }

    @Override
    Timer schedule(long atNanos, Runnable action) {
        return base.schedule(originNanos + (long) (atNanos / factor), action);
    }

    @Override
    void park(Waiter w) throws InterruptedException {
        base.park(w);
    }

    @Override
    boolean release(Waiter w) {
        return base.release(w);
    }

    @Override
    boolean register(Thread t) {
        return base.register(t);
    }

    @Override
    void unregister() {
        base.unregister();
    }

    @Override
    void interrupt(Thread t) {
        base.interrupt(t);
    }
}
