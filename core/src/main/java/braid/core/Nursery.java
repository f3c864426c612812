package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children forked by one owner (a scope's caller or a task attempt). When a required child
 * fails, the siblings are cancelled and the owner is interrupted; the owner then awaits them all.
 */
final class Nursery implements Scope {
    final Run run;
    final @Nullable String ownerTask; // null for a run's root scope
    final Thread owner;
    private final Set<TaskRun<?>> live = ConcurrentHashMap.newKeySet();
    private int outstanding; // guarded by this
    private @Nullable Waiter idleWaiter; // guarded by this
    private volatile @Nullable Throwable failure;
    private volatile boolean closed;
    private int queued; // forked, not yet started or ended; guarded by this
    /** The owner's place in the fork tree ({@link TaskRun#order}); its forks get this plus their fork number. */
    final int[] base;
    private final java.util.concurrent.atomic.AtomicInteger forkNumber = new java.util.concurrent.atomic.AtomicInteger();
    private @Nullable Waiter roomWaiter; // the owner, blocked in fork() for room in the queue; guarded by this

    Nursery(Run run, @Nullable String ownerTask, Thread owner, int[] base) {
        this.base = base;
        this.run = run;
        this.ownerTask = ownerTask;
        this.owner = owner;
    }

    @Override
    public <T extends @Nullable Object> Fork<T> fork(String name, Policy policy, TaskBody<T> body) {
        TaskRun<T> t = child("fork", name, policy, body);
        boolean interrupted = !awaitRoom();
        enlist("fork", t);
        if (interrupted) {
            t.finishWithoutStart(TaskOutcome.CANCELLED, run.stopReason(name));
            Thread.currentThread().interrupt();
        } else if (failure != null || run.isStopping()) t.finishWithoutStart(TaskOutcome.CANCELLED, run.stopReason(name));
        else if (run.isDraining()) t.finishWithoutStart(TaskOutcome.CANCELLED, run.drainReason());
        else t.launch();
        return t;
    }

    @Override
    @SuppressWarnings("NullAway") // a task that succeeded holds a value of T (null only where T allows it)
    public <T extends @Nullable Object> T call(String name, Policy policy, TaskBody<T> body) throws TaskFailedException {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("cannot call '" + name + "' from " + Thread.currentThread().getName() + ": a call"
                    + " runs on the thread of its scope's owner (" + whose() + "); a fork calls through its own TaskContext");
        }
        TaskRun<T> t = child("call", name, policy, body);
        t.inline = true;
        enlist("call", t);
        if (failure != null || run.isStopping()) t.finishWithoutStart(TaskOutcome.CANCELLED, run.stopReason(name));
        else if (run.isDraining()) t.finishWithoutStart(TaskOutcome.CANCELLED, run.drainReason());
        else t.runHere();
        if (t.outcome() == TaskOutcome.SUCCEEDED) return t.value();
        if (t.outcome() == TaskOutcome.CANCELLED) {
            if (!run.isStopping() && run.isDraining() && t.error() instanceof java.util.concurrent.CancellationException drained) {
                // the run drains (the call waited for a permit, or no retry starts): the caller ends cancelled, as it
                // would if a fork of its had not started
                throw drained;
            }
            Thread.currentThread().interrupt(); // the caller is being cancelled too: it must still see it
        }
        throw new TaskFailedException(name, t.error());
    }

    /** A new child task, its policy's limits checked first: refused before anything is taken or started. */
    private <T extends @Nullable Object> TaskRun<T> child(String verb, String name, Policy policy, TaskBody<T> body) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(policy, "policy");
        java.util.Objects.requireNonNull(body, "body");
        for (String l : policy.limits()) {
            try {
                run.gates(l);
            } catch (IllegalStateException unknown) {
                // a typo in a limit name must not leak permits
                throw new IllegalArgumentException("cannot " + verb + " '" + name + "': " + unknown.getMessage()
                        + "; the engine has " + run.limitNames());
            }
        }
        TaskRun<T> t = new TaskRun<>(run, name, ownerTask, policy, (ctx, in) -> body.run(ctx), this);
        t.order = java.util.Arrays.copyOf(base, base.length + 1);
        t.order[base.length] = forkNumber.getAndIncrement();
        return t;
    }

    /** Counts {@code t} among this scope's children (refused once the scope has ended) and records it as scheduled. */
    private void enlist(String verb, TaskRun<?> t) {
        synchronized (this) {
            if (closed) throw new IllegalStateException("cannot " + verb + " '" + t.name + "': the scope of " + whose() + " has ended");
            outstanding++;
            queued++;
            t.queuedIn = true;
        }
        live.add(t);
        run.emit(t, TaskEvent.Kind.SCHEDULED, 0, null, null);
    }

    private String whose() {
        return ownerTask == null ? "run '" + run.name + "'" : "task '" + ownerTask + "'";
    }

    @Override
    public Clock clock() {
        return run.clock;
    }

    /**
     * Bounded forking: waits while the queue is full. False when interrupted meanwhile (the scope is being
     * cancelled): the fork is then made already cancelled.
     */
    private boolean awaitRoom() {
        int bound = run.maxQueuedForks;
        if (bound <= 0) return true;
        while (true) {
            Waiter w;
            synchronized (this) {
                if (queued < bound || failure != null || closed) return true;
                w = Waiter.forCurrentThread();
                roomWaiter = w;
            }
            try {
                run.clock.park(w);
            } catch (InterruptedException e) {
                synchronized (this) {
                    if (roomWaiter == w) roomWaiter = null;
                }
                return false;
            }
        }
    }

    /** A child left the queue: it started its first attempt, or ended without one. */
    void childDequeued() {
        Waiter w;
        synchronized (this) {
            queued--;
            w = roomWaiter;
            roomWaiter = null;
        }
        if (w != null) run.clock.release(w);
    }

    /** Called by a child once it has ended in any way. */
    void childDone(TaskRun<?> child) {
        live.remove(child);
        // a call's failure went to its caller, who decides (see Scope#call)
        if (child.outcome() == TaskOutcome.FAILED && child.policy.isRequired() && !child.inline && failure == null) {
            boolean first;
            synchronized (this) {
                first = failure == null;
                if (first) failure = new TaskFailedException(child.name, child.error());
            }
            if (first) {
                cancelAll();
                run.clock.interrupt(owner);
            }
        }
        Waiter w = null;
        synchronized (this) {
            if (--outstanding == 0 && idleWaiter != null) {
                w = idleWaiter;
                idleWaiter = null;
            }
        }
        if (w != null) run.clock.release(w);
    }

    @Nullable Throwable failure() {
        return failure;
    }

    void drain() {
        for (TaskRun<?> t : live) t.drain();
    }

    void cancelAll() {
        for (TaskRun<?> t : live) t.cancel();
    }

    /** Waits until every child has ended. */
    void awaitAll() throws InterruptedException {
        while (true) {
            Waiter w;
            synchronized (this) {
                if (outstanding == 0) return;
                w = Waiter.forCurrentThread();
                int n = outstanding;
                w.what = () -> "its " + n + " fork(s) to end";
                idleWaiter = w;
            }
            try {
                run.clock.park(w);
            } catch (InterruptedException e) {
                synchronized (this) {
                    if (idleWaiter == w) idleWaiter = null;
                }
                throw e;
            }
        }
    }

    /** Cancels and waits for every child, whatever interrupts arrive meanwhile; then refuses new forks. */
    void shutdown() {
        boolean interrupted = false;
        cancelAll();
        while (true) {
            try {
                awaitAll();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                cancelAll();
            }
        }
        synchronized (this) {
            closed = true;
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    synchronized void close() {
        closed = true;
    }
}
