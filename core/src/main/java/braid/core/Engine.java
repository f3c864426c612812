package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * Runs tasks concurrently on virtual threads, structured: a run owns its tasks and none outlives it.
 *
 * <p>Two forms feed the same events: {@link #run(Graph)} for a declared graph of named tasks, and
 * {@link #scope} for imperative fork/join code. Per-task {@link Policy policies} give timeouts,
 * retries and required/optional failure handling; {@link Builder#limit named resource limits} cap how
 * many attempts hold a resource at once; a {@link Builder#deadline deadline} bounds a whole run.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().limit("sap", 8).deadline(Duration.ofMinutes(30)).build();
 * List<Page> pages = engine.scope("fetch", scope -> {
 *     List<Fork<Page>> forks = new ArrayList<>();
 *     for (int i = 0; i < 100; i++) {
 *         int n = i;
 *         forks.add(scope.fork("page " + n, Policy.DEFAULT.withLimit("sap"), ctx -> fetch(n)));
 *     }
 *     List<Page> out = new ArrayList<>();
 *     for (Fork<Page> f : forks) out.add(f.join());
 *     return out;
 * });
 * }</pre>
 *
 * Immutable and thread-safe; one engine may run many runs at once (limits are shared by them).
 */
public final class Engine {
    private final Clock clock;
    private final Limits limits;
    private final int maxQueuedForks;
    private final java.util.concurrent.atomic.AtomicInteger runNumbers = new java.util.concurrent.atomic.AtomicInteger();
    private final List<ScopedValue<?>> propagated;
    private final List<RunListener> listeners;
    private final @Nullable Duration deadline;

    private Engine(Builder b) {
        this.clock = b.clock;
        this.limits = new Limits(b.limits, b.keyedLimits, b.rates, b.keyedRates, b.keyedBreakers);
        this.maxQueuedForks = b.maxQueuedForks;
        this.propagated = List.copyOf(b.propagated);
        this.listeners = List.copyOf(b.listeners);
        this.deadline = b.deadline;
    }

    /** A builder for an engine: its clock, limits (fixed, keyed, rates, breakers), listeners, deadline and forking bound. */
    public static Builder builder() {
        return new Builder();
    }

    /** An engine on the system clock with no limits, listeners or deadline. */
    public static Engine create() {
        return builder().build();
    }

    /** The clock every run of this engine uses. */
    public Clock clock() {
        return clock;
    }

    /** The configured limits: resource name → permits. */
    public Map<String, Integer> limits() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.putAll(limits.fixedPermits());
        return m;
    }

    /** Runs {@code graph} and waits for it; never throws for task failures (see {@link RunResult}). */
    public RunResult run(Graph graph) throws InterruptedException {
        return start(graph).await();
    }

    /** Same as {@link #run(Graph)} with extra listeners for this run only. */
    public RunResult run(Graph graph, RunListener... extra) throws InterruptedException {
        return start(graph, extra).await();
    }

    /** Starts {@code graph} and returns at once; the execution can be awaited or cancelled. */
    public Execution start(Graph graph, RunListener... extra) {
        Objects.requireNonNull(graph, "graph");
        checkLimits(graph);
        Run run = newRun(graph.name(), extra);
        List<TaskRun<?>> tasks = GraphRun.prepare(run, graph);
        boolean registered = clock.register(Thread.currentThread()); // hold time still while launching
        try {
            run.listener().runStarted(new RunStart(graph.name(), clock.instant(), graph.tasks()));
            Clock.Timer timer = armDeadline(run);
            for (TaskRun<?> t : tasks) run.emit(t, TaskEvent.Kind.SCHEDULED, 0, null, null);
            if (tasks.isEmpty()) run.unfinished.set(0);
            for (TaskRun<?> t : tasks) if (t.inputTasks.isEmpty()) GraphRun.start(run, t);
            return new Execution(run, tasks, timer);
        } finally {
            if (registered) clock.unregister();
        }
    }

    private void checkLimits(Graph graph) {
        for (TaskInfo t : graph.tasks())
            for (String l : t.limits())
                if (!limits.knows(l))
                    throw new IllegalArgumentException("task '" + t.name() + "' needs resource '" + l
                            + "' but the engine has no limit for it (configured: " + limits.names() + ")");
    }

    private Run newRun(String name, RunListener... extra) {
        List<RunListener> all = new ArrayList<>(listeners);
        for (RunListener l : extra) all.add(Objects.requireNonNull(l, "listener"));
        Run run = new Run(name, clock, limits, new SafeListener(all));
        run.number = runNumbers.incrementAndGet();
        clock.runStarted(run);
        run.maxQueuedForks = maxQueuedForks;
        run.propagated = propagated;
        return run;
    }

    private Clock.@Nullable Timer armDeadline(Run run) {
        if (deadline == null) return null;
        return clock.schedule(run.startNanos + Clock.saturatedNanos(deadline),
                () -> run.stop(RunOutcome.DEADLINE_EXCEEDED, new CancellationException("deadline of " + Events.human(deadline) + " passed")));
    }

    /**
     * Runs {@code body} in a new scope on the calling thread and returns its result once every fork
     * has ended.
     *
     * @throws RunFailedException when a required fork failed (its siblings are cancelled first), the
     *                            body threw, the deadline passed or the thread was interrupted
     */
    @SuppressWarnings("NullAway") // the result is the body's value of T
    public <T extends @Nullable Object> T scope(String runName, ScopeBody<T> body, RunListener... extra) {
        Objects.requireNonNull(body, "body");
        Run run = newRun(runName, extra);
        Thread self = Thread.currentThread();
        boolean registered = clock.register(self);
        run.setScopeOwner(self);
        Nursery root = new Nursery(run, null, self, new int[]{run.number});
        run.setRootScope(root);
        T result = null;
        Throwable err = null;
        Clock.Timer timer = null;
        try {
            run.listener().runStarted(new RunStart(runName, clock.instant(), List.of()));
            timer = armDeadline(run);
            try {
                result = body.run(root);
                root.awaitAll();
            } catch (Throwable t) {
                err = t;
            }
            // A fork's failure is the run's error, unless the body rethrew it with context of its own (its exception
            // has the fork's failure among its causes): that one says more and is kept.
            if (root.failure() != null && (err == null || !causedBy(err, root.failure()))) err = root.failure();
            if (err != null || run.isStopping()) root.shutdown();
            else root.close();
        } finally {
            if (timer != null) timer.cancel();
            run.releaseScopeOwner();
            clock.runEnded(run);
            if (registered) clock.unregister();
        }
        Run.Stop stop = run.stopState();
        boolean ourInterrupt = stop != null || root.failure() != null;
        if (ourInterrupt) Thread.interrupted();
        RunOutcome outcome;
        if (stop != null && stop.outcome() == RunOutcome.FAILED && (err == null || err instanceof InterruptedException
                || err instanceof TaskFailedException && err.getCause() instanceof java.util.concurrent.CancellationException)) {
            err = stop.cause(); // the run was failed from outside its body (the virtual clock found a deadlock)
        }
        if (stop != null && stop.outcome() != RunOutcome.FAILED) {
            outcome = stop.outcome();
            if (err == null || err instanceof InterruptedException) err = stop.cause();
        } else if (err instanceof InterruptedException && !ourInterrupt) {
            // the owner's thread was interrupted from outside (a shutdown, a caller's cancel): cancelled, not failed
            outcome = RunOutcome.CANCELLED;
            self.interrupt();
        } else if (err != null) {
            outcome = RunOutcome.FAILED;
        } else {
            outcome = RunOutcome.SUCCEEDED;
        }
        run.listener().runFinished(new RunEnd(outcome, run.nanos(), Events.describeOrNull(err)));
        if (outcome != RunOutcome.SUCCEEDED)
            throw new RunFailedException("run '" + runName + "' " + describe(outcome) + ": " + Failures.inWords(err), outcome, err);
        return result;
    }

    /** What {@link #collectAll} runs for one item. */
    @FunctionalInterface
    public interface ItemBody<I, T> {
        T run(TaskContext ctx, I item) throws Exception;
    }

    /**
     * The collect-all mode: runs {@code body} for every item at once, each a fork under {@code policy} made optional
     * (a failure is collected and never cancels the others), and returns every outcome in the items' order — all
     * results and all failures, not the first failure. Limits, retries, timeouts and bounded forking apply as for any
     * fork. The run fails only when the engine stops it (its deadline, a cancel), with {@link RunFailedException}.
     */
    public <I, T> List<Collected<I, T>> collectAll(String runName, java.util.Collection<? extends I> items, Policy policy,
                                                  ItemBody<I, T> body) {
        Objects.requireNonNull(body, "body");
        Policy optional = policy.optional();
        return scope(runName, scope -> {
            List<I> in = new ArrayList<>(items);
            List<Fork<T>> forks = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                I item = in.get(i);
                String name = String.valueOf(item);
                forks.add(scope.fork(name.length() > 80 ? name.substring(0, 79) + "…" : name, optional, ctx -> body.run(ctx, item)));
            }
            List<Collected<I, T>> out = new ArrayList<>(in.size());
            for (int i = 0; i < in.size(); i++) {
                TaskRun<T> t = (TaskRun<T>) forks.get(i);
                t.joinOptional();
                out.add(new Collected<>(in.get(i), java.util.Objects.requireNonNull(t.outcome()), t.outcome() == TaskOutcome.SUCCEEDED ? t.value() : null, t.error()));
            }
            return out;
        });
    }

    private static boolean causedBy(Throwable t, Throwable cause) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c == cause || (cause.getCause() != null && c == cause.getCause())) return true;
        }
        return false;
    }

    static String describe(RunOutcome o) {
        return switch (o) {
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case CANCELLED -> "was cancelled";
            case DEADLINE_EXCEEDED -> "ran past its deadline";
        };
    }

    /** A graph run under way. Thread-safe. */
    public static final class Execution {
        private final Run run;
        private final List<TaskRun<?>> tasks;
        private final Clock.@Nullable Timer deadlineTimer;
        private @Nullable RunResult result; // guarded by this

        private Execution(Run run, List<TaskRun<?>> tasks, Clock.@Nullable Timer deadlineTimer) {
            this.run = run;
            this.tasks = tasks;
            this.deadlineTimer = deadlineTimer;
            // the result (and the listeners' runFinished) when the last task ends, also if nobody awaits
            run.onEnd(this::finish);
        }

        /** Cancels the run: running tasks are interrupted, pending ones never start. */
        public void cancel() {
            run.stop(RunOutcome.CANCELLED, new CancellationException("run '" + run.name + "' was cancelled"));
        }

        /**
         * Asks the run to stop gracefully: tasks and forks that have not started are cancelled, no
         * retry starts, and running tasks see {@link TaskContext#isDraining()} and finish what they
         * have in flight. {@link #cancel()} afterwards stops at once.
         */
        public void drain() {
            run.drain();
        }

        /** Waits until every task has ended and returns the result; if interrupted, cancels the run first and still waits. */
        public RunResult await() throws InterruptedException {
            try {
                run.awaitEnd();
            } catch (InterruptedException e) {
                cancel();
                while (true) {
                    try {
                        run.awaitEnd();
                        break;
                    } catch (InterruptedException again) {
                        // keep waiting: no task may outlive the run
                    }
                }
                finish();
                throw e;
            }
            return finish();
        }

        private synchronized RunResult finish() {
            if (result != null) return result;
            for (TaskRun<?> t : tasks) t.awaitThreadExit(); // a run's threads end before its result exists
            run.clock.runEnded(run);
            if (deadlineTimer != null) deadlineTimer.cancel();
            Map<String, TaskResult> out = new LinkedHashMap<>();
            Throwable firstFailure = null;
            for (TaskRun<?> t : tasks) {
                out.put(t.name, new TaskResult(t.name, java.util.Objects.requireNonNull(t.outcome(), t.name), t.value(), t.error(), t.attemptCount(), t.startNanos, t.endNanos));
                if (firstFailure == null && t.outcome() == TaskOutcome.FAILED && t.policy.isRequired()) firstFailure = t.error();
            }
            Run.Stop stop = run.finalStop();
            RunOutcome outcome = stop == null ? RunOutcome.SUCCEEDED : stop.outcome();
            Throwable error = stop == null ? null : stop.cause();
            if (stop == null && run.finalDraining()) {
                boolean allDone = tasks.stream().allMatch(t -> t.outcome() == TaskOutcome.SUCCEEDED || !t.policy.isRequired());
                if (!allDone) {
                    outcome = RunOutcome.CANCELLED;
                    error = run.drainReason();
                }
            }
            long end = run.endNanos();
            run.listener().runFinished(new RunEnd(outcome, end, Events.describeOrNull(error)));
            result = new RunResult(run.name, outcome, error, Duration.ofNanos(end), out);
            return result;
        }

        /** Whether the run has ended (its result is decided). */
        public boolean isDone() {
            return run.ended();
        }
    }

    /** Configures an engine. Not thread-safe; the engine it builds is. */
    public static final class Builder {
        private Clock clock = Clock.system();
        private final Map<String, Integer> limits = new LinkedHashMap<>();
        private final Map<String, Integer> keyedLimits = new LinkedHashMap<>();
        private int maxQueuedForks;
        private final Map<String, Limits.Breaker> keyedBreakers = new LinkedHashMap<>();
        private final List<ScopedValue<?>> propagated = new ArrayList<>();
        private final Map<String, Limits.Rate> rates = new LinkedHashMap<>();
        private final Map<String, Limits.Rate> keyedRates = new LinkedHashMap<>();
        private final List<RunListener> listeners = new ArrayList<>();
        private @Nullable Duration deadline;

        private Builder() {}

        /** The clock of every run (default the system clock; {@link Clock#virtual()} for tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** At most {@code permits} attempts at once may hold {@code resource} (across all runs of the engine). */
        public Builder limit(String resource, int permits) {
            if (resource == null || resource.isBlank()) throw new IllegalArgumentException("resource name must not be blank");
            if (permits < 1) throw new IllegalArgumentException("limit for '" + resource + "' must be >= 1, was " + permits);
            limits.put(resource, permits);
            return this;
        }

        /**
         * A family of limits made on demand: a task that names {@code family + ":" + key} (e.g. {@code "host:" +
         * uri.getHost()}) holds one of {@code permits} of that key's own limit, made the first time the key is named.
         * At most 5 per host, without declaring each host up front.
         */
        public Builder keyedLimit(String family, int permits) {
            checkName(family);
            if (permits < 1) throw new IllegalArgumentException("limit for '" + family + "' must be >= 1, was " + permits);
            keyedLimits.put(family, permits);
            return this;
        }

        /**
         * At most {@code perSecond} attempts a second start under {@code resource} on average, up to {@code burst} at
         * once after a quiet spell (a token bucket on the engine's clock, so testable in virtual time). A name may have
         * a concurrency limit and a rate. A failure carrying a Retry-After ({@link RetryAfter}) holds back every task of
         * the resource for that long.
         */
        public Builder rateLimit(String resource, double perSecond, int burst) {
            checkName(resource);
            rates.put(resource, rate(resource, perSecond, burst));
            return this;
        }

        /**
         * A circuit breaker per key, made on demand like {@link #keyedLimit}: after {@code failures} failed attempts
         * in a row of tasks naming {@code family + ":" + key}, the next ones fail at once with
         * {@link CircuitOpenException} (no attempt, no retry) for {@code coolDown}; then one attempt may try, and a
         * success closes the breaker. A host that is down stops costing a timeout per call.
         */
        public Builder keyedBreaker(String family, int failures, Duration coolDown) {
            checkName(family);
            if (failures < 1) throw new IllegalArgumentException("breaker for '" + family + "' needs failures >= 1, was " + failures);
            Objects.requireNonNull(coolDown, "coolDown");
            keyedBreakers.put(family, new Limits.Breaker(failures, coolDown));
            return this;
        }

        /** A rate per key, made on demand like {@link #keyedLimit}: {@code family + ":" + key}. */
        public Builder keyedRateLimit(String family, double perSecond, int burst) {
            checkName(family);
            keyedRates.put(family, rate(family, perSecond, burst));
            return this;
        }

        private static void checkName(String name) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("resource name must not be blank");
            if (name.contains(":")) throw new IllegalArgumentException("a limit's name must not contain ':' (it separates a family from its key): " + name);
        }

        private static Limits.Rate rate(String name, double perSecond, int burst) {
            if (!(perSecond > 0) || Double.isInfinite(perSecond))
                throw new IllegalArgumentException("rate for '" + name + "' must be positive, was " + perSecond);
            if (burst < 1) throw new IllegalArgumentException("burst for '" + name + "' must be >= 1, was " + burst);
            return new Limits.Rate(perSecond, burst);
        }

        /**
         * Bounded forking: {@link Scope#fork} blocks once {@code forks} forks of that scope are queued (forked but not
         * yet started, waiting for a permit or a rate slot), and returns when one starts. A loop over a million URLs
         * then holds at most this many waiting forks (and threads) at a time instead of a million. If the scope is
         * cancelled while the owner waits there, the fork returns already cancelled and the owner's interrupt status
         * is set. 0 (the default) means no bound.
         */
        public Builder maxQueuedForks(int forks) {
            if (forks < 0) throw new IllegalArgumentException("maxQueuedForks must be >= 0, was " + forks);
            this.maxQueuedForks = forks;
            return this;
        }

        /**
         * A task sees these {@link ScopedValue}s bound as the thread that forked it (or started the run) saw them, as
         * the JDK's StructuredTaskScope does: a request id, a tenant, a deadline bound around {@code engine.scope(...)}
         * reaches every fork. SLF4J's MDC is carried the same way without being named here.
         */
        public Builder propagate(ScopedValue<?>... values) {
            for (ScopedValue<?> v : values) propagated.add(Objects.requireNonNull(v, "value"));
            return this;
        }

        /** A listener for every run's events (the timeline's recorder, a progress display). */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Every run is cancelled when it has been running this long. */
        public Builder deadline(Duration deadline) {
            if (deadline != null && (deadline.isNegative() || deadline.isZero()))
                throw new IllegalArgumentException("deadline must be positive, was " + deadline);
            this.deadline = deadline;
            return this;
        }

        /** The engine; the builder may be used again. */
        public Engine build() {
            return new Engine(this);
        }
    }
}
