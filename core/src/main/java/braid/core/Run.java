package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The state of one execution: its clock, limits, listener, live tasks and how it is ending. */
final class Run {
    final String name;
    final Clock clock;
    private final Limits limits;
    /** The run's number on its engine, the first element of every task's {@link TaskRun#order}. */
    volatile int number;

    /** {@link Engine.Builder#propagate}: the scoped values a fork sees as its forking thread saw them. */
    volatile List<ScopedValue<?>> propagated = List.of();

    /** The current thread's bindings of the propagated values, to run a fork's body in; null when none is bound. */
    @SuppressWarnings("unchecked")
    ScopedValue.@Nullable Carrier captureScopedValues() {
        ScopedValue.Carrier c = null;
        for (ScopedValue<?> v : propagated) {
            if (!v.isBound()) continue;
            ScopedValue<Object> o = (ScopedValue<Object>) v;
            c = c == null ? ScopedValue.where(o, o.get()) : c.where(o, o.get());
        }
        return c;
    }

    /** {@link Engine.Builder#maxQueuedForks}; 0 for no bound. */
    volatile int maxQueuedForks;
    private final SafeListener listener;
    final long startNanos;
    // what stop() cancels: the graph's tasks, or the root scope's forks (each cancels its own children)
    private volatile List<TaskRun<?>> graphTasks = List.of();
    private volatile @Nullable Nursery rootScope;
    private final AtomicReference<@Nullable Stop> stop = new AtomicReference<>();
    private volatile @Nullable Thread scopeOwner;
    private volatile boolean draining;
    // graph form: tasks not yet ended, and who waits for them all
    final AtomicInteger unfinished = new AtomicInteger();
    private @Nullable Waiter endWaiter; // guarded by this
    private boolean ended; // guarded by this
    // A graph run's end is decided once, when its last task ends: how it ended and when; a stop, drain or deadline
    // after that changes nothing (a late cancel() or await() must not turn a success into something else).
    private @Nullable Stop finalStop; // guarded by this
    private boolean finalDraining; // guarded by this
    private long endNanos = -1; // guarded by this
    private @Nullable Runnable onEnd; // guarded by this

    record Stop(RunOutcome outcome, @Nullable Throwable cause) {}

    Run(String name, Clock clock, Limits limits, SafeListener listener) {
        this.name = name;
        this.clock = clock;
        this.limits = limits;
        this.listener = listener;
        this.startNanos = clock.nanoTime();
    }

    long nanos() {
        return clock.nanoTime() - startNanos;
    }

    /** The names of the engine's limits, for messages. */
    String limitNames() {
        return limits.names();
    }

    /** @throws IllegalStateException when the engine has no limit or rate by that name */
    Limits.Gates gates(String resource) {
        return limits.gates(resource);
    }

    Limits limits() {
        return limits;
    }

    void setScopeOwner(Thread t) {
        scopeOwner = t;
    }

    boolean isStopping() {
        return stop.get() != null;
    }

    @Nullable Stop stopState() {
        return stop.get();
    }

    CancellationException stopReason(String task) {
        Stop s = stop.get();
        String why = s == null ? "cancelled"
                : switch (s.outcome()) {
                    case FAILED -> s.cause() instanceof TaskFailedException tf
                            ? "cancelled: " + tf.task() + " failed" : "cancelled because the run failed: " + Failures.inWords(s.cause());
                    case DEADLINE_EXCEEDED -> "cancelled: the run's deadline passed";
                    case CANCELLED -> "cancelled: the run was cancelled";
                    case SUCCEEDED -> "cancelled";
                };
        return new CancellationException(why);
    }

    /** Stops the run: the first reason wins; every live task is cancelled. */
    void stop(RunOutcome outcome, @Nullable Throwable cause) {
        synchronized (this) {
            if (ended) return; // the run is over: its outcome is decided
            if (!stop.compareAndSet(null, new Stop(outcome, cause))) return;
        }
        for (TaskRun<?> t : graphTasks) if (!t.isDone()) t.cancel();
        Nursery root = rootScope;
        if (root != null) root.cancelAll();
        interrupting.incrementAndGet();
        try {
            Thread owner = scopeOwner;
            if (owner != null) clock.interrupt(owner);
        } finally {
            interrupting.decrementAndGet();
        }
    }

