package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.Collection;

/**
 * The owner's side of {@link Scope#forEachCompleted}: forks are handed over in the order they end, through one waiter
 * the clock sees (so the virtual clock knows the owner is waiting for them, and a cancel interrupts it).
 */
final class Completions<T extends @Nullable Object> {
    private final Clock clock;
    private final ArrayDeque<Fork<T>> ended = new ArrayDeque<>(); // guarded by this
    private @Nullable Waiter waiting; // guarded by this

    Completions(Clock clock) {
        this.clock = clock;
    }

    static <T extends @Nullable Object> void forEach(Clock clock, Collection<? extends Fork<T>> forks, Scope.CompletedAction<T> action) throws Exception {
        Completions<T> c = new Completions<>(clock);
        for (Fork<T> f : forks) {
            if (!(f instanceof TaskRun<T> t)) throw new IllegalArgumentException("not a fork of this engine: " + f);
            t.whenDone(() -> c.ended(f));
        }
        for (int i = 0; i < forks.size(); i++) action.accept(c.next());
    }

    void ended(Fork<T> f) {
        Waiter w;
        synchronized (this) {
            ended.add(f);
            w = waiting;
            waiting = null;
        }
        if (w != null) clock.release(w);
    }

    synchronized @Nullable Fork<T> poll() {
        return ended.poll();
    }

    Fork<T> next() throws InterruptedException {
        while (true) {
            Waiter w;
            synchronized (this) {
                Fork<T> f = ended.poll();
                if (f != null) return f;
                w = Waiter.forCurrentThread();
                w.what = () -> "the next of its forks to end";
                waiting = w;
            }
            try {
                clock.park(w);
            } catch (InterruptedException e) {
                synchronized (this) {
                    if (waiting == w) waiting = null;
                }
                throw e;
            }
        }
    }
}
