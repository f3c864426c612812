package braid.fetch;

import braid.core.Clock;
import braid.core.CompletionQueue;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import braid.core.Retry;
import braid.core.RunFailedException;
import braid.core.RunListener;
import braid.core.TaskFailedException;
import braid.fetch.internal.Exchange;
import braid.fetch.internal.Extraction;
import braid.fetch.internal.Links;
import braid.fetch.internal.Robots;
import braid.fetch.internal.Stats;
import braid.http.HttpClients;
import braid.http.HttpFailure;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Fetches many URLs at once on braid's engine, like a Python program with aiohttp, a global semaphore and one per
 * host, but with the engine's limits: at most {@code concurrency} requests in flight, {@code perHost} per host and
 * {@code ratePerHost} a second per host; a failed attempt (a timeout, a closed connection, a 429, a 5xx) is tried again
 * with exponential backoff and jitter, and a {@code Retry-After} (seconds or a date) makes the whole host wait that
 * long. Every request ends with exactly one {@link FetchResult}, handed over in the order they complete (or in input
 * order, {@link Builder#ordered}); a request never takes more than {@code timeout} per attempt (a server that trickles
 * its body is cut off), nor more memory than {@code maxBytes} (also after gzip). Input is consumed as it is read: at most {@code 2 × concurrency} requests wait
 * for a permit at any time, so a million URLs do not mean a million threads.
 *
 * <pre>{@code
 * Fetcher fetcher = Fetcher.builder().concurrency(200).perHost(5).retries(3).build();
 * try (Stream<FetchResult> results = fetcher.stream(urls.stream().map(FetchRequest::get).iterator())) {
 *     results.forEach(r -> System.out.println(r.status() + " " + r.request().url()));
 * }
 * }</pre>
 *
 * Immutable and thread-safe; one fetcher may run several inputs, one after another or at once.
 */
public final class Fetcher {
    /** The User-Agent sent unless another is set: says what it is and where to read about it. */
    public static final String DEFAULT_USER_AGENT = "braid-fetch/0.1 (+https://github.com/braid-dev/braid; bulk HTTP client)";

    private final int concurrency;
    private final int perHost;
    private final double ratePerHost;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private final long maxBytes;
    private final int maxRedirects;
    private final String userAgent;
    private final Map<String, String> headers;
    private final boolean robots;
    private final @Nullable Extraction extraction;
    private final @Nullable Path saveDir;
    private final int crawlDepth;
    private final String follow;
    private final long maxPages;
    private final boolean ordered;
    private final Clock clock;
    private final HttpClient client;
    private final braid.http.@Nullable Http1Client plain; // plain http:// without a proxy; null with a caller's client
    private final List<RunListener> listeners;
    private final @Nullable ProxySelector proxy;
    private final braid.http.@Nullable ProxyAuthorization proxyAuthorization;
    private final Policy base; // every request's policy but its limits: optional, the retries

    private Fetcher(Builder b) {
        this.concurrency = b.concurrency;
        this.perHost = b.perHost;
        this.ratePerHost = b.ratePerHost;
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.backoff = b.backoff;
        this.maxBytes = b.maxBytes;
        this.maxRedirects = b.maxRedirects;
        this.userAgent = b.userAgent;
        this.headers = Map.copyOf(b.headers);
        this.robots = b.robots;
        this.extraction = b.select != null ? Extraction.css(b.select) : b.jsonPointer != null ? Extraction.jsonPointer(b.jsonPointer) : null;
        this.saveDir = b.saveDir;
        this.crawlDepth = b.crawlDepth;
        this.follow = b.follow;
        this.maxPages = b.maxPages;
        this.ordered = b.ordered;
        this.clock = b.clock;
        Duration connect = timeout.compareTo(HttpClients.DEFAULT_CONNECT_TIMEOUT) < 0 ? timeout : HttpClients.DEFAULT_CONNECT_TIMEOUT;
        this.client = b.client != null ? b.client : HttpClients.builder()
                .connectTimeout(connect).proxy(b.proxy).sslContext(b.sslContext).virtualThreads().build();
        this.plain = b.client != null ? null : new braid.http.Http1Client(connect);
        this.listeners = List.copyOf(b.listeners);
        this.proxy = b.proxy;
        this.proxyAuthorization = b.proxyAuthorization;
        this.base = Policy.DEFAULT.optional().withRetry(Retry.exponential(retries + 1, backoff)
                .withMaxDelay(Duration.ofMinutes(1)).retryOn(t -> t instanceof Exchange.AttemptFailure f && f.retryable()));
    }

    /** A builder: 50 at once, 5 per host, no rate limit, 30 s per attempt, 2 retries, 10 MiB bodies, 5 redirects. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fetches every request of {@code requests} (read as they are needed) and hands each result to {@code sink}, in
     * the order they complete (in input order when {@linkplain Builder#ordered ordered}), on the calling thread. With
     * crawling, links found in pages are fetched too (same site, normalised, each once, at most {@code maxPages} pages
     * in all).
     *
     * @return the run's figures
     * @throws InterruptedException when the calling thread is interrupted: the requests in flight are cancelled and
     *                              no further result is handed over
     */
    public FetchSummary run(Iterator<FetchRequest> requests, Consumer<FetchResult> sink) throws InterruptedException {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(sink, "sink");
        Engine.Builder eb = Engine.builder().clock(clock).limit("fetch", concurrency).keyedLimit("host", perHost)
                .maxQueuedForks(Math.max(16, 2 * concurrency))
                // Always a rate per host, so that a Retry-After pauses its host; without --rate-per-host it never binds.
                .keyedRateLimit("host", ratePerHost > 0 ? ratePerHost : 1e9,
                        ratePerHost > 0 ? Math.max(1, (int) Math.ceil(ratePerHost)) : 1_000_000_000);
        listeners.forEach(eb::listener);
        Engine engine = eb.build();
        Stats stats = new Stats();
        long start = clock.nanoTime();
        Robots robotsCache = robots ? new Robots(client, userAgent, timeout, maxBytes, clock) : null;
        Set<String> seen = crawlDepth > 0 ? ConcurrentHashMap.newKeySet() : Set.of();
        try {
            engine.scope("fetch", scope -> {
                CompletionQueue<FetchResult> done = scope.completionQueue();
                Map<Fork<FetchResult>, Attempts> tracks = new ConcurrentHashMap<>();
                // ordered: what is not handed over yet, the next one first; crawled pages not placed in that order yet
                java.util.ArrayDeque<Attempts> order = ordered ? new java.util.ArrayDeque<>() : null;
                Map<String, Attempts> unplaced = new java.util.HashMap<>();
                long[] pages = {0};
                java.util.function.Function<FetchRequest, Attempts> submit = req -> {
                    Attempts a = new Attempts(req);
                    // a unique name per request: the run record keys tasks by name (same-named forks would merge)
                    String name = "#" + (++pages[0]) + " " + braid.http.HostPort.shortUrl(req.url());
                    Fork<FetchResult> f = scope.fork(name, policy(req), ctx -> attempt(a, ctx.attempt(), ctx, robotsCache));
                    tracks.put(f, a);
                    done.add(f);
                    return a;
                };
                Consumer<Fork<FetchResult>> hand = f -> {
                    Attempts a = Objects.requireNonNull(tracks.remove(f));
                    FetchResult r = ended(f).orElseGet(() -> failure(a, f));
                    stats.add(r);
                    if (order == null) sink.accept(r);
                    if (r.request().depth() < crawlDepth) {
                        for (URI link : r.links()) {
                            if (pages[0] >= maxPages) break;
                            String key = Links.key(link);
                            if (seen.add(key)) {
                                Attempts c = submit.apply(new FetchRequest(link, null, "GET", Map.of(), null, 0, r.request().depth() + 1));
                                if (order != null) unplaced.put(key, c);
                            }
                        }
                    }
                    if (order == null) return;
                    a.result = r;
                    // A depth-first walk in input order: each page, then the crawled pages it links to that no page
                    // before it in this order links to, in the order of its links. Which page found a link first
                    // does not matter, so the order is the same whatever the timing. When a page is handed over,
                    // every link it crawled is already fetched or in flight (it was claimed when the page ended).
                    while (!order.isEmpty() && order.peekFirst().result != null) {
                        Attempts next = order.pollFirst();
                        FetchResult out = Objects.requireNonNull(next.result);
                        next.result = null;
                        sink.accept(out);
                        if (out.request().depth() >= crawlDepth) continue;
                        List<Attempts> below = new ArrayList<>();
                        for (URI link : out.links()) {
                            Attempts c = unplaced.remove(Links.key(link));
                            if (c != null) below.add(c);
                        }
                        for (int i = below.size() - 1; i >= 0; i--) order.addFirst(below.get(i));
                    }
                };
                while (requests.hasNext()) {
                    FetchRequest req = requests.next();
                    if (crawlDepth > 0) seen.add(Links.key(req.url())); // found again by crawling: not fetched again
                    Attempts a = submit.apply(req);
                    if (order != null) order.addLast(a);
                    for (Fork<FetchResult> f; (f = done.poll()) != null; ) hand.accept(f);
                }
                while (done.pending() > 0) hand.accept(done.take());
                return null;
            });
        } catch (RunFailedException e) {
            if (e.getCause() instanceof InterruptedException || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("fetch cancelled");
            }
            throw e;
        } finally {
            if (plain != null) plain.closeIdle(); // kept for the length of a run (a run at the same time opens new ones)
        }
        return stats.summary(Duration.ofNanos(clock.nanoTime() - start));
    }

    /**
     * The results of {@code requests} as a stream in completion order; the fetching runs on a thread of its own and
     * waits while the stream's reader is behind by 1,024 results. Closing the stream (or leaving a
     * try-with-resources) cancels what is still in flight.
     */
    public Stream<FetchResult> stream(Iterator<FetchRequest> requests) {
        BlockingQueue<Object> q = new ArrayBlockingQueue<>(1024);
        Object end = new Object();
        Thread runner = Thread.ofVirtual().name("braid-fetch").start(() -> {
            try {
                run(requests, r -> {
                    try {
                        q.put(r);
                    } catch (InterruptedException e) {
                        throw new java.util.concurrent.CancellationException("the stream was closed");
                    }
                });
            } catch (InterruptedException | RuntimeException e) {
                // closed, or failed: the stream ends
            } finally {
                try {
                    q.put(end);
                } catch (InterruptedException ignored) {
                    q.offer(end);
                }
            }
        });
        Iterator<FetchResult> it = new Iterator<>() {
            private @Nullable Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = q.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        next = end;
                    }
                }
                return next != end;
            }

            @Override
            public FetchResult next() {
                if (!hasNext()) throw new java.util.NoSuchElementException();
                FetchResult r = (FetchResult) Objects.requireNonNull(next);
                next = null;
                return r;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(() -> {
                    runner.interrupt();
                    q.clear();
                });
    }

    private Policy policy(FetchRequest req) {
        return base.withLimit("fetch", "host:" + req.url().getHost().toLowerCase(Locale.ROOT));
    }

    /** One request's attempts so far: when the first began and how many there were. */
    private static final class Attempts {
        final FetchRequest request;
        volatile long firstStart = -1;
        volatile int count;
        // ordered only, on the thread that hands results over: the result until it is handed over
        @Nullable FetchResult result;

        Attempts(FetchRequest request) {
            this.request = request;
        }
    }

    private FetchResult attempt(Attempts a, int n, braid.core.TaskContext ctx, @Nullable Robots robotsCache) throws Exception {
        if (a.firstStart < 0) a.firstStart = clock.nanoTime();
        a.count = n;
        FetchRequest req = a.request;
        if (robotsCache != null) robotsCache.admit(req.url(), ctx);
        Map<String, String> common = headers;
        if (proxyAuthorization != null && braid.http.ProxyAuthorization.proxyFor(proxy, req.url()) != null) {
            // sent to the proxy only (the JDK puts Proxy-* headers on the CONNECT, never into the tunnel)
            common = new LinkedHashMap<>(headers);
            common.put("Proxy-Authorization", proxyAuthorization.headerValue());
        }
        Exchange.Answer ans = Exchange.run(client, plain, proxy, req, common, userAgent, timeout, maxBytes, maxRedirects, clock);
        boolean last = n >= retries + 1;
        if (HttpFailure.isTransientStatus(ans.status()) && !last) {
            throw Exchange.AttemptFailure.status(ans.status(), ans.finalUrl(), ans.retryAfter());
        }
        long ms = (clock.nanoTime() - a.firstStart) / 1_000_000;
        return Extraction.result(req, ans, ms, n, extraction, saveDir, crawlDepth > req.depth() ? follow : null);
    }

    /** The result of a fork that has ended (a completion queue handed it over): no wait. */
    private static java.util.Optional<FetchResult> ended(Fork<FetchResult> f) {
        try {
            return f.joinOptional();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    private FetchResult failure(Attempts a, Fork<FetchResult> f) {
        long ms = a.firstStart < 0 ? 0 : (clock.nanoTime() - a.firstStart) / 1_000_000;
        Throwable cause;
        try {
            f.join();
            throw new IllegalStateException("not failed: " + f.name());
        } catch (TaskFailedException e) {
            cause = e.getCause() != null ? e.getCause() : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cause = e;
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof Exchange.AttemptFailure af) return FetchResult.failed(a.request, ms, Math.max(1, a.count), String.valueOf(af.getMessage()), af.kind());
        }
        String words = cause instanceof java.util.concurrent.CancellationException
                ? "cancelled before an answer: " + braid.core.Failures.inWords(cause)
                : HttpFailure.describe(cause, a.request.url(), timeout);
        return FetchResult.failed(a.request, ms, Math.max(a.count, 0), words, HttpFailure.kind(cause));
    }

    /** Options of a {@link Fetcher}; not thread-safe. */
    public static final class Builder {
        private int concurrency = 50;
        private int perHost = 5;
        private double ratePerHost;
        private Duration timeout = Duration.ofSeconds(30);
        private int retries = 2;
        private Duration backoff = Duration.ofMillis(500);
        private long maxBytes = 10L << 20;
        private int maxRedirects = 5;
        private String userAgent = DEFAULT_USER_AGENT;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private boolean robots;
        private @Nullable String select;
        private @Nullable String jsonPointer;
        private @Nullable Path saveDir;
        private int crawlDepth;
        private String follow = "a[href]";
        private long maxPages = Long.MAX_VALUE;
        private boolean ordered;
        private Clock clock = Clock.system();
        private @Nullable HttpClient client;
        private @Nullable ProxySelector proxy;
        private @Nullable SSLContext sslContext;
        private braid.http.@Nullable ProxyAuthorization proxyAuthorization;
        private final List<RunListener> listeners = new ArrayList<>();

        private Builder() {}

        /** Requests in flight at most, in all (default 50). */
        public Builder concurrency(int n) {
            if (n < 1) throw new IllegalArgumentException("concurrency must be at least 1, was " + n);
            this.concurrency = n;
            return this;
        }

        /** Requests in flight at most per host (default 5). */
        public Builder perHost(int n) {
            if (n < 1) throw new IllegalArgumentException("per-host limit must be at least 1, was " + n);
            this.perHost = n;
            return this;
        }

        /** Requests started per second per host at most (0, the default: no rate limit). */
        public Builder ratePerHost(double perSecond) {
            if (!(perSecond >= 0) || Double.isInfinite(perSecond)) throw new IllegalArgumentException("rate per host must be 0 or more, was " + perSecond);
            this.ratePerHost = perSecond;
            return this;
        }

        /** The longest one attempt may take, connection, redirects and body included (default 30 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            this.timeout = timeout;
            return this;
        }

        /** Tries after the first for a timeout, a closed connection, 408, 425, 429 and 5xx (default 2). */
        public Builder retries(int n) {
            if (n < 0) throw new IllegalArgumentException("retries must be 0 or more, was " + n);
            this.retries = n;
            return this;
        }

        /** The first backoff; it doubles with each retry, ±20 % jitter, at most a minute (default 500 ms). */
        public Builder backoff(Duration first) {
            if (first.isNegative()) throw new IllegalArgumentException("backoff must not be negative, was " + first);
            this.backoff = first;
            return this;
        }

        /** The largest body accepted, after decompression (default 10 MiB). */
        public Builder maxBytes(long n) {
            if (n < 1) throw new IllegalArgumentException("max bytes must be at least 1, was " + n);
            this.maxBytes = n;
            return this;
        }

        /** Redirects followed at most per request (default 5; 0: a redirect is the answer). */
        public Builder maxRedirects(int n) {
            if (n < 0) throw new IllegalArgumentException("max redirects must be 0 or more, was " + n);
            this.maxRedirects = n;
            return this;
        }

        public Builder userAgent(String userAgent) {
            if (userAgent.isBlank()) throw new IllegalArgumentException("the User-Agent must not be blank");
            this.userAgent = userAgent;
            return this;
        }

        /** A header sent with every request (a request's own headers win). */
        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** Obey each site's robots.txt (RFC 9309), with its Crawl-delay. */
        public Builder robots(boolean obey) {
            this.robots = obey;
            return this;
        }

        /**
         * Keep only what a CSS selector finds (jsoup): each element's text, or with {@code selector@attr} an attribute
         * ({@code a@href}: links, made absolute).
         */
        public Builder select(String cssAndAttribute) {
            Extraction.css(cssAndAttribute); // checked now: a typo is a usage error, not a thousand failed results
            this.select = cssAndAttribute;
            this.jsonPointer = null;
            return this;
        }

        /** Keep only what a JSON pointer ({@code /a/0/b}) finds in a JSON body. */
        public Builder jsonPointer(String pointer) {
            Extraction.jsonPointer(pointer);
            this.jsonPointer = pointer;
            this.select = null;
            return this;
        }

        /** Save each body into this directory instead of handing it over. */
        public Builder saveDir(@Nullable Path dir) {
            this.saveDir = dir;
            return this;
        }

        /**
         * Follow same-site links found by {@code followSelector} (default {@code a[href]}) up to {@code depth} steps
         * from the inputs, each normalised page once, at most {@code maxPages} pages in all.
         */
        public Builder crawl(int depth, String followSelector, long maxPages) {
            if (depth < 0) throw new IllegalArgumentException("crawl depth must be 0 or more, was " + depth);
            if (maxPages < 1) throw new IllegalArgumentException("max pages must be at least 1, was " + maxPages);
            Extraction.css(followSelector);
            this.crawlDepth = depth;
            this.follow = followSelector;
            this.maxPages = maxPages;
            return this;
        }

        /**
         * Hand results over in input order instead of as they complete; with crawling, each page right after the first
         * page in that order that links to it, in the order of that page's links (a depth-first walk, the same whatever
         * the timing). A result waits, in memory, until every result before it has been handed over.
         */
        public Builder ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        /** The engine's clock (virtual in tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Use this client instead of one made from the options below. */
        public Builder httpClient(@Nullable HttpClient client) {
            this.client = client;
            return this;
        }

        public Builder proxy(@Nullable ProxySelector proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Proxy credentials, sent as Basic to the proxy with each request that goes through it (never to a site). */
        public Builder proxyAuthorization(braid.http.@Nullable ProxyAuthorization credentials) {
            this.proxyAuthorization = credentials;
            return this;
        }

        public Builder sslContext(@Nullable SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Receives the engine's events (a run record, a timeline). */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Fetcher build() {
            return new Fetcher(this);
        }
    }
}