    /** Stops in the middle of interrupting the scope's owner; see {@link #releaseScopeOwner}. */
    private final AtomicInteger interrupting = new AtomicInteger();

    /**
     * The scope's owner is done: no stop interrupts it from now on, and one that was interrupting it has finished
     * (issue 14, bug 5: a deadline firing at the same moment left the owner's thread interrupted after
     * {@code engine.scope} returned, because its interrupt landed after the owner had cleared its own).
     */
    void releaseScopeOwner() {
        scopeOwner = null;
        while (interrupting.get() > 0) Thread.onSpinWait();
    }

    boolean isDraining() {
        return draining;
    }

    /** Stops starting new work: tasks and forks not started yet are cancelled; running attempts go on. */
    void drain() {
        if (draining) return;
        draining = true;
        for (TaskRun<?> t : graphTasks) t.drain();
        Nursery root = rootScope;
        if (root != null) root.drain();
    }

    CancellationException drainReason() {
        return new CancellationException("not started: the run was asked to stop (draining)");
    }

    void setGraphTasks(List<TaskRun<?>> tasks) {
        graphTasks = List.copyOf(tasks);
    }

    void setRootScope(Nursery root) {
        rootScope = root;
    }

    void taskEnded(TaskRun<?> t) {
        if (t.outcome() == TaskOutcome.FAILED && t.policy.isRequired() && t.parent == null && !t.inline) // a call's caller decides
            stop(RunOutcome.FAILED, new TaskFailedException(t.name, t.error()));
        if (!t.dependants.isEmpty()) GraphRun.inputsReady(this, t);
        if (t.inGraph && unfinished.decrementAndGet() == 0) signalEnd();
    }

    // ---- waiting for the end of a graph run ----

    void awaitEnd() throws InterruptedException {
        Waiter w;
        synchronized (this) {
            if (ended) return;
            w = Waiter.forCurrentThread();
            endWaiter = w;
        }
        try {
            clock.park(w);
        } catch (InterruptedException e) {
            synchronized (this) {
                if (endWaiter == w) endWaiter = null;
            }
            throw e;
        }
    }

    private void signalEnd() {
        Waiter w;
        Runnable then;
        synchronized (this) {
            ended = true;
            endNanos = nanos();
            finalStop = stop.get();
            finalDraining = draining;
            w = endWaiter;
            endWaiter = null;
            then = onEnd;
        }
        if (w != null) clock.release(w);
        if (then != null) Thread.ofVirtual().name("braid-run-end-" + name).start(then);
    }

    /** Runs {@code r} (on a thread of its own) once the run has ended, whether or not anyone awaits it. */
    void onEnd(Runnable r) {
        boolean now;
        synchronized (this) {
            onEnd = r;
            now = ended;
        }
        if (now) Thread.ofVirtual().name("braid-run-end-" + name).start(r);
    }

    /** How the run stood when its last task ended (null: no stop). Only after the end. */
    synchronized @Nullable Stop finalStop() {
        return finalStop;
    }

    synchronized boolean finalDraining() {
        return finalDraining;
    }

    /** When the last task ended, in {@link #nanos()}; -1 before. */
    synchronized long endNanos() {
        return endNanos;
    }

    synchronized boolean ended() {
        return ended;
    }

    // ---- events ----

    void emit(TaskRun<?> t, TaskEvent.Kind kind, int attempt, java.time.@Nullable Duration delay, @Nullable Throwable error) {
        listener.taskEvent(new TaskEvent(t.name, t.parent, kind, attempt, nanos(), delay, Events.describeOrNull(error),
                t.id(), t.parentId()));
    }

    void progress(String task, long done, long total, String unit) {
        listener.progress(new TaskProgress(task, done, total, unit, nanos()));
    }

    SafeListener listener() {
        return listener;
    }
}
