package braid.web;

import org.jspecify.annotations.Nullable;

import braid.web.NewsFetchException.Kind;
import braid.web.NewsResult.Source;
import braid.web.internal.ConditionalCache;
import braid.web.internal.FeedParser;
import braid.web.internal.HttpFetcher;
import braid.web.internal.PageParser;
import braid.http.ProxyAuthorization;
import braid.web.internal.TextDecoder;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.xml.stream.XMLStreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the news items of a website: the feed it links (preferred), else the page itself.
 *
 * <pre>{@code
 * try (NewsReader reader = NewsReader.builder()
 *         .requestTimeout(Duration.ofSeconds(20))
 *         .window(Duration.ofDays(14))
 *         .cacheDir(stateDir.resolve("web"))
 *         .build()) {
 *     NewsResult news = reader.read(URI.create("https://example.com/news"));
 * }
 * }</pre>
 *
 * <p>{@link #read} GETs the URL (HTTP/2 where offered, redirects followed, gzip accepted). A feed
 * (RSS 0.9x/1.0/2.0, Atom) is parsed directly; an HTML page that links a feed with
 * {@code <link rel="alternate" type="application/rss+xml">} leads to the feed; any other page is
 * scraped with the {@link PageSelectors}. With a cache directory, ETag and Last-Modified are sent
 * back as conditional headers; on 304 the items parsed last time are returned with source
 * {@link Source#CACHE}. Items older than the window are dropped; undated items are kept.
 *
 * <p>The reader never retries: failures are typed {@link NewsFetchException}s for the engine's
 * retry policy. Thread-safe; share one instance (it owns one {@link HttpClient}) and close it
 * when done.
 */
public final class NewsReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NewsReader.class);

    private final HttpClient client;
    private final HttpFetcher fetcher;
    private final FeedParser feedParser;
    private final PageParser pageParser;
    private final @Nullable ConditionalCache cache; // null: no conditional GET
    private final @Nullable Duration window; // null: keep everything
    private final InstantSource clock;
    private final Builder config;

    private NewsReader(Builder b) {
        // the client every braid connector sets up (braid.http), with redirects followed: a feed may move
        this.client = braid.http.HttpClients.builder().version(HttpClient.Version.HTTP_2)
                .redirects(HttpClient.Redirect.NORMAL).connectTimeout(b.connectTimeout).proxy(b.proxy)
                .authenticator(b.authenticator).sslContext(b.sslContext).build();
        this.clock = b.clock;
        this.fetcher = new HttpFetcher(client, b.requestTimeout, b.maxBytes, b.userAgent, b.clock, b.proxy, b.proxyAuthorization);
        if (b.proxyAuthorization != null && ProxyAuthorization.basicTunnellingDisabled()) {
            // Said once at build time: every https read would otherwise fail with PROXY_AUTH only later.
            log.warn("proxy credentials (user {}) will not reach the proxy for https URLs: this JVM disables Basic "
                    + "authentication for HTTPS tunnels; start Java with -D{}= (empty)",
                    b.proxyAuthorization.user(), ProxyAuthorization.TUNNELLING_PROPERTY);
        }
        this.feedParser = new FeedParser(b.maxItems, b.maxTitleChars, b.maxSummaryChars);
        this.pageParser = new PageParser(b.selectors, b.maxItems, b.maxTitleChars, b.maxSummaryChars);
        this.cache = b.cacheDir == null ? null : new ConditionalCache(b.cacheDir);
        this.window = b.window;
        this.config = b.copy();
    }

    /** A builder with the defaults listed on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this reader's configuration, e.g. to derive a reader with other selectors. */
    public Builder toBuilder() {
        return config.copy();
    }

    /**
     * Reads the news at {@code uri}.
     *
     * @throws IllegalArgumentException if uri is not an absolute http or https URI
     * @throws NewsFetchException       if the page (or the feed it links, when the page itself has
     *                                  no items to fall back on) cannot be fetched or parsed
     * @throws InterruptedException     if interrupted while waiting; the request is cancelled
     */
    public NewsResult read(URI uri) throws NewsFetchException, InterruptedException {
        checkHttp(uri);
        ConditionalCache.Entry pageEntry = cache == null ? null : cache.load(uri);
        HttpFetcher.Response resp = fetcher.get(uri, pageEntry == null ? HttpFetcher.Validators.NONE : pageEntry.validators());

        URI feedUri;
        List<NewsItem> pageItems;
        URI pageFinal;
        if (resp.notModified()) {
            if (pageEntry == null) throw new NewsFetchException(resp.uri(), 304, Duration.ZERO);
            pageFinal = URI.create(pageEntry.finalUri());
            if (pageEntry.feedUri() == null) return result(pageEntry.newsItems(), Source.CACHE, pageFinal);
            feedUri = URI.create(pageEntry.feedUri());
            pageItems = pageEntry.newsItems();
        } else {
            pageFinal = resp.uri();
            if (isFeed(resp)) {
                List<NewsItem> items = parseFeed(resp);
                save(uri, resp, null, items);
                return result(items, Source.FEED, pageFinal);
            }
            String html = TextDecoder.decode(resp.body(), resp.contentType(), true).text();
            PageParser.Page page = pageParser.parse(html, pageFinal);
            save(uri, resp, page.feed(), page.items());
            if (page.feed() == null) {
                if (page.items().isEmpty()) log.warn("{}: no feed link and no items matching the selectors", pageFinal);
                return result(page.items(), Source.PAGE, pageFinal);
            }
            feedUri = page.feed();
            pageItems = page.items();
        }
        try {
            return readFeed(feedUri);
        } catch (NewsFetchException e) {
            if (pageItems.isEmpty()) throw e;
            // The feed is the better source, but the page's own items beat no news at all.
            log.warn("feed {} failed ({}); using the items on page {}", feedUri, e.getMessage(), pageFinal);
            return result(pageItems, Source.PAGE, pageFinal);
        }
    }

    private NewsResult readFeed(URI feedUri) throws NewsFetchException, InterruptedException {
        ConditionalCache.Entry entry = cache == null ? null : cache.load(feedUri);
        HttpFetcher.Response resp = fetcher.get(feedUri, entry == null ? HttpFetcher.Validators.NONE : entry.validators());
        if (resp.notModified()) {
            if (entry == null) throw new NewsFetchException(resp.uri(), 304, Duration.ZERO);
            return result(entry.newsItems(), Source.CACHE, URI.create(entry.finalUri()));
        }
        List<NewsItem> items = parseFeed(resp);
        save(feedUri, resp, null, items);
        return result(items, Source.FEED, resp.uri());
    }

    private List<NewsItem> parseFeed(HttpFetcher.Response resp) throws NewsFetchException {
        String xml = TextDecoder.decode(resp.body(), resp.contentType(), false).text();
        try {
            return feedParser.parse(xml, resp.uri());
        } catch (XMLStreamException | RuntimeException e) {
            throw new NewsFetchException(Kind.PARSE, resp.uri(), "not a well-formed feed: " + e.getMessage(), e);
        }
    }

    // Content types lie both ways (feeds as text/html or text/plain, pages as octet-stream), while
    // the root element never does: rss, feed or rdf:RDF is a feed, anything else a page.
    private static boolean isFeed(HttpFetcher.Response resp) {
        byte[] b = resp.body();
        String head = new String(b, 0, Math.min(b.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (head.startsWith("\u00EF\u00BB\u00BF")) head = head.substring(3);
        return FeedParser.looksLikeFeed(head);
    }

    private void save(URI key, HttpFetcher.Response resp, @Nullable URI feedUri, List<NewsItem> items) {
        if (cache != null) cache.save(key, resp.uri(), resp.validators(), feedUri, items, clock.instant());
    }

    private NewsResult result(List<NewsItem> items, Source source, URI from) {
        if (window == null) return new NewsResult(items, source, from);
        Instant oldest = clock.instant().minus(window);
        return new NewsResult(items.stream().filter(i -> i.date() == null || !i.date().isBefore(oldest)).toList(), source, from);
    }

    private static void checkHttp(URI uri) {
        Objects.requireNonNull(uri, "uri");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + uri);
        }
    }

    /** Closes the shared HTTP client, waiting for requests in flight. */
    @Override
    public void close() {
        client.close();
    }

    /** Default connect timeout (also the daily report's). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time for a whole request, headers and body (the report's {@code website.timeout}). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Default body size limit (the report's {@code website.maxBytes}). */
    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    /** Default news window: items older than this are dropped (the report's {@code website.window}). */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(14);

    /** Configures a {@link NewsReader}. Not thread-safe; {@link #build()} copies what it needs. */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private @Nullable ProxySelector proxy;
        private @Nullable ProxyAuthorization proxyAuthorization;
        private @Nullable Authenticator authenticator;
        private @Nullable SSLContext sslContext;
        private @Nullable Duration window = DEFAULT_WINDOW;
        private PageSelectors selectors = PageSelectors.DEFAULT;
        private @Nullable Path cacheDir;
        private InstantSource clock = InstantSource.system();
        private String userAgent = "braid-news/0.1 (+https://github.com/braid)";
        private int maxItems = 200;
        private int maxTitleChars = 200;
        private int maxSummaryChars = 500;

        private Builder() {}

        private Builder copy() {
            Builder c = new Builder();
            c.connectTimeout = connectTimeout;
            c.requestTimeout = requestTimeout;
            c.maxBytes = maxBytes;
            c.proxy = proxy;
            c.proxyAuthorization = proxyAuthorization;
            c.authenticator = authenticator;
            c.sslContext = sslContext;
            c.window = window;
            c.selectors = selectors;
            c.cacheDir = cacheDir;
            c.clock = clock;
            c.userAgent = userAgent;
            c.maxItems = maxItems;
            c.maxTitleChars = maxTitleChars;
            c.maxSummaryChars = maxSummaryChars;
            return c;
        }

        /** Time to establish a TCP (and TLS) connection; default 10 s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive("connectTimeout", d);
            return this;
        }

        /** Time for one whole exchange, redirects and body included; default 30 s. */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive("requestTimeout", d);
            return this;
        }

        /** Limit on a body's size, raw and after decompression; default 5 MiB. */
        public Builder maxBytes(long bytes) {
            if (bytes < 1024) throw new IllegalArgumentException("maxBytes must be at least 1024: " + bytes);
            this.maxBytes = bytes;
            return this;
        }

        /**
         * Proxy to use, without credentials; default none (direct). See {@link braid.http.ProxySettings#fromEnvironment}.
         * Replaces credentials given earlier with {@link #proxy(ProxySelector, PasswordAuthentication)}.
         */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            this.proxyAuthorization = null;
            return this;
        }

        /**
         * Proxy to use and the credentials it requires. They are sent preemptively as
         * {@code Proxy-Authorization: Basic} to whichever proxy the selector picks (on the CONNECT of
         * an https URL, with the request itself for an http URL), never to a website. The credentials
         * are copied; a later change to the array does not reach the reader.
         *
         * <p>The JDK drops Basic credentials from HTTPS tunnels while the system property
         * {@code jdk.http.auth.tunneling.disabledSchemes} lists Basic, as its default
         * {@code conf/net.properties} does; it reads the property once, before the first HTTP client
         * of the JVM is used. Start Java with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (the
         * braid command line sets it itself). Otherwise reads of https URLs fail with
         * {@link NewsFetchException.Kind#PROXY_AUTH} saying so, and {@link #build()} logs a warning.
         *
         * @throws IllegalArgumentException naming the user if it is empty or contains ':'
         */
        public Builder proxy(ProxySelector proxy, PasswordAuthentication credentials) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            this.proxyAuthorization = ProxyAuthorization.of(credentials);
            return this;
        }

        /**
         * Answers server (401) authentication challenges, and proxy (407) ones when no credentials
         * were given with {@link #proxy(ProxySelector, PasswordAuthentication)}; default none. Note
         * that the JDK refuses Basic proxy authentication for HTTPS tunnels unless the system property
         * {@code jdk.http.auth.tunneling.disabledSchemes} is set to an empty string.
         */
        public Builder authenticator(Authenticator a) {
            this.authenticator = Objects.requireNonNull(a, "authenticator");
            return this;
        }

        /** TLS settings, e.g. a trust store with the company's internal CA; default the JDK's. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /** Drop items dated before now minus this; default 30 days. */
        public Builder window(Duration d) {
            this.window = positive("window", d);
            return this;
        }

        /** Keep items of any age. */
        public Builder noWindow() {
            this.window = null;
            return this;
        }

        /** Selectors for pages without a feed; default {@link PageSelectors#DEFAULT}. */
        public Builder selectors(PageSelectors s) {
            this.selectors = Objects.requireNonNull(s, "selectors");
            return this;
        }

        /** Directory for the conditional-GET cache; default none (every read downloads everything). */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "cacheDir");
            return this;
        }

        /**
         * "Now" for the window and Retry-After dates; default the system clock. Pass
         * {@code engineClock::instant} to follow the engine's (possibly virtual) clock.
         */
        public Builder clock(InstantSource c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** User-Agent header; some sites reject Java's default. */
        public Builder userAgent(String ua) {
            if (ua == null || ua.isBlank()) throw new IllegalArgumentException("userAgent must not be blank: '" + ua + "'");
            this.userAgent = ua;
            return this;
        }

        /** At most this many items are parsed per document; default 200. */
        public Builder maxItems(int n) {
            if (n < 1) throw new IllegalArgumentException("maxItems must be positive: " + n);
            this.maxItems = n;
            return this;
        }

        /** Summaries longer than this are cut at a word and end in an ellipsis; default 500. */
        public Builder maxSummaryChars(int n) {
            if (n < 20) throw new IllegalArgumentException("maxSummaryChars must be at least 20: " + n);
            this.maxSummaryChars = n;
            return this;
        }

        /** Titles longer than this are cut likewise; default 200. */
        public Builder maxTitleChars(int n) {
            if (n < 20) throw new IllegalArgumentException("maxTitleChars must be at least 20: " + n);
            this.maxTitleChars = n;
            return this;
        }

        public NewsReader build() {
            return new NewsReader(this);
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive: " + d);
            return d;
        }
    }
}
