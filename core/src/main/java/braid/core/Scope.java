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

    /**
     * Runs a task on the calling thread and returns its result: its policy's limits, retry (with backoff and
     * Retry-After), timeouts and circuit breaker apply, and the run records it (a child of the caller, with its
     * attempts) as it would a fork's — but no thread is started and no one is woken, so what the caller does next
     * follows at once. Like Failsafe's {@code Failsafe.with(policy).get(…)}, with the engine's limits and record.
     *
     * <p>It is for worker loops: N forks, each calling one item after another, keep a limit of N busy although
     * CPU-bound siblings fill the scheduler's carrier threads. With a fork per item, each item would first wait for
     * its owner to be scheduled (to fork it) and then for a carrier (to start it): on 2 cores, parsing 8 SAP pages at
     * once held the next requests back 10–20 ms a round ({@code BusinessPartnerClient} reads its pages this way).
     *
     * <p>A call that fails throws to the caller, which decides: unlike a failed required fork it does not cancel
     * the caller's other forks. A call cancelled because the caller is (or the run stops) also throws, and the
     * caller's interrupt status is set again. A call the run's drain ends (a permit it waited for, a retry it will not
     * start) throws the drain's {@link java.util.concurrent.CancellationException}, so that a caller which lets it
     * through ends cancelled, not failed.
     *
     * @throws TaskFailedException when the task failed (after its retries), timed out or was cancelled
     * @throws IllegalStateException when called from another thread than the scope's owner (a fork's own code
     *                               calls through its own {@link TaskContext})
     */
    <T extends @Nullable Object> T call(String name, Policy policy, TaskBody<T> body) throws TaskFailedException;

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
