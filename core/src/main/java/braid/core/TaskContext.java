package braid.core;

import java.time.Duration;

/**
 * What a running task can ask of the engine. Forks made here are children of this task: they are
 * awaited when the task's body returns, cancelled when it fails, and a required child's failure
 * fails this attempt. Usable from the task's own thread and from its children.
 */
public interface TaskContext extends Scope {

    /** The task's name. */
    String taskName();

    /** The current attempt, 1-based. */
    int attempt();

    /** Waits on the engine's clock (never use Thread.sleep in a task: a virtual clock would not see it). */
    default void sleep(Duration duration) throws InterruptedException {
        clock().sleep(duration);
    }

    /**
     * Whether the run was asked to stop gracefully ({@link Engine.Execution#drain()}): no new work
     * should start; work in flight should finish. Long loops (sending one message after another)
     * check this between items. A body that cannot finish gracefully (it waits on something that may never
     * come) may give up by throwing a {@link java.util.concurrent.CancellationException} while draining: the task
     * then ends {@link TaskOutcome#CANCELLED}, not failed.
     */
    boolean isDraining();

    /** Reports progress to the run's listeners. */
    void progress(long done, long total, String unit);

    /**
     * Runs {@code action} whenever the engine interrupts this task (its timeout or total timeout, a cancel, the run's
     * deadline, a drain that ends a backoff) until the returned handle is closed. For blocking calls an interrupt does
     * not end: a socket read on a platform thread ({@link Policy#onPlatformThread}) ends only when its socket is
     * closed, so such a task registers the close here. On a virtual thread the interrupt alone ends a blocking socket
     * call. The action runs on the interrupting thread: it must be quick and must not throw.
     */
    Registration onInterrupt(Runnable action);

    /** Undoes a registration ({@link #onInterrupt}); closing twice does nothing. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
