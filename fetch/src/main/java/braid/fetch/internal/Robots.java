package braid.fetch.internal;

import braid.core.Clock;
import braid.core.TaskContext;
import braid.fetch.FetchRequest;
import braid.http.HostPort;
import braid.http.HttpFailure;
import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * robots.txt as RFC 9309 says, parsed by crawler-commons: fetched once per origin (by the first request to it; the
 * others wait for it), redirects followed, a 4xx means "allowed", a 5xx or no answer means "disallowed"
 * (section 2.3.1.4); Crawl-delay spaces the requests to a host (at most one a minute is honoured).
 */
public final class Robots {
    private static final Duration MAX_DELAY = Duration.ofMinutes(1);

    private record Verdict(BaseRobotRules rules, String why) {}

    private final HttpClient client;
    private final String userAgent;
    private final String agentToken;
    private final Duration timeout;
    private final long maxBytes;
    private final Clock clock;
    private final Map<String, CompletableFuture<Verdict>> byOrigin = new ConcurrentHashMap<>();
    private final Map<String, long[]> nextByHost = new ConcurrentHashMap<>();

    public Robots(HttpClient client, String userAgent, Duration timeout, long maxBytes, Clock clock) {
        this.client = client;
        this.userAgent = userAgent;
        // the product token RFC 9309 matches against: "braid-fetch/0.1 (+…)" → "braid-fetch"
        this.agentToken = userAgent.split("[/\\s]", 2)[0].toLowerCase(Locale.ROOT);
        this.timeout = timeout;
        this.maxBytes = Math.min(maxBytes, 500 * 1024); // RFC 9309: at least 500 KiB must be parsed
        this.clock = clock;
    }

    /**
     * Waits until {@code url} may be fetched: robots.txt allows it and the host's Crawl-delay has passed.
     *
     * @throws Exchange.AttemptFailure when robots.txt disallows it (not retried)
     */
    public void admit(URI url, TaskContext ctx) throws Exchange.AttemptFailure, InterruptedException {
        String origin = url.getScheme().toLowerCase(Locale.ROOT) + "://" + HostPort.of(url).toLowerCase(Locale.ROOT);
        CompletableFuture<Verdict> mine = new CompletableFuture<>();
        CompletableFuture<Verdict> f = byOrigin.putIfAbsent(origin, mine);
        if (f == null) {
            f = mine;
            mine.complete(fetch(URI.create(origin + "/robots.txt")));
        }
        Verdict v;
        try {
            v = f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (!v.rules().isAllowed(url.toString())) {
            throw Exchange.AttemptFailure.permanent("disallowed by " + origin + "/robots.txt" + v.why()
                    + " for " + agentToken + ": " + path, HttpFailure.Kind.OTHER);
        }
        long delayMs = v.rules().getCrawlDelay();
        if (delayMs > 0) {
            long delay = Math.min(delayMs, MAX_DELAY.toMillis()) * 1_000_000L;
            long[] next = nextByHost.computeIfAbsent(url.getHost().toLowerCase(Locale.ROOT), h -> new long[]{Long.MIN_VALUE});
            long wait;
            synchronized (next) {
                long now = clock.nanoTime();
                long at = Math.max(now, next[0]);
                next[0] = at + delay;
                wait = at - now;
            }
            if (wait > 0) ctx.sleep(Duration.ofNanos(wait));
        }
    }

    private Verdict fetch(URI robots) {
        SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
        try {
            Exchange.Answer a = Exchange.run(client, null, null, FetchRequest.get(robots), Map.of(), userAgent, timeout, maxBytes, 5, clock);
            int s = a.status();
            if (s / 100 == 2) {
                return new Verdict(parser.parseContent(robots.toString(), a.body(),
                        a.headers().firstValue("Content-Type").orElse("text/plain"), List.of(agentToken)), "");
            }
            BaseRobotRules rules = parser.failedFetch(s);
            return new Verdict(rules, s / 100 == 4 ? "" : " (it answered HTTP " + s + ": RFC 9309 says assume all is disallowed)");
        } catch (Exchange.AttemptFailure e) {
            return new Verdict(parser.failedFetch(503), " (unreachable: " + e.getMessage() + "; RFC 9309 says assume all is disallowed)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Verdict(parser.failedFetch(503), " (not read: the run was cancelled)");
        }
    }
}
