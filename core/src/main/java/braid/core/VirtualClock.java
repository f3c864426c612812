package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock whose time stands still while any task works and jumps to the next wake-up the moment
 * every live task is idle: sleeping on this clock, waiting for a resource permit, or waiting for
 * other tasks. A task blocked on real I/O counts as busy, so virtual time never skips past real
 * work. Compare Trio's {@code MockClock(autojump_threshold=0)} and Temporal's time-skipping tests.
 *
 * <p>Use one virtual clock per engine under test. Thread-safe.
 */
public final class VirtualClock extends Clock {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VirtualClock.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Instant origin;
    private volatile long now;
    private int busy;
    private long sequence;
    private final Set<Thread> participants = new HashSet<>();
    private final Map<Thread, Waiter> parked = new HashMap<>();
    private final PriorityQueue<Entry> timers = new PriorityQueue<>();
    private final Set<Run> runs = new java.util.LinkedHashSet<>(); // guarded by lock
    private final java.util.TreeSet<Claim> claims = new java.util.TreeSet<>(); // guarded by lock

    /** When a claim may be granted, given the time now: -1 not yet, else the time it is granted (now or later). */
    @FunctionalInterface
    interface Grant {
        long at(long now);
    }

    /** A wait for permits or a rate slot; settled while every thread is idle, in fork-tree order. */
    private static final class Claim implements Comparable<Claim> {
        final int[] order;
        final long seq;
        final Grant grant;
        final Waiter waiter;

        Claim(int[] order, long seq, Grant grant, Waiter waiter) {
            this.order = order;
            this.seq = seq;
            this.grant = grant;
            this.waiter = waiter;
        }

