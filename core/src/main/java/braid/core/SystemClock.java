package braid.core;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Real time. Timers run on one shared daemon thread. */
final class SystemClock extends Clock {
    static final SystemClock INSTANCE = new SystemClock();

    private static final ScheduledThreadPoolExecutor TIMERS = createTimers();

    private static ScheduledThreadPoolExecutor createTimers() {
        var ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "braid-timer");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    private SystemClock() {}

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) TimeUnit.NANOSECONDS.sleep(nanos);
        else if (Thread.interrupted()) throw new InterruptedException();
    }

    @Override
    Timer schedule(long atNanos, Runnable action) {
        long delay = atNanos - System.nanoTime();
        ScheduledFuture<?> f = TIMERS.schedule(action, Math.max(0, delay), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    void park(Waiter w) throws InterruptedException {
        while (w.state.get() == Waiter.WAITING) {
            LockSupport.park(w);
            if (Thread.interrupted()) {
                if (w.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) throw new InterruptedException();
                // released concurrently: keep the permit/result, but remember the interrupt
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    boolean release(Waiter w) {
        if (!w.state.compareAndSet(Waiter.WAITING, Waiter.RELEASED)) return false;
        LockSupport.unpark(w.thread);
        return true;
    }

    @Override
    boolean register(Thread t) {
        return true;
    }

    @Override
    void unregister() {}

    @Override
    void interrupt(Thread t) {
        t.interrupt();
    }
}
