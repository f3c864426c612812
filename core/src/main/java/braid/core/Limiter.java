package braid.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A fair counting semaphore for one named resource whose waits the clock can see. */
final class Limiter {
    final String name;
    final int permits;
    private int available;
    private final ArrayDeque<Node> queue = new ArrayDeque<>();
    private int live; // waiters in the queue that have not given up; guarded by this

    Limiter(String name, int permits) {
        this.name = name;
        this.permits = permits;
        this.available = permits;
    }

    /**
     * Takes one permit of each limiter if every one has one free, else none (the virtual clock's deterministic
     * hand-out, called while every thread of the clock is idle).
     */
    static boolean tryTakeAll(List<Limiter> all) {
        for (Limiter l : all) {
            synchronized (l) {
                if (l.available <= 0 || l.live > 0) return false;
            }
        }
        for (Limiter l : all) {
            synchronized (l) {
                l.available--;
            }
        }
        return true;
    }

    /** Takes a permit if one is free and nobody waits for one (fair); never blocks. */
    synchronized boolean tryAcquire() {
        if (available > 0 && live == 0) {
            available--;
            return true;
        }
        return false;
    }

    /**
     * Takes one permit of each of {@code all}, never blocking while holding one: it takes what is free; if one is
     * not, it gives back what it took and waits for that one alone, then tries the rest again. A task that needs
     * a global and a per-host permit so never sits on the global one while its host is busy.
     */
    static List<Limiter> acquireAll(List<Limiter> all, Clock clock) throws InterruptedException {
        List<Limiter> held = new ArrayList<>(all.size());
        Limiter waitFor = null;
        while (true) {
            if (waitFor != null) {
                waitFor.acquire(clock); // holding nothing else
                held.add(waitFor);
            }
            Limiter busy = null;
            for (Limiter l : all) {
                if (l == waitFor) continue;
                if (l.tryAcquire()) {
                    held.add(l);
                } else {
                    busy = l;
                    break;
                }
            }
            if (busy == null) return held;
            for (int i = held.size() - 1; i >= 0; i--) held.get(i).release(clock);
            held.clear();
            waitFor = busy;
        }
    }

    /** A place in the queue; {@code granted} and {@code abandoned} are guarded by the limiter. */
    private static final class Node {
        final Waiter waiter;
        boolean granted;
        boolean abandoned;

        Node(Waiter waiter) {
            this.waiter = waiter;
        }
    }

    void acquire(Clock clock) throws InterruptedException {
        Node node;
        synchronized (this) {
            if (available > 0 && live == 0) {
                available--;
                return;
            }
            node = new Node(Waiter.forCurrentThread());
            node.waiter.what = () -> "a permit of '" + name + "' (" + permits + (permits == 1 ? " permit, held)" : " permits, all held)");
            queue.add(node);
            live++;
        }
        try {
            clock.park(node.waiter);
        } catch (InterruptedException e) {
            boolean granted;
            synchronized (this) {
                granted = node.granted;
                if (!granted) {
                    // left in the queue and skipped by release(): removing it would cost O(n) per waiter, and
                    // cancelling 100,000 queued forks would be quadratic
                    node.abandoned = true;
                    live--;
                }
            }
            if (granted) release(clock); // handed a permit just as we gave up: pass it on
            throw e;
        }
    }

    void release(Clock clock) {
        Node next;
        synchronized (this) {
            do {
                next = queue.poll();
            } while (next != null && next.abandoned);
            if (next == null) {
                available++;
                return;
            }
            next.granted = true;
            live--;
        }
        // the permit moves straight to the next waiter; if it gave up meanwhile, it sees granted and passes it on
        clock.release(next.waiter);
    }
}