        @Override
        public int compareTo(Claim o) {
            int c = java.util.Arrays.compare(order, o.order);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /**
     * Waits until {@code grant} says so. Claims are tried only while every thread of the clock is idle, and in
     * {@code order} (the fork tree), so which waiter gets a permit never depends on which thread got there first.
     */
    void claim(int[] order, Grant grant, java.util.function.Supplier<String> what) throws InterruptedException {
        Waiter w = Waiter.forCurrentThread();
        w.what = what;
        Claim c;
        lock.lock();
        try {
            c = new Claim(order, sequence++, grant, w);
            claims.add(c);
        } finally {
            lock.unlock();
        }
        try {
            park(w);
        } catch (InterruptedException e) {
            lock.lock();
            try {
                claims.remove(c);
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /** With the lock held and every thread idle: grants what can be granted, in order. True if a thread woke. */
    private boolean settleClaims() {
        boolean woke = false;
        for (java.util.Iterator<Claim> it = claims.iterator(); it.hasNext(); ) {
            Claim c = it.next();
            if (c.waiter.state.get() != Waiter.WAITING) {
                it.remove();
                continue;
            }
            long at = c.grant.at(now);
            if (at < 0) continue;
            it.remove();
            if (at <= now) {
                release(c.waiter);
                woke = true;
            } else {
                Waiter w = c.waiter;
                timers.add(new Entry(at, sequence++, () -> release(w)));
            }
        }
        return woke;
    }
    private boolean stuckReported; // guarded by lock: one report per standstill

    VirtualClock(Instant origin) {
        this.origin = origin;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public Instant instant() {
        return origin.plusNanos(now);
    }

    /** How far this clock has moved since it was created. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    @Override
    void sleepNanos(long nanos) throws InterruptedException {
        Waiter w = Waiter.forCurrentThread();
        Timer t = schedule(saturatedAdd(now, nanos), () -> release(w));
        try {
            park(w);
        } catch (InterruptedException e) {
            t.cancel();
            throw e;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    @Override
    Timer schedule(long atNanos, Runnable action) {
        lock.lock();
        try {
            if (atNanos <= now) {
                fire(action);
                return () -> {};
            }
            Entry e = new Entry(atNanos, sequence++, action);
            timers.add(e);
            return () -> {
                lock.lock();
                try {
                    e.cancelled = true;
                } finally {
                    lock.unlock();
                }
            };
        } finally {
            lock.unlock();
        }
    }

    @Override
    void park(Waiter w) throws InterruptedException {
        Thread self = Thread.currentThread();
        boolean temporary;
        lock.lock();
        try {
            if (w.state.get() != Waiter.WAITING) return;
            temporary = participants.add(self);
            if (temporary) busy++;
            moves++;
            w.parked = true;
            parked.put(self, w);
            busy--;
            moves++;
            advanceWhileIdle();
        } finally {
            lock.unlock();
        }
        try {
            while (true) {
                int s = w.state.get();
                if (s == Waiter.RELEASED) return;
                if (s == Waiter.CANCELLED) {
                    Thread.interrupted(); // the interrupt that cancelled us is consumed by this exception
                    throw new InterruptedException();
                }
                LockSupport.park(w);
                if (Thread.currentThread().isInterrupted()) {
                    lock.lock();
                    try {
                        // an interrupt from outside the engine: wake up on our own account
                        if (w.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED) && w.parked) {
                            w.parked = false;
                            parked.remove(self);
                            busy++;
                            moves++;
                        }
                    } finally {
                        lock.unlock();
                    }
                    if (w.state.get() == Waiter.RELEASED) return; // keep the flag for the caller
                }
            }
        } finally {
            if (temporary) {
                lock.lock();
                try {
                    participants.remove(self);
                    busy--;
                    moves++;
                    advanceWhileIdle();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    @Override
    boolean release(Waiter w) {
        lock.lock();
        try {
            if (!w.state.compareAndSet(Waiter.WAITING, Waiter.RELEASED)) return false;
            if (w.parked) {
                w.parked = false;
                parked.remove(w.thread);
                busy++;
                moves++;
            }
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(w.thread);
        return true;
    }

    @Override
    boolean register(Thread t) {
        lock.lock();
        try {
            if (!participants.add(t)) return false;
            busy++;
            moves++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    void unregister() {
        lock.lock();
        try {
            if (participants.remove(Thread.currentThread())) {
                busy--;
                moves++;
                advanceWhileIdle();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    void interrupt(Thread t) {
        lock.lock();
        try {
            Waiter w = parked.get(t);
            if (w != null && w.state.compareAndSet(Waiter.WAITING, Waiter.CANCELLED)) {
                w.parked = false;
                parked.remove(t);
                busy++;
                moves++;
            }
        } finally {
            lock.unlock();
        }
        t.interrupt();
        LockSupport.unpark(t);
    }

    @Override
    void runStarted(Run run) {
        lock.lock();
        try {
            runs.add(run);
            if (watchdog == null) {
                watchdog = Thread.ofPlatform().daemon().name("virtual clock watchdog").start(this::watch);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The default of {@link #failInvisibleWaitsAfter}. */
    public static final Duration INVISIBLE_WAIT_LIMIT = Duration.ofSeconds(10);
    private volatile long invisibleWaitLimitNanos = INVISIBLE_WAIT_LIMIT.toNanos();

    /**
     * How long (real time) this clock may stand still while every busy task waits on something it cannot see before
     * it fails the runs (default 10 s). A task that waits on real work the clock cannot tell from such a wait (a
     * {@code CompletableFuture} completed by an HTTP client's own threads) needs the limit above its longest wait.
     *
     * @return this clock
     */
    public VirtualClock failInvisibleWaitsAfter(Duration limit) {
        if (limit.isNegative() || limit.isZero()) throw new IllegalArgumentException("limit must be positive, was " + limit);
        invisibleWaitLimitNanos = limit.toNanos();
        return this;
    }
    private @Nullable Thread watchdog; // guarded by lock
    private long moves; // guarded by lock: parks, releases and timers fired, to tell a standstill from progress

    /**
     * The second kind of hang: a task waits on something this clock cannot see (a {@code BlockingQueue}, its own
     * {@code Semaphore}, {@code Thread.sleep}, a {@code CompletableFuture}), so it never counts as idle and time never
     * moves. When nothing has moved for {@link #failInvisibleWaitsAfter the limit} of real time and every busy task is parked in
     * such a wait (not in I/O: a task reading a socket is real work), the runs fail naming the tasks and the wait.
     */
    private void watch() {
        long lastMoves = -1;
        long stillSince = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            List<Thread> busyThreads;
            long m;
            lock.lock();
            try {
                if (runs.isEmpty()) {
                    watchdog = null; // no run on this clock: the watchdog ends (the next run starts another)
                    return;
                }
                m = moves;
                busyThreads = new java.util.ArrayList<>();
                for (Thread t : participants) if (!parked.containsKey(t)) busyThreads.add(t);
            } finally {
                lock.unlock();
            }
            if (m != lastMoves || busyThreads.isEmpty()) {
                lastMoves = m;
                stillSince = System.nanoTime();
                continue;
            }
            if (System.nanoTime() - stillSince < invisibleWaitLimitNanos) continue;
            List<String> who = new java.util.ArrayList<>();
            boolean allInvisible = true;
            for (Thread t : busyThreads) {
                String wait = invisibleWait(t);
                if (wait == null) {
                    allInvisible = false;
                    break;
                }
                String name = t.getName();
                who.add((name.startsWith("braid:") ? "task '" + name.substring(6) + "'" : "the owner (" + name + ")")
                        + " waits on " + wait + ", which the virtual clock cannot see");
            }
            if (!allInvisible) {
                stillSince = System.nanoTime();
                continue;
            }
            java.util.Collections.sort(who);
            VirtualClockDeadlockException e = new VirtualClockDeadlockException("the virtual clock cannot move at +"
                    + Events.human(Duration.ofNanos(now)) + ": " + String.join("; ", who)
                    + " (use the engine's waits: Fork.join, Scope.forEachCompleted, TaskContext.sleep, limits)", who);
            List<Run> toStop;
            lock.lock();
            try {
                toStop = List.copyOf(runs);
            } finally {
                lock.unlock();
            }
            LOG.warn("{}", e.getMessage());
            for (Run r : toStop) r.stop(RunOutcome.FAILED, e);
            // the stopped runs' tasks get interrupted, which ends a BlockingQueue.take or a Thread.sleep
            for (Thread t : busyThreads) t.interrupt();
            stillSince = System.nanoTime();
        }
    }

    /** The wait a busy thread is blocked in when it is one the clock cannot see, else null (running, or in I/O). */
    private static @Nullable String invisibleWait(Thread t) {
        Thread.State s = t.getState();
        if (s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING && s != Thread.State.BLOCKED) return null;
        StackTraceElement[] stack = t.getStackTrace();
        String top = null;
        for (StackTraceElement f : stack) {
            String c = f.getClassName();
            // real I/O is real work: sockets, files, the HTTP client, processes
            if (c.startsWith("sun.nio.ch.") || c.startsWith("java.net.") || c.startsWith("sun.net.")
                    || c.startsWith("jdk.internal.net.") || c.startsWith("java.net.http.") || c.startsWith("sun.nio.fs.")
                    || c.startsWith("java.io.") || c.startsWith("java.lang.Process") || c.startsWith("javax.net.ssl")
                    || c.startsWith("sun.security.ssl.")) {
                return null;
            }
            if (top == null && !c.startsWith("jdk.internal.") && !c.startsWith("java.util.concurrent.locks.")
                    && !c.startsWith("java.lang.System") && !c.startsWith("java.lang.VirtualThread")
                    && !c.startsWith("java.util.concurrent.ForkJoin")
                    && !c.equals("java.lang.Object") && !(c.equals("java.lang.Thread") && !f.getMethodName().startsWith("sleep"))) {
                top = c + "." + f.getMethodName();
            }
        }
        return top == null ? s.name().toLowerCase(java.util.Locale.ROOT) : top;
    }

    @Override
    void runEnded(Run run) {
        lock.lock();
        try {
            runs.remove(run);
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: while nobody is busy, jump to the next timer and fire it. */
    private void advanceWhileIdle() {
        while (busy == 0) {
            if (!claims.isEmpty() && settleClaims()) continue;
            Entry e = timers.poll();
            if (e == null) {
                if (!parked.isEmpty()) stuck();
                return;
            }
            if (e.cancelled) continue;
            stuckReported = false;
            if (e.at > now) now = e.at;
            moves++;
            fire(e.action);
        }
    }

    /**
     * With the lock held: every thread of the clock waits on another and no timer is due, so nothing can ever move
     * (a task holding a permit forks a child that needs the same limit and joins it). Instead of hanging silently,
     * the runs on this clock fail, naming each blocked task and what it waits for.
     */
    private void stuck() {
        if (stuckReported || runs.isEmpty()) return;
        stuckReported = true;
        java.util.List<String> who = new java.util.ArrayList<>();
        for (Map.Entry<Thread, Waiter> p : parked.entrySet()) {
            String name = p.getKey().getName();
            String task = name.startsWith("braid:") ? "task '" + name.substring(6) + "'" : "the owner (" + (name.isEmpty() ? "a thread" : name) + ")";
            java.util.function.Supplier<String> what = p.getValue().what;
            who.add(task + " waits for " + (what == null ? "an engine wait" : what.get()));
        }
        java.util.Collections.sort(who);
        VirtualClockDeadlockException stuck = new VirtualClockDeadlockException(
                "nothing can move on the virtual clock at +" + Events.human(Duration.ofNanos(now))
                        + ": every task waits and no timer is due: " + String.join("; ", who), who);
        java.util.List<Run> toStop = java.util.List.copyOf(runs);
        LOG.warn("{}", stuck.getMessage());
        // stopped from a thread of its own: stopping interrupts the waiters, which takes this clock's lock
        Thread.ofVirtual().name("virtual clock: deadlock").start(() -> {
            for (Run r : toStop) r.stop(RunOutcome.FAILED, stuck);
        });
    }

    private static void fire(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("virtual clock timer action failed", e);
        }
    }

    private static final class Entry implements Comparable<Entry> {
        final long at;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Entry(long at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Entry o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
