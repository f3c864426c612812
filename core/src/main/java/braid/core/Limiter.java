package braid.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A fair counting semaphore for one named resource whose waits the clock can see. */
final class Limiter {
    final String name;
    final int permits;
    private int available;
    private final ArrayDeque<Waiter> queue = new ArrayDeque<>();

    Limiter(String name, int permits) {
        this.name = name;
        this.permits = permits;
        this.available = permits;
    }

    /** Takes a permit if one is free and nobody waits for one (fair); never blocks. */
    synchronized boolean tryAcquire() {
        if (available > 0 && queue.isEmpty()) {
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

    void acquire(Clock clock) throws InterruptedException {
        Waiter w;
        synchronized (this) {
            if (available > 0 && queue.isEmpty()) {
                available--;
                return;
            }
            w = Waiter.forCurrentThread();
            queue.add(w);
        }
        try {
            clock.park(w);
        } catch (InterruptedException e) {
            synchronized (this) {
                queue.remove(w);
            }
            if (w.isReleased()) release(clock); // handed a permit just as we gave up: pass it on
            throw e;
        }
    }

    void release(Clock clock) {
        while (true) {
            Waiter next;
            synchronized (this) {
                next = queue.poll();
                if (next == null) {
                    available++;
                    return;
                }
            }
            if (clock.release(next)) return; // the permit moves straight to the next waiter
        }
    }
}
