package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** One task of a run, in either form: its thread, its attempts, its result, and who waits for it. */
final class TaskRun<T extends @Nullable Object> implements Fork<T>, TaskContext {
    final Run run;
    final String name;
    final @Nullable String parent;
    final Policy policy;
    private final GatherBody<T> body;
    private final @Nullable Nursery owner; // scope form: the nursery that forked it; graph form: null

    // graph form
    boolean inGraph;
    List<String> inputNames = List.of();
    List<TaskRun<?>> inputTasks = List.of();
    @Nullable Inputs inputs;
    final List<TaskRun<?>> dependants = new ArrayList<>(2);
    int pendingInputs;

    private volatile @Nullable Thread thread;
    /** Run by {@link Scope#call} on its caller's thread, not a thread of its own. */
    boolean inline;
    private volatile int attempt;
    volatile boolean cancelRequested;
    private volatile boolean timedOut;
    private volatile boolean totalTimedOut; // Policy.totalTimeout passed: the task fails, whatever it was waiting for
    private volatile boolean drainCancelled;
    private volatile boolean inBackoff; // waiting between attempts: a drain ends the wait
    private volatile @Nullable Nursery children;

    private boolean done; // guarded by this
    private @Nullable List<Waiter> joiners; // guarded by this
    private @Nullable List<Runnable> onDone; // guarded by this
    /** Counted in its nursery's queue of forks not yet started (bounded forking); cleared once it leaves it. */
    volatile boolean queuedIn;
    /**
     * Its place in the run's fork tree (run number, then the fork or declaration number at each level): under the
     * virtual clock, permits and rate slots go to waiters in this order, so a seeded program gives the same schedule
     * every time.
     */
    int[] order = new int[0];
    private @Nullable String id; // "1.3.7", made from order on first use
    private @Nullable String parentId; // likewise

    /** The task's identity in the run: its place in the fork tree, as "1.3.7". */
    String id() {
        String i = id;
        if (i == null) id = i = path(order);
        return i;
    }

    /** The id of the task that forked this one, or null (a graph task, or a fork of the run's root scope). */
    @Nullable String parentId() {
        Nursery o = owner;
        if (o == null || o.ownerTask == null) return null;
        String p = parentId;
        if (p == null) parentId = p = path(o.base); // every event carries it: made once
        return p;
    }

