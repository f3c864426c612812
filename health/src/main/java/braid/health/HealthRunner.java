package braid.health;

import braid.core.Clock;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import braid.core.RunListener;
import braid.health.internal.Probes;
import braid.http.HttpClients;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Runs checks at once on the engine: at most {@code concurrency} in all and 4 per host; each ends within its timeout
 * (plus a second for the engine's own bound); the results come back in the checks' order.
 */
public final class HealthRunner {
    private final HttpClient client;
    private final Clock clock;
    private final List<RunListener> listeners;

    /** A runner with the JDK's trust store (or {@code sslContext}'s, when given). */
    public HealthRunner(@Nullable SSLContext sslContext, Clock clock, RunListener... listeners) {
        this.client = HttpClients.builder().sslContext(sslContext).virtualThreads().build();
        this.clock = clock;
        this.listeners = List.of(listeners);
    }

    /** Runs {@code config}'s checks. */
    public List<CheckResult> run(HealthChecks config) {
        Engine.Builder eb = Engine.builder().clock(clock).limit("health", config.concurrency()).keyedLimit("host", 4);
        listeners.forEach(eb::listener);
        Engine engine = eb.build();
        Probes probes = new Probes(client, clock);
        List<CheckResult> out = new ArrayList<>();
        engine.scope("health", scope -> {
            List<Fork<CheckResult>> forks = new ArrayList<>();
            for (HealthCheck c : config.checks()) {
                String host = c.host();
                Policy p = Policy.DEFAULT.optional().withTotalTimeout(c.timeout().plus(Duration.ofSeconds(1)))
                        .withLimit(host == null ? new String[]{"health"} : new String[]{"health", "host:" + host.toLowerCase(Locale.ROOT)});
                forks.add(scope.fork(c.name(), p, ctx -> probes.probe(c)));
            }
            for (int i = 0; i < forks.size(); i++) {
                HealthCheck c = config.checks().get(i);
                out.add(forks.get(i).joinOptional().orElseGet(() -> new CheckResult(c.name(), Status.CRITICAL,
                        "no result within " + braid.core.Failures.duration(c.timeout()), Map.of())));
            }
            return null;
        });
        for (String[] u : config.unsupported()) {
            out.add(new CheckResult(u[0], Status.UNKNOWN, "check kind '" + u[1] + "' is not built yet in this version of braid", Map.of()));
        }
        return config.stateDir() == null ? out : Flapping.apply(out, config.alertAfter(), config.stateDir());
    }

    /** The worst status of {@code results} (CRITICAL over WARNING over UNKNOWN over OK); OK for none. */
    public static Status worst(List<CheckResult> results) {
        Status s = Status.OK;
        for (CheckResult r : results) s = s.worse(r.status());
        return s;
    }
}
