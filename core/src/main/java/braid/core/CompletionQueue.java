package braid.core;

import org.jspecify.annotations.Nullable;

/**
 * Forks handed over in the order they end, for work whose size is not known up front (lines read from a file, links
 * found while crawling), like the JDK's {@code ExecutorCompletionService}: {@link #add} each fork as it is made,
 * {@link #take} them as they end. Where the forks are known up front, {@link Scope#forEachCompleted} is simpler.
 *
 * <p>The wait in {@link #take} is the engine's: the virtual clock sees it, and cancelling the scope interrupts it.
 * Thread-safe: one thread may add while another takes (a writer task beside the owner that forks).
 *
 * @param <T> the forks' result
 */
public final class CompletionQueue<T extends @Nullable Object> {
    private final Completions<T> ended;
    private int pending; // guarded by this: added, not yet taken

    CompletionQueue(Clock clock) {
        this.ended = new Completions<>(clock);
    }

    /**
     * Watches {@code fork}: once it ends, {@link #take} hands it over.
     *
     * @throws IllegalArgumentException when the fork is not from this engine
     */
    public void add(Fork<T> fork) {
        if (!(fork instanceof TaskRun<T> t)) throw new IllegalArgumentException("not a fork of this engine: " + fork);
        synchronized (this) {
            pending++;
        }
        t.whenDone(() -> ended.ended(fork));
    }

    /**
     * The next fork to have ended, waiting for one if none has.
     *
     * @throws IllegalStateException when no added fork is left to take (waiting would never end)
     * @throws InterruptedException  when the scope is cancelled while waiting
     */
    public Fork<T> take() throws InterruptedException {
        synchronized (this) {
            if (pending == 0) throw new IllegalStateException("no fork left to take: every added fork was taken");
            pending--;
        }
        boolean ok = false;
        try {
            Fork<T> f = ended.next();
            ok = true;
            return f;
        } finally {
            if (!ok) {
                synchronized (this) {
                    pending++;
                }
            }
        }
    }

    /** The next fork to have ended, or null when none has ended yet; never waits. */
    public @Nullable Fork<T> poll() {
        Fork<T> f = ended.poll();
        if (f != null) {
            synchronized (this) {
                pending--;
            }
        }
        return f;
    }

    /** How many added forks have not been taken yet (running, or ended and waiting to be taken). */
    public synchronized int pending() {
        return pending;
    }
}
