package braid.sandbox;

import org.jspecify.annotations.Nullable;

import braid.sandbox.internal.web.CompanyNews;
import braid.sandbox.internal.web.SiteHandler;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An embedded company website ("Northwind Instruments") with a news page, RSS and Atom feeds and
 * switchable failure behaviours, for the demo, the daily report's tests and the web module's.
 *
 * <pre>{@code
 * try (WebsiteStandIn site = WebsiteStandIn.builder().start()) {
 *     URI news = site.newsPageUri();          // http://127.0.0.1:port/news/  links /news/feed.xml
 *     site.behaviour(Behaviour.SERVER_ERROR); // now every news URL answers 500
 * }
 * }</pre>
 *
 * <p>Content: twelve articles dated 1 to 63 days before the clock's "now" at start (so a 30-day
 * window drops four), newest first; one of them has the title {@link #TRICKY_TITLE}. Every news
 * resource carries an ETag and Last-Modified and answers conditional requests with 304; bodies
 * over 1 KB are gzipped when the client asks. Paths:
 * <ul>
 *   <li>{@code /news/} the news page (default selectors {@code article}, {@code h2 a}, {@code time}, {@code p});
 *   <li>{@code /news/feed.xml} RSS 2.0, {@code /news/atom.xml} Atom 1.0;
 *   <li>{@code /press/} a page without feed link: {@code div.press-release}, {@code h3 a}, {@code span.date}, {@code div.teaser};
 *   <li>{@code /news/<slug>.html} article pages; {@code /old-news} redirects (301) to {@code /news/};
 *   <li>{@code /cases/<behaviour>/...} the same paths, always with that {@link Behaviour} (e.g.
 *       {@code /cases/server-error/news/}), whatever the site-wide behaviour is.
 * </ul>
 * A started stand-in is thread-safe; each request runs on its own virtual thread.
 */
public final class WebsiteStandIn implements AutoCloseable {
    /** The XSS probe title served by one article: the report must escape it. */
    public static final String TRICKY_TITLE = CompanyNews.TRICKY_TITLE;

    /** How the news URLs behave; switch with {@link #behaviour(Behaviour)}. */
    public enum Behaviour {
        /** 200 with validators, 304 on a matching conditional request. */
        NORMAL,
        /** {@code /news/} answers 301 to {@code /newsroom/}, which serves the page. */
        REDIRECT,
        /** Every response waits {@link Builder#slowDelay} (default 5 s) first. */
        SLOW,
        /** 500 Internal Server Error. */
        SERVER_ERROR,
        /** 503 Service Unavailable with Retry-After: 2. */
        UNAVAILABLE,
        /** Header says UTF-8, the page and RSS bytes are windows-1252 (their meta tag / XML declaration say so). */
        WRONG_CHARSET,
        /** {@code /news/} streams a 32 MB page without Content-Length. */
        HUGE,
        /** {@code /news/} is about 100 KB of gzip inflating to 100 MB. */
        GZIP_BOMB,
        /** Nothing listens on the port: connection refused. Not available under {@code /cases/}. */
        DOWN;

        /** The {@code /cases/} path segment, e.g. {@code server-error}. */
        public String pathName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The behaviour for a {@code /cases/} path segment, DOWN excluded. */
        public static Optional<Behaviour> fromPathName(String name) {
            return Arrays.stream(values()).filter(b -> b != DOWN && b.pathName().equals(name)).findFirst();
        }
    }

    /**
     * One request the site received.
     *
     * @param status the status sent, or -1 when the client went away first
     */
    public record RecordedRequest(String method, String path, Map<String, List<String>> headers, int status) {
        /** The first value of a request header (case-insensitive name), or null. */
        public @Nullable String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().getFirst();
            }
            return null;
        }
    }

    /**
     * An article as served.
     *
     * @param slug      its page is {@code /news/<slug>.html}
     * @param published fixed when the site started (or when {@link #publish} was called)
     */
    public record Article(String slug, String title, String summary, Instant published) {
        public Article {
            Objects.requireNonNull(slug, "slug");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(published, "published");
            if (!slug.matches("[a-z0-9-]+")) throw new IllegalArgumentException("slug must be [a-z0-9-]+: " + slug);
        }
    }

    private final Clock clock;
    private final Duration slowDelay;
    private final int port;
    private final AtomicReference<CompanyNews> news;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.NORMAL;
    private @Nullable HttpServer server; // guarded by this; null while DOWN

    private WebsiteStandIn(Builder b) throws IOException {
        this.clock = b.clock;
        this.slowDelay = b.slowDelay;
        this.news = new AtomicReference<>(CompanyNews.initial(clock.instant()));
        this.server = newServer(b.port);
        this.port = server.getAddress().getPort();
    }

    /** A builder: system clock, free port, 5 s slow delay. */
    public static Builder builder() {
        return new Builder();
    }

    private HttpServer newServer(int p) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), p), 50);
        s.setExecutor(executor);
        s.createContext("/", new SiteHandler(new SiteHandler.Site() {
            @Override public CompanyNews news() { return news.get(); }
            @Override public Behaviour behaviour() { return behaviour; }
            @Override public Duration slowDelay() { return slowDelay; }
            @Override public void pause(Duration d) throws InterruptedException { closed.await(d.toNanos(), TimeUnit.NANOSECONDS); }
            @Override public void record(String method, String path, Headers headers, int status) {
                requests.add(new RecordedRequest(method, path, Map.copyOf(headers), status));
            }
            @Override public boolean takeFailure() {
                return failures.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
            }
        }));
        s.start();
        return s;
    }

    /** {@code http://127.0.0.1:port/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The news page, which links the RSS feed (first) and the Atom feed. */
    public URI newsPageUri() {
        return baseUri().resolve("/news/");
    }

    /** The RSS 2.0 feed. */
    public URI rssFeedUri() {
        return baseUri().resolve("/news/feed.xml");
    }

    /** The Atom 1.0 feed. */
    public URI atomFeedUri() {
        return baseUri().resolve("/news/atom.xml");
    }

    /** The press page, which links no feed and needs custom selectors. */
    public URI pressPageUri() {
        return baseUri().resolve("/press/");
    }

    /** A URL that answers 301 to the news page. */
    public URI redirectingUri() {
        return baseUri().resolve("/old-news");
    }

    /**
     * {@code path} (e.g. {@code /news/}) served with behaviour {@code b} regardless of the site-wide
     * one; for DOWN, a URL on a loopback port nothing listens on.
     */
    public URI caseUri(Behaviour b, String path) {
        if (!path.startsWith("/")) throw new IllegalArgumentException("path must start with '/': " + path);
        if (b == Behaviour.DOWN) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return URI.create("http://127.0.0.1:" + s.getLocalPort() + path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return baseUri().resolve("/cases/" + b.pathName() + path);
    }

    /** The articles being served, newest first. */
    public List<Article> articles() {
        List<Article> out = new ArrayList<>();
        for (CompanyNews.Article a : news.get().articles()) out.add(new Article(a.slug(), a.title(), a.summary(), a.published()));
        return out;
    }

    /** Publishes an article dated now; changes every ETag, so the next conditional GET gets 200. */
    public Article publish(String slug, String title, String summary) {
        Article a = new Article(slug, title, summary, clock.instant());
        news.updateAndGet(n -> n.with(new CompanyNews.Article(a.slug(), a.title(), a.summary(), a.published())));
        return a;
    }

    /** The current site-wide behaviour. */
    public Behaviour behaviour() {
        return behaviour;
    }

    /**
     * Switches the behaviour of every news URL. Switching to DOWN closes the listening socket;
     * switching away from DOWN listens again on the same port.
     *
     * @throws UncheckedIOException if the port cannot be bound again
     */
    public synchronized void behaviour(Behaviour b) {
        Objects.requireNonNull(b, "behaviour");
        if (closed.getCount() == 0) throw new IllegalStateException("stand-in is closed");
        if (b == Behaviour.DOWN && server != null) {
            server.stop(0);
            server = null;
        } else if (b != Behaviour.DOWN && server == null) {
            try {
                server = newServer(port);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on port " + port + " again", e);
            }
        }
        behaviour = b;
    }

    /**
     * Makes the next {@code n} requests to news URLs answer 503 with Retry-After: 1, whatever the
     * behaviour; then they behave normally again. For testing retries.
     */
    public void failNext(int n) {
        if (n < 0) throw new IllegalArgumentException("n must not be negative: " + n);
        failures.set(n);
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** How many requests were answered with {@code status} (e.g. 304). */
    public long count(int status) {
        return requests.stream().filter(r -> r.status() == status).count();
    }

    /** Stops the server; slow responses in progress end at once. */
    @Override
    public synchronized void close() {
        closed.countDown();
        if (server != null) {
            server.stop(0);
            server = null;
        }
        executor.shutdownNow();
    }

    /** Configures a {@link WebsiteStandIn}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration slowDelay = Duration.ofSeconds(5);
        private int port;

        private Builder() {}

        /** "Now" for the article dates; default the system clock. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** How long SLOW responses wait; default 5 s. */
        public Builder slowDelay(Duration d) {
            Objects.requireNonNull(d, "slowDelay");
            if (d.isNegative()) throw new IllegalArgumentException("slowDelay must not be negative: " + d);
            this.slowDelay = d;
            return this;
        }

        /** A fixed port; default 0, a free one. */
        public Builder port(int p) {
            if (p < 0 || p > 65535) throw new IllegalArgumentException("not a port: " + p);
            this.port = p;
            return this;
        }

        /** Starts listening on 127.0.0.1. */
        public WebsiteStandIn start() throws IOException {
            return new WebsiteStandIn(this);
        }
    }
}
