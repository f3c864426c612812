package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.concurrent.atomic.AtomicInteger;

/** One thread waiting to be released; the engine's only blocking primitive, so clocks can see idleness. */
final class Waiter {
    static final int WAITING = 0, RELEASED = 1, CANCELLED = 2;

    final Thread thread;
    final AtomicInteger state = new AtomicInteger(WAITING);
    /** Guarded by the virtual clock's lock: whether the thread is parked and counted idle. */
    boolean parked;
    /**
     * What it waits for, in words, for a deadlock report ("a permit of 'one'"); null for an unnamed wait. Worded only
     * when a report is made: joins and permit waits are hot paths.
     */
    volatile java.util.function.@Nullable Supplier<String> what;

    Waiter(Thread thread) {
        this.thread = thread;
    }

    static Waiter forCurrentThread() {
        return new Waiter(Thread.currentThread());
    }

    boolean isReleased() {
        return state.get() == RELEASED;
    }
}
