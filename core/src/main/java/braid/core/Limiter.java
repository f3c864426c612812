package braid.core;

import java.util.ArrayDeque;

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
