package braid.health;

import braid.core.Clock;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import braid.core.RunListener;
import braid.core.Scope;
import braid.health.internal.Probes;
import braid.http.Http1Client;
import braid.http.HttpClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Runs checks at once on the engine: at most {@code concurrency} in all and 4 per host; each ends within its timeout
 * (plus a second for the engine's own bound) from the moment it runs, whatever it waited for its turn; the results
 * come back in the checks' order. A {@code clientWebsites} check fans out to one HTTP check per client website under
 * the same limits.
 */
public final class HealthRunner {
    /** The engine's limit on all checks at once ({@link #limits}). */
    public static final String LIMIT = "health";
    /** The engine's keyed limit per host: {@code health-host:<host>}, 4 each. */
    public static final String HOST_LIMIT = "health-host";

    private final Http1Client client;
    private final @Nullable SSLContext sslContext; // for the checks that speak TLS themselves (smtp)
    private final Clock clock;
    private final HealthSources sources;
    private final List<RunListener> listeners;

    /** A runner with the JDK's trust store (or {@code sslContext}'s, when given) and no log or SAP sources. */
    public HealthRunner(@Nullable SSLContext sslContext, Clock clock, RunListener... listeners) {
        this(sslContext, clock, HealthSources.NONE, listeners);
    }

    /** A runner whose log and client-website checks read {@code sources}. */
    public HealthRunner(@Nullable SSLContext sslContext, Clock clock, HealthSources sources, RunListener... listeners) {
        this(sslContext, null, clock, sources, listeners);
    }

    /**
     * A runner for {@code config}: its trust store ({@code health.trustStore}) and its proxy ({@code health.proxy} or
     * the environment's) for the HTTP checks, the log and client-website checks reading {@code sources}.
     */
    public HealthRunner(HealthChecks config, Clock clock, HealthSources sources, RunListener... listeners) {
        this(config.sslContext(), config.proxy(), clock, sources, listeners);
    }

    private HealthRunner(@Nullable SSLContext sslContext, HealthChecks.@Nullable ProxyRoute proxy, Clock clock,
                         HealthSources sources, RunListener... listeners) {
        this.sslContext = sslContext;
        this.client = new Http1Client(HttpClients.DEFAULT_CONNECT_TIMEOUT, sslContext, proxy == null ? null : proxy.selector(),
                proxy == null ? null : proxy.credentials());
        this.clock = clock;
        this.sources = sources;
        this.listeners = List.of(listeners);
    }

    /** Adds the limits the checks run under to an engine that will run them ({@link #report(Scope, HealthChecks)}). */
    public static Engine.Builder limits(Engine.Builder engine, HealthChecks config) {
        return engine.limit(LIMIT, config.concurrency()).keyedLimit(HOST_LIMIT, 4);
    }

    /** Runs {@code config}'s checks; a result per check. */
    public List<CheckResult> run(HealthChecks config) {
        return report(config).checks();
    }

    /** Runs {@code config}'s checks on an engine of its own, with the limits of {@link #limits} and of the sources. */
    public HealthReport report(HealthChecks config) {
        Engine engine = engine(config).build();
        HealthReport[] out = new HealthReport[1];
        engine.scope("health", scope -> {
            out[0] = report(scope, config);
            return null;
        });
        return java.util.Objects.requireNonNull(out[0]);
    }

    /**
     * A time limit on a whole run, as a Nagios plugin's {@code -t}: the checks get {@code remaining} from the start of
     * {@link #report(HealthChecks, TimeLimit)}; one not finished by then reads {@code unfinished}, its message naming
     * the limit as {@code described} ("not finished within the time limit (--timeout 10 s)").
     */
    public record TimeLimit(Duration remaining, Status unfinished, String described) {
        public TimeLimit {
            if (remaining.isNegative() || remaining.isZero()) throw new IllegalArgumentException("no time left for the checks: " + remaining);
            if (unfinished == Status.OK) throw new IllegalArgumentException("a check that did not finish cannot read OK");
        }
    }

    /**
     * Runs {@code config}'s checks within {@code limit}: a check still running when it is spent is cancelled and reads
     * {@code limit.unfinished()}, the finished ones keep their results, and a {@code clientWebsites} check counts the
     * sites checked by then. Returns once the limit is spent even if a check cannot be interrupted (a DNS lookup in
     * progress, which Java cannot interrupt): that one ends in the background.
     */
    public HealthReport report(HealthChecks config, TimeLimit limit) {
        Engine engine = engine(config).deadline(limit.remaining()).build();
        Budget budget = new Budget(clock.nanoTime() + limit.remaining().toNanos(), limit);
        java.util.concurrent.CompletableFuture<Collected> done = new java.util.concurrent.CompletableFuture<>();
        // The scope returns only when every fork has ended, and a fork in a DNS lookup ignores its cancel: the results
        // are handed over from inside the scope, which ends on a thread of its own.
        Thread.ofVirtual().name("health checks").start(() -> {
            try {
                engine.scope("health", scope -> {
                    done.complete(collect(scope, config, budget));
                    return null;
                });
            } catch (Throwable e) {
                done.completeExceptionally(e); // nothing when the results were handed over already (the deadline)
            }
        });
        Collected c;
        try {
            c = done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while the checks ran");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error r) throw r;
            throw new IllegalStateException(e.getCause());
        }
        return finish(config, c);
    }

    private Engine.Builder engine(HealthChecks config) {
        Engine.Builder eb = sources.limits(limits(Engine.builder().clock(clock), config));
        listeners.forEach(eb::listener);
        return eb;
    }

    /**
     * Runs {@code config}'s checks as subtasks of {@code scope}, whose engine has {@link #limits}; for the daily
     * report, where they run at once with its sources.
     */
    public HealthReport report(Scope scope, HealthChecks config) throws InterruptedException {
        return finish(config, collect(scope, config, null));
    }

    /** The time limit of a whole run ({@link #report(HealthChecks, TimeLimit)}). */
    private record Budget(long endNanos, TimeLimit limit) {
        boolean spent(Clock clock) {
            return clock.nanoTime() - endNanos >= 0;
        }

        Status status() {
            return limit.unfinished();
        }

        String words() {
            return "not finished within the time limit (" + limit.described() + ")";
        }
    }

    /** The checks' results before {@code for:} and the unsupported kinds; the sites by client id. */
    private record Collected(List<CheckResult> results, Map<String, SiteHealth> sites) {}

    private Collected collect(Scope scope, HealthChecks config, @Nullable Budget budget) throws InterruptedException {
        Probes probes = new Probes(client, clock, sources, sslContext);
        List<Fork<CheckResult>> forks = new ArrayList<>();
        Map<String, SiteHealth> sites = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, SiteProgress> progress = new java.util.HashMap<>();
        for (HealthCheck c : config.checks()) {
            String host = c.host();
            if (c instanceof HealthCheck.ClientWebsites w) {
                SiteProgress sp = new SiteProgress();
                progress.put(w.name(), sp);
                // fetching the list may take long (SAP): bounded by the engine's deadline only; each site by its timeout
                forks.add(scope.fork(c.name(), Policy.DEFAULT.optional(), ctx -> clientWebsites(ctx, w, probes, sites, sp)));
                continue;
            }
            // the engine's bound on the check once it runs (its probe keeps its own timeout; a second more for the
            // engine's): a per-attempt timeout, armed when the check has its permits — a total timeout would count the
            // wait for its turn under concurrency, and report a site that answered in 300 ms as "no result within"
            Policy p = Policy.DEFAULT.optional().withTimeout(c.timeout().plus(Duration.ofSeconds(1)))
                    .withLimit(host == null ? new String[]{LIMIT} : new String[]{LIMIT, hostKey(host)});
            forks.add(scope.fork(c.name(), p, ctx -> probes.probe(c)));
        }
        List<CheckResult> out = new ArrayList<>();
        boolean stopped = false; // the time limit was spent: no more waiting, what has not ended is unfinished
        for (int i = 0; i < forks.size(); i++) {
            HealthCheck c = config.checks().get(i);
            Fork<CheckResult> f = forks.get(i);
            if (stopped && !f.isDone()) {
                out.add(unfinished(c, progress.get(c.name()), sites, java.util.Objects.requireNonNull(budget)));
                continue;
            }
            try {
                out.add(f.join());
            } catch (InterruptedException e) {
                if (budget == null || !budget.spent(clock)) throw e;
                Thread.interrupted(); // the deadline's: the results so far are collected below
                stopped = true;
                i--;
            } catch (braid.core.TaskFailedException e) {
                if (budget != null && budget.spent(clock) && e.getCause() instanceof java.util.concurrent.CancellationException) {
                    out.add(unfinished(c, progress.get(c.name()), sites, budget));
                    continue;
                }
                out.add(new CheckResult(c.name(), Status.CRITICAL, c instanceof HealthCheck.ClientWebsites
                        ? "the client websites could not be checked: " + braid.core.Failures.inWords(e.getCause())
                        : "no result within " + braid.core.Failures.duration(c.timeout()), Map.of()));
            }
        }
        // The checks are over: no connection is kept open after them. Closed beside the report, not before it: a TLS
        // connection's close writes a close_notify, and 100 of them took 45 ms of a fresh process (measured).
        Thread.ofVirtual().name("health: closing idle connections").start(client::closeIdle);
        return new Collected(out, sites);
    }

    private CheckResult unfinished(HealthCheck c, @Nullable SiteProgress progress, Map<String, SiteHealth> sites, Budget budget) {
        if (c instanceof HealthCheck.ClientWebsites w && progress != null) {
            List<HealthSources.Site> list = progress.list;
            if (list != null) return summary(w, list, progress, sites, budget);
            return new CheckResult(c.name(), budget.status(), budget.words() + ": the client list was still being read", Map.of());
        }
        return new CheckResult(c.name(), budget.status(), budget.words(), Map.of());
    }

    private static HealthReport finish(HealthChecks config, Collected c) {
        List<CheckResult> out = new ArrayList<>(c.results());
        for (String[] u : config.unsupported()) {
            out.add(new CheckResult(u[0], Status.UNKNOWN, "check kind '" + u[1] + "' is not built yet in this version of braid", Map.of()));
        }
        List<CheckResult> checks = config.stateDir() == null ? out : Flapping.apply(out, config.alertAfter(), config.stateDir());
        return new HealthReport(checks, c.sites());
    }

    private static String hostKey(String host) {
        return HOST_LIMIT + ":" + host.toLowerCase(Locale.ROOT);
    }

    /** A {@code clientWebsites} check as it goes: its list once read, and each site's result as it ends (by index). */
    private static final class SiteProgress {
        volatile @Nullable List<HealthSources.Site> list;
        final Map<Integer, CheckResult> results = new java.util.concurrent.ConcurrentHashMap<>();
    }

    private CheckResult clientWebsites(braid.core.TaskContext ctx, HealthCheck.ClientWebsites w, Probes probes,
                                       Map<String, SiteHealth> sites, SiteProgress progress) throws Exception {
        List<HealthSources.Site> list;
        try {
            list = sources.clientWebsites(ctx);
        } catch (InterruptedException e) {
            throw e;
        } catch (UnsupportedOperationException e) {
            return new CheckResult(w.name(), Status.UNKNOWN, String.valueOf(e.getMessage()), Map.of());
        } catch (Exception e) {
            return new CheckResult(w.name(), Status.UNKNOWN, "cannot read the client list: " + braid.core.Failures.inWords(e), Map.of());
        }
        List<Fork<CheckResult>> forks = new ArrayList<>();
        Map<Fork<CheckResult>, Integer> index = new java.util.IdentityHashMap<>();
        for (HealthSources.Site s : list) {
            String host = String.valueOf(s.url().getHost());
            // per attempt, as for a single check: hundreds of sites wait for their turn, and a site is judged by the
            // time it took once checked (a total timeout told clients at the end of the queue their site did not answer)
            Policy p = Policy.DEFAULT.optional().withTimeout(w.timeout().plus(Duration.ofSeconds(1)))
                    .withLimit(LIMIT, hostKey(host));
            Fork<CheckResult> f = ctx.fork(s.clientId(), p, c -> probes.site(w, s));
            index.put(f, forks.size());
            forks.add(f);
        }
        progress.list = list;
        // as they end, so that a time limit spent half-way ({@link #unfinished}) counts every site checked by then
        ctx.forEachCompleted(forks, f -> {
            int i = java.util.Objects.requireNonNull(index.get(f));
            HealthSources.Site s = list.get(i);
            CheckResult r;
            try {
                r = f.join();
            } catch (braid.core.TaskFailedException e) {
                // cancelled (the run's time limit, or the run stopped): nothing is known of the site, it is not counted
                if (e.getCause() instanceof java.util.concurrent.CancellationException) return;
                r = new CheckResult(s.clientId(), Status.CRITICAL, "no answer within " + braid.core.Failures.duration(w.timeout()), Map.of());
            }
            progress.results.put(i, r);
        });
        return summary(w, list, progress, sites, null);
    }

    /**
     * The check's result from its sites' (in the list's order); with {@code budget}, the time limit was spent and the
     * sites without a result are counted as not checked in time.
     */
    private static CheckResult summary(HealthCheck.ClientWebsites w, List<HealthSources.Site> list, SiteProgress progress,
                                       Map<String, SiteHealth> sites, @Nullable Budget budget) {
        Map<Status, Integer> counts = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        List<String> warned = new ArrayList<>();
        Map<String, List<String>> unchecked = new LinkedHashMap<>(); // why → hosts: one proxy failure is the same for all
        int up = 0;
        int late = 0;
        List<SiteHealth> checked = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            HealthSources.Site s = list.get(i);
            CheckResult r = progress.results.get(i);
            if (r == null) {
                late++; // cancelled before it was checked
                continue;
            }
            Double code = r.measurements().get("status_code");
            boolean isUp = code != null && code < 400;
            if (isUp) up++;
            Double lat = r.measurements().get("latency_seconds");
            Double cert = r.measurements().get("certificate_expiry_seconds");
            SiteHealth health = new SiteHealth(s.clientId(), s.url(), r.status(), isUp, code == null ? 0 : code.intValue(),
                    isUp && lat != null ? Duration.ofNanos((long) (lat * 1e9)) : null,
                    cert == null ? null : Duration.ofMillis(Math.round(cert * 1000)), r.message(),
                    r.measurements().containsKey(Probes.TLS_FAILED), r.measurements().containsKey(Probes.CERTIFICATE_EXPIRED));
            sites.put(s.clientId(), health);
            checked.add(health);
            counts.merge(r.status(), 1, Integer::sum);
            String host = String.valueOf(s.url().getHost());
            // UNKNOWN: the way out failed (the proxy, its credentials or rules), so nothing is known of the site
            if (r.status() == Status.UNKNOWN) unchecked.computeIfAbsent(r.message(), k -> new ArrayList<>()).add(host);
            else if (!isUp) down.add(host + " (" + r.message() + ")");
            else if (r.status() != Status.OK) warned.add(host + " (" + r.message() + ")");
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("sites", (double) list.size());
        m.put("sites_up", (double) up);
        Status worst = Status.OK;
        for (Status st : counts.keySet()) worst = worst.worse(st);
        StringBuilder words = new StringBuilder(up + " of " + list.size() + " client websites up");
        if (late > 0) { // with a budget: it was spent; without: the run was stopped as they waited (never shown as down)
            worst = worst.worse(budget == null ? Status.UNKNOWN : budget.status());
            m.put("sites_unfinished", (double) late);
            words.append(" (").append(late).append(late == 1 ? " site" : " sites").append(" not checked: ")
                    .append(budget == null ? "the run was stopped" : budget.words()).append(")");
        }
        SiteHealth.Silence silence = SiteHealth.silence(checked);
        if (silence.mostly()) {
            words.append(" (").append(silence.silent()).append(" gave no answer at all:"
                    + " more likely this machine's network — DNS, a firewall, a proxy it needs (health.proxy) — than theirs)");
        }
        if (!unchecked.isEmpty()) {
            List<String> groups = new ArrayList<>();
            unchecked.forEach((why, hosts) -> groups.add("not checked (" + why + "): " + String.join(", ",
                    hosts.subList(0, Math.min(3, hosts.size()))) + (hosts.size() > 3 ? " and " + (hosts.size() - 3) + " more" : "")));
            words.append("; ").append(first(groups, 3));
        }
        if (!down.isEmpty()) words.append("; down: ").append(first(down, 5));
        if (!warned.isEmpty()) words.append("; other problems: ").append(first(warned, 5));
        return new CheckResult(w.name(), worst, words.toString(), m);
    }

    private static String first(List<String> items, int n) {
        return String.join("; ", items.subList(0, Math.min(n, items.size()))) + (items.size() > n ? "; and " + (items.size() - n) + " more" : "");
    }

    /** The worst status of {@code results} (CRITICAL over WARNING over UNKNOWN over OK); OK for none. */
    public static Status worst(List<CheckResult> results) {
        Status s = Status.OK;
        for (CheckResult r : results) s = s.worse(r.status());
        return s;
    }
}
