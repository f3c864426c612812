package braid.core;

import org.jspecify.annotations.Nullable;

/**
 * Where tasks are forked imperatively, like asyncio's {@code create_task} or the JDK's
 * {@code StructuredTaskScope}: a forked task starts at once on its own virtual thread (after the
 * permits its policy names), and the scope owns it — none outlives the scope.
 *
 * <p>When a required fork fails, its siblings are cancelled and the owner is interrupted; the
 * failure then propagates (from {@link Engine#scope} as {@link RunFailedException}, from a task's
 * context as that task's failure). When the owner's code returns normally, the scope waits for
 * the forks it did not join. Methods may be called from the owner and from its forks.
 */
public interface Scope {

    /** Forks a task under {@link Policy#DEFAULT}. */
    default <T extends @Nullable Object> Fork<T> fork(String name, TaskBody<T> body) {
        return fork(name, Policy.DEFAULT, body);
    }

    /** Forks a task under {@code policy}. The name is for the run record; it need not be unique. */
    <T extends @Nullable Object> Fork<T> fork(String name, Policy policy, TaskBody<T> body);

    /** The engine's clock. */
    Clock clock();

    /**
     * Calls {@code action} with each of {@code forks} as it ends, in the order they end, on the calling thread:
     * results as they complete, like asyncio's {@code as_completed}, without a queue of the caller's own. A fork that
     * failed or was cancelled is handed over too ({@link Fork#joinOptional()} then returns empty at once, {@link
     * Fork#join()} throws). The wait is the engine's: a virtual clock sees it, and cancelling the scope interrupts it
     * ({@link InterruptedException}). An exception from {@code action} ends the loop and propagates.
     *
     * @throws IllegalArgumentException when a fork is not from this engine
     */
    default <T extends @Nullable Object> void forEachCompleted(java.util.Collection<? extends Fork<T>> forks, CompletedAction<T> action) throws Exception {
        Completions.forEach(clock(), forks, action);
    }

    /**
     * A queue that hands over forks in the order they end, for forks made while results are taken (input read as it
     * goes, links found while crawling): see {@link CompletionQueue}.
     */
    default <T extends @Nullable Object> CompletionQueue<T> completionQueue() {
        return new CompletionQueue<>(clock());
    }

    /** What {@link #forEachCompleted} does with each fork as it ends. */
    @FunctionalInterface
    interface CompletedAction<T extends @Nullable Object> {
        void accept(Fork<T> ended) throws Exception;
    }
}
