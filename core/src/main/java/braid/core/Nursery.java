package braid.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children forked by one owner (a scope's caller or a task attempt). When a required child
 * fails, the siblings are cancelled and the owner is interrupted; the owner then awaits them all.
 */
final class Nursery implements Scope {
    final Run run;
    final String ownerTask; // null for a run's root scope
    final Thread owner;
    private final Set<TaskRun<?>> live = ConcurrentHashMap.newKeySet();
    private int outstanding; // guarded by this
    private Waiter idleWaiter; // guarded by this
    private volatile Throwable failure;
    private volatile boolean closed;

    Nursery(Run run, String ownerTask, Thread owner) {
        this.run = run;
        this.ownerTask = ownerTask;
        this.owner = owner;
    }

    @Override
    public <T> Fork<T> fork(String name, Policy policy, TaskBody<T> body) {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(policy, "policy");
        java.util.Objects.requireNonNull(body, "body");
        for (String l : policy.limits()) {
            try {
                run.limiter(l);
            } catch (IllegalStateException unknown) {
                // refused before anything is taken or started (a typo in a limit name must not leak permits)
                throw new IllegalArgumentException("cannot fork '" + name + "': " + unknown.getMessage()
                        + "; the engine has " + run.limitNames());
            }
        }
        TaskRun<T> t = new TaskRun<>(run, name, ownerTask, policy, (ctx, in) -> body.run(ctx), this);
        synchronized (this) {
            if (closed) throw new IllegalStateException("cannot fork '" + name + "': the scope of "
                    + (ownerTask == null ? "run '" + run.name + "'" : "task '" + ownerTask + "'") + " has ended");
            outstanding++;
        }
        live.add(t);
        run.emit(t, TaskEvent.Kind.SCHEDULED, 0, null, null);
        if (failure != null || run.isStopping()) t.finishWithoutStart(TaskOutcome.CANCELLED, run.stopReason(name));
        else if (run.isDraining()) t.finishWithoutStart(TaskOutcome.CANCELLED, run.drainReason());
        else t.launch();
        return t;
    }

    @Override
    public Clock clock() {
        return run.clock;
    }

    /** Called by a child once it has ended in any way. */
    void childDone(TaskRun<?> child) {
        live.remove(child);
        if (child.outcome() == TaskOutcome.FAILED && child.policy.isRequired() && failure == null) {
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

    Throwable failure() {
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
