package braid.core;

/**
 * Observes a run: its start, every task event, progress reports and its end.
 *
 * <p>Listeners are called on the thread where the event happens, so they must be fast and
 * thread-safe. They can never break a run: an exception thrown by a listener is logged and
 * swallowed. All methods have no-op defaults; {@link #NONE} does nothing.
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /** The run started; for the graph form, {@code start.graph()} lists every task up front. */
    default void runStarted(RunStart start) {}

    /** A task changed state. */
    default void taskEvent(TaskEvent event) {}

    /** A running task reported how far it got. */
    default void progress(TaskProgress progress) {}

    /** The run ended; no task of it is alive any more. */
    default void runFinished(RunEnd end) {}
}