    private static String path(int[] order) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < order.length; i++) {
            if (i > 0) b.append('.');
            b.append(order[i]);
        }
        return b.toString();
    }
    private volatile @Nullable TaskOutcome outcome;
    private @Nullable T value;
    private @Nullable Throwable error;
    volatile long startNanos = -1;
    long endNanos = -1;

    // the forking thread's context, carried to this task's thread: SLF4J's MDC and the engine's propagated ScopedValues
    private final java.util.@Nullable Map<String, String> mdc = org.slf4j.MDC.getCopyOfContextMap();
    private final ScopedValue.@Nullable Carrier carrier;

    TaskRun(Run run, String name, @Nullable String parent, Policy policy, GatherBody<T> body, @Nullable Nursery owner) {
        this.carrier = run.captureScopedValues();
        this.run = run;
        this.name = name;
        this.parent = parent;
        this.policy = policy;
        this.body = body;
        this.owner = owner;
    }

    // ---- Fork ----

    @Override
    public String name() {
        return name;
    }

    @Override
    @SuppressWarnings("NullAway") // a task that succeeded holds a value of T (null only where T allows it)
    public T join() throws TaskFailedException, InterruptedException {
        awaitDone();
        if (outcome == TaskOutcome.SUCCEEDED) return value;
        throw new TaskFailedException(name, error);
    }

    @Override
    public Optional<T> joinOptional() throws InterruptedException {
        awaitDone();
        return outcome == TaskOutcome.SUCCEEDED ? Optional.ofNullable(value) : Optional.empty();
    }

    @Override
    public synchronized boolean isDone() {
        return done;
    }

    private void awaitDone() throws InterruptedException {
        Waiter w;
        synchronized (this) {
            if (done) return;
            w = Waiter.forCurrentThread();
            w.what = () -> "task '" + name + "' to end";
            if (joiners == null) joiners = new ArrayList<>(1);
            joiners.add(w);
        }
        try {
            run.clock.park(w);
        } catch (InterruptedException e) {
            synchronized (this) {
                if (joiners != null) joiners.remove(w);
            }
            throw e;
        }
    }

    private void leaveQueue() {
        boolean was;
        synchronized (this) {
            was = queuedIn;
            queuedIn = false;
        }
        if (was && owner != null) owner.childDequeued();
    }

    /** Runs {@code r} once this task has ended (at once if it has): how completion-order waits learn of it. */
    void whenDone(Runnable r) {
        synchronized (this) {
            if (!done) {
                if (onDone == null) onDone = new ArrayList<>(1);
                onDone.add(r);
                return;
            }
        }
        r.run();
    }

    @Nullable TaskOutcome outcome() {
        return outcome;
    }

    @Nullable Throwable error() {
        return error;
    }

    @Nullable T value() {
        return value;
    }

    int attemptCount() {
        return attempt;
    }

    // ---- TaskContext ----

    @Override
    public String taskName() {
        return name;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Clock clock() {
        return run.clock;
    }

    @Override
    public void progress(long done, long total, String unit) {
        run.progress(name, done, total, unit);
    }

    @Override
    public <R extends @Nullable Object> Fork<R> fork(String childName, Policy childPolicy, TaskBody<R> childBody) {
        Nursery n = children;
        if (n == null) throw new IllegalStateException("task '" + name + "' is not running; cannot fork '" + childName + "'");
        return n.fork(childName, childPolicy, childBody);
    }

    @Override
    public <R extends @Nullable Object> R call(String childName, Policy childPolicy, TaskBody<R> childBody) throws TaskFailedException {
        Nursery n = children;
        if (n == null) throw new IllegalStateException("task '" + name + "' is not running; cannot call '" + childName + "'");
        return n.call(childName, childPolicy, childBody);
    }

    // ---- lifecycle ----

    /** Starts the task's thread (virtual unless its policy asks for a platform thread); the caller pays for it. */
    void launch() {
        Thread t = (policy.platformThread() ? Thread.ofPlatform().daemon() : Thread.ofVirtual())
                .name("braid:" + name).unstarted(this::execute);
        thread = t;
        run.clock.register(t);
        t.start();
    }

    /** Waits for this task's thread (which has already signalled its end) to terminate. */
    void awaitThreadExit() {
        Thread t = thread;
        if (t == null || inline) return; // a call's thread is its caller's
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Draining: a task that has not started its first attempt is cancelled; a running one tells its children. */
    void drain() {
        if (isDone()) return;
        if (startNanos < 0 && thread != null) {
            drainCancelled = true;
            cancel();
            return;
        }
        if (inBackoff && thread != null) {
            // waiting out a retry's backoff (minutes with the defaults): no further attempt will start, so stop now
            drainCancelled = true;
            interruptThread(thread);
            return;
        }
        Nursery n = children;
        if (n != null) n.drain();
    }

    @Override
    public boolean isDraining() {
        return run.isDraining();
    }

    // The children are told first, then this task's thread is interrupted: a call (Scope#call) runs on this very
    // thread, and must know it is cancelled before the interrupt reaches its body, or it would end failed.
    void cancel() {
        cancelRequested = true;
        Nursery n = children;
        if (n != null) n.cancelAll();
        Thread t = thread;
        if (t != null) interruptThread(t);
    }

    /**
     * The attempt whose timeout may still interrupt the task (0: none). A timer that fires as its attempt ends on its
     * own cannot be stopped by {@code cancel()}: its interrupt is delivered under this lock and only while
     * {@code timing} names its attempt, so it cannot arrive after the attempt has cleared its interrupts (in the
     * backoff, where it ended a task that should have been retried as cancelled).
     */
    private int timing; // guarded by this

    private void onTimeout(Thread t, int n) {
        Nursery kids;
        synchronized (this) {
            if (timing != n) return; // its attempt has ended
            timedOut = true;
            kids = children;
        }
        if (kids != null) kids.cancelAll(); // told first (a call on this thread must know it is cancelled)
        synchronized (this) {
            if (timing != n) return; // ended meanwhile: the thread has gone on
            run.clock.interrupt(t);
        }
        runInterruptActions();
    }

    /** Ends attempt timing: no timeout interrupts the thread from now on (one delivered before is cleared after). */
    private void stopTiming() {
        synchronized (this) {
            timing = 0;
        }
    }

    /** What {@link #onInterrupt} registered, made on first use (few tasks register: none of a million-task run). */
    private volatile java.util.concurrent.@Nullable CopyOnWriteArrayList<Runnable> onInterrupt;

    @Override
    public Registration onInterrupt(Runnable action) {
        java.util.Objects.requireNonNull(action, "action");
        java.util.concurrent.CopyOnWriteArrayList<Runnable> list;
        synchronized (this) {
            list = onInterrupt;
            if (list == null) onInterrupt = list = new java.util.concurrent.CopyOnWriteArrayList<>();
        }
        list.add(action);
        java.util.concurrent.CopyOnWriteArrayList<Runnable> registered = list;
        return () -> registered.remove(action);
    }

    /** Interrupts the task's thread and runs what the body registered for it (see {@link TaskContext#onInterrupt}). */
    private void interruptThread(Thread t) {
        run.clock.interrupt(t);
        runInterruptActions();
    }

    /** What the body registered with {@link TaskContext#onInterrupt}, run after its thread was interrupted. */
    private void runInterruptActions() {
        java.util.concurrent.CopyOnWriteArrayList<Runnable> actions = onInterrupt;
        if (actions == null) return;
        for (Runnable r : actions) {
            try {
                r.run();
            } catch (RuntimeException e) {
                // an action must not throw; the interrupt itself has happened
            }
        }
    }

    private void execute() {
        Clock.Timer total = armTotal();
        try {
            if (mdc != null) org.slf4j.MDC.setContextMap(mdc);
            if (carrier != null) carrier.run(this::attempts);
            else attempts();
        } catch (Throwable t) { // an engine bug must not leave the run hanging
            finish(TaskOutcome.FAILED, null, t);
        } finally {
            if (total != null) disarmTotal(total);
            run.clock.unregister();
        }
    }

    /**
     * Runs the attempts on the calling thread ({@link Scope#call}): the owner's thread, already a participant of the
     * clock, with the run's MDC and scoped values — so nothing is registered, set or unregistered here.
     */
    void runHere() {
        thread = Thread.currentThread();
        Clock.Timer total = armTotal();
        try {
            attempts();
        } catch (Throwable t) { // an engine bug must not leave the caller without an answer
            finish(TaskOutcome.FAILED, null, t);
        } finally {
            // the thread is the caller's, which goes on: no interrupt of this call's timer may reach it from here on
            if (total != null) disarmTotal(total);
        }
    }

    /**
     * Whether {@link Policy#totalTimeout} may still interrupt the task's thread, and whether an interrupt it delivered
     * is still pending (not yet cleared by {@link #clearInterrupt}). Both change only under this lock, where the
     * timer also delivers its interrupt: a timer that fires as a call ({@link #runHere}) ends cannot interrupt the
     * call's caller afterwards.
     */
    private boolean totalArmed; // guarded by this
    private boolean totalPending; // guarded by this

    private Clock.@Nullable Timer armTotal() {
        if (policy.totalTimeout() == null) return null;
        synchronized (this) {
            totalArmed = true;
        }
        return run.clock.schedule(run.clock.nanoTime() + Clock.saturatedNanos(policy.totalTimeout()), this::onTotalTimeout);
    }

    private void disarmTotal(Clock.Timer total) {
        total.cancel();
        synchronized (this) {
            totalArmed = false;
            if (totalPending) {
                Thread.interrupted(); // delivered after the attempts' last look: it was for them, not for what follows
                totalPending = false;
            }
        }
    }

    /** Clears the thread's interrupt, and with it any the total timeout delivered. */
    private void clearInterrupt() {
        synchronized (this) {
            Thread.interrupted();
            totalPending = false;
        }
    }

    private void onTotalTimeout() {
        Nursery n;
        synchronized (this) {
            if (!totalArmed) return; // the task has ended
            totalTimedOut = true;
            n = children;
        }
        if (n != null) n.cancelAll(); // told first (a call on this thread must know it is cancelled before the interrupt)
        Thread t = thread;
        if (t == null) return;
        synchronized (this) {
            if (!totalArmed) return; // ended meanwhile: its thread may be a caller's, going on with its own work
            run.clock.interrupt(t);
            totalPending = true;
        }
        runInterruptActions();
    }

    private void attempts() {
        Clock clock = run.clock;
        Thread self = Thread.currentThread();
        while (true) {
            int n = attempt + 1; // counted once it starts: a cancel before (or while waiting for a permit) is no attempt
            if (cancelRequested || (n > 1 && run.isDraining())) {
                finish(TaskOutcome.CANCELLED, null, drainCancelled || !cancelRequested ? run.drainReason() : run.stopReason(name));
                return;
            }
            List<Limiter> held = new ArrayList<>(policy.limits().size());
            List<Limits.Gates> needed = new ArrayList<>(policy.limits().size());
            try {
                // every name is resolved before any permit is taken: an unknown one must not leave permits behind
                for (String l : policy.limits()) needed.add(run.gates(l));
            } catch (IllegalStateException unknown) {
                finish(TaskOutcome.FAILED, null, new IllegalArgumentException("task '" + name + "': " + unknown.getMessage()));
                return;
            }
            for (Limits.Gates g : needed) {
                CircuitOpenException open = g.breaker() == null ? null : g.breaker().check(clock.nanoTime());
                if (open != null) {
                    leaveQueue();
                    finish(TaskOutcome.FAILED, null, open); // fails at once: no attempt, no retry
                    return;
                }
            }
            try {
                held.addAll(run.limits().acquire(needed, clock, order));
            } catch (InterruptedException e) {
                releaseAll(held);
                clearInterrupt();
                finish(TaskOutcome.CANCELLED, null, drainCancelled ? run.drainReason() : run.stopReason(name));
                return;
            }
            if (cancelRequested || run.isStopping()) {
                // cancelled while it waited (or the run is stopping and its cancel is on the way): the permit it got
                // on the way (a holder let go as it was cancelled) goes back, and no attempt starts
                releaseAll(held);
                clearInterrupt();
                finish(TaskOutcome.CANCELLED, null, drainCancelled ? run.drainReason() : run.stopReason(name));
                return;
            }
            leaveQueue();
            attempt = n;
            long t0 = run.nanos();
            if (startNanos < 0) startNanos = t0;
            run.emit(this, TaskEvent.Kind.STARTED, n, null, null);
            timedOut = false;
            Nursery kids = new Nursery(run, name, self, order);
            children = kids;
            Clock.Timer timer = null;
            if (policy.timeout() != null) {
                synchronized (this) {
                    timing = n;
                }
                timer = clock.schedule(clock.nanoTime() + Clock.saturatedNanos(policy.timeout()), () -> onTimeout(self, n));
            }
            T v = null;
            Throwable err = null;
            try {
                v = body.run(this, inputs != null ? inputs : Inputs.NONE);
                kids.awaitAll();
            } catch (Throwable t) {
                err = t;
            }
            if (timer != null) stopTiming();
            if (kids.failure() != null) err = kids.failure();
            if (err != null || timedOut || cancelRequested) kids.shutdown();
            else kids.close();
            if (timer != null) timer.cancel();
            Duration asked = err == null ? null : retryAfter(err);
            if (asked != null) {
                // a server's Retry-After slows every task of the same rate key, not just this one; said before the
                // permits go back, so that a task waiting for them sees it
                for (Limits.Gates g : needed) if (g.rate() != null) g.rate().slowDown(clock, asked);
            }
            releaseAll(held);
            clearInterrupt(); // interrupts were for this attempt only
            if (timedOut && !cancelRequested) err = new TaskTimeoutException(name, java.util.Objects.requireNonNull(policy.timeout()));
            if (totalTimedOut && !cancelRequested) {
                finish(TaskOutcome.FAILED, null, new TaskTimeoutException(name, java.util.Objects.requireNonNull(policy.totalTimeout())));
                return;
            }
            if (cancelRequested) {
                finish(TaskOutcome.CANCELLED, null, run.stopReason(name));
                return;
            }
            for (Limits.Gates g : needed) {
                if (g.breaker() == null) continue;
                if (err == null) g.breaker().succeeded();
                else g.breaker().failed(clock.nanoTime());
            }
            if (err == null) {
                finish(TaskOutcome.SUCCEEDED, v, null);
                return;
            }
            if (err instanceof java.util.concurrent.CancellationException && run.isDraining()) {
                // The body gave up because the run was asked to stop (it saw isDraining()): cancelled, not failed.
                finish(TaskOutcome.CANCELLED, null, err);
                return;
            }
            run.emit(this, TaskEvent.Kind.ATTEMPT_FAILED, n, null, err);
            if (n >= policy.retry().maxAttempts() || !retryable(err)) {
                finish(TaskOutcome.FAILED, null, err);
                return;
            }
            Duration delay = policy.retry().delay(n, ThreadLocalRandom.current().nextDouble());
            if (asked != null && asked.compareTo(delay) > 0) delay = asked;
            run.emit(this, TaskEvent.Kind.RETRYING, n, delay, null);
            try {
                inBackoff = true;
                if (run.isDraining()) throw new InterruptedException("draining");
                clock.sleep(delay);
            } catch (InterruptedException e) {
                clearInterrupt();
                finish(TaskOutcome.CANCELLED, null, drainCancelled || (run.isDraining() && !cancelRequested)
                        ? run.drainReason() : run.stopReason(name));
                return;
            } finally {
                inBackoff = false;
            }
        }
    }

    private boolean retryable(Throwable err) {
        if (err instanceof InterruptedException) return false;
        try {
            return policy.retry().retryOn().test(err);
        } catch (RuntimeException e) {
            // a broken predicate means "don't retry", but not silently: the failure carries why
            err.addSuppressed(new IllegalStateException("the retryOn predicate of task '" + name + "' threw, so the task"
                    + " was not retried: " + e, e));
            return false;
        }
    }

    private static @Nullable Duration retryAfter(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof RetryAfter ra) return ra.retryAfter();
            if (t.getCause() == t) break;
        }
        return null;
    }

    private void releaseAll(List<Limiter> held) {
        for (int i = held.size() - 1; i >= 0; i--) held.get(i).release(run.clock);
        held.clear();
    }

    /** Ends a task that never got a thread (cancelled or skipped before start). */
    void finishWithoutStart(TaskOutcome how, @Nullable Throwable why) {
        finish(how, null, why);
    }

    private void finish(TaskOutcome how, @Nullable T v, @Nullable Throwable err) {
        if (how == TaskOutcome.CANCELLED && totalTimedOut && !cancelRequested) {
            // the total timeout ended a wait for a permit, a rate slot or a backoff: a failure, not a cancel
            how = TaskOutcome.FAILED;
            err = new TaskTimeoutException(name, java.util.Objects.requireNonNull(policy.totalTimeout()));
        }
        List<Waiter> toWake;
        synchronized (this) {
            if (done) return;
            value = v;
            error = err;
            outcome = how;
            endNanos = run.nanos();
            done = true;
            toWake = joiners;
            joiners = null;
        }
        List<Runnable> callbacks;
        synchronized (this) {
            callbacks = onDone;
            onDone = null;
        }
        children = null;
        TaskEvent.Kind kind = switch (how) {
            case SUCCEEDED -> TaskEvent.Kind.SUCCEEDED;
            case FAILED -> TaskEvent.Kind.FAILED;
            case CANCELLED -> TaskEvent.Kind.CANCELLED;
            case SKIPPED -> TaskEvent.Kind.SKIPPED;
        };
        run.emit(this, kind, how == TaskOutcome.SKIPPED ? 0 : attempt, null, err);
        if (toWake != null) for (Waiter w : toWake) run.clock.release(w);
        leaveQueue();
        if (callbacks != null) for (Runnable r : callbacks) r.run();
        run.taskEnded(this);
        if (owner != null) owner.childDone(this);
    }
}
