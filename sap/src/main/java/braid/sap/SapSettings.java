package braid.sap;

import org.jspecify.annotations.Nullable;

import braid.core.Retry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@link BusinessPartnerClient} needs to read clients from one SAP system; immutable and
 * thread-safe. Build with {@link #builder(URI)}; the YAML config loader fills the same builder.
 *
 * @param serviceRoot        the service root, e.g. {@code https://host/sap/opu/odata/sap/API_BUSINESS_PARTNER}
 * @param sapClient          the {@code sap-client} (three digits), or null for the system's default client
 * @param auth               how to authenticate
 * @param extraHeaders       further request headers (never a CSRF token: the client only reads)
 * @param trustStore         a trust store (PKCS12 or JKS) replacing the JDK's CAs, or null for the JDK's
 * @param trustStorePassword its password, or null
 * @param proxy              an HTTP proxy, or null for a direct connection
 * @param proxyUser          the user the proxy requires, or null to send it no credentials
 * @param proxyPassword      that user's password (null exactly when proxyUser is)
 * @param filter             which partners to read
 * @param pageSize           {@code $top} of the first request and of each window when the server does not cap
 * @param concurrency        pages fetched at the same time (the limit of {@link #resource})
 * @param resource           the engine resource name the page fetches hold
 * @param connectTimeout     TCP/TLS connect timeout
 * @param pageTimeout        time for one page, from sending the request to the last byte of the body
 * @param retry              how transient failures (429, 503, timeouts, dropped connections) are retried
 * @param maxPages           the most pages one fetch reads (default 10,000): a server that ignores {@code $skip}
 *                           or announces an absurd {@code __count} fails the fetch instead of paging forever
 * @param pagesAhead         windows of {@code pageSize} requested together with the first page, before SAP has said how
 *                           many partners there are (default 0): saves one round trip of the fetch when there are more
 *                           than that many pages, costs up to as many requests that come back empty when there are fewer
 */
public record SapSettings(URI serviceRoot, @Nullable String sapClient, SapAuth auth, Map<String, String> extraHeaders,
                          @Nullable Path trustStore, @Nullable String trustStorePassword, @Nullable InetSocketAddress proxy,
                          @Nullable String proxyUser, @Nullable String proxyPassword, PartnerFilter filter, int pageSize,
                          int concurrency, String resource, Duration connectTimeout, Duration pageTimeout,
                          Retry retry, int maxPages, int pagesAhead, java.time.InstantSource clock) {

    /**
     * The default retry: 4 attempts (the report's {@code sap.retries: 3} extra ones), 500 ms doubling up to 30 s with
     * jitter, transient failures only.
     */
    public static final Retry DEFAULT_RETRY = Retry.exponential(4, Duration.ofMillis(500))
            .withMaxDelay(Duration.ofSeconds(30)).withJitter(0.2)
            .retryOn(e -> e instanceof SapException s && s.isTransient());

    /** Default {@code $top} (the report's {@code sap.pageSize}). */
    public static final int DEFAULT_PAGE_SIZE = 1000;
    /** Default pages at once (the report's {@code sap.concurrency}). */
    public static final int DEFAULT_CONCURRENCY = 4;
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time for one page (the report's {@code sap.timeout}). */
    public static final Duration DEFAULT_PAGE_TIMEOUT = Duration.ofSeconds(60);

    /** Default of {@link #maxPages()}: ten million partners at SAP's usual cap of 1,000 a page. */
    public static final int DEFAULT_MAX_PAGES = 10_000;

    public SapSettings {
        Objects.requireNonNull(serviceRoot, "serviceRoot");
        String scheme = serviceRoot.getScheme() == null ? "" : serviceRoot.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || serviceRoot.getHost() == null) {
            throw new IllegalArgumentException("serviceRoot must be an absolute http(s) URL: " + serviceRoot);
        }
        if (serviceRoot.getRawQuery() != null) {
            throw new IllegalArgumentException("serviceRoot must not have a query: " + serviceRoot);
        }
        if (sapClient != null && !sapClient.matches("\\d{3}")) {
            throw new IllegalArgumentException("sap-client must be three digits: '" + sapClient + "'");
        }
        Objects.requireNonNull(auth, "auth");
        extraHeaders = Map.copyOf(extraHeaders);
        for (String h : extraHeaders.keySet()) {
            if (h.equalsIgnoreCase("x-csrf-token")) {
                throw new IllegalArgumentException("the client only reads and never sends a CSRF token: " + h);
            }
        }
        if ((proxyUser == null) != (proxyPassword == null)) {
            throw new IllegalArgumentException("proxyUser and proxyPassword go together: user " + proxyUser
                    + (proxyPassword == null ? " without" : " with") + " a password");
        }
        if (proxyUser != null) {
            if (proxy == null) {
                throw new IllegalArgumentException("proxy credentials without a proxy (user " + proxyUser + ")");
            }
            if (proxyUser.isEmpty() || proxyUser.indexOf(':') >= 0) {
                throw new IllegalArgumentException("proxy user must be non-empty and without ':' (Basic cannot carry it): '"
                        + proxyUser + "'");
            }
        }
        Objects.requireNonNull(filter, "filter");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        }
        Objects.requireNonNull(resource, "resource");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(pageTimeout, "pageTimeout");
        Objects.requireNonNull(retry, "retry");
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be >= 1: " + maxPages);
        }
        if (pagesAhead < 0 || pagesAhead >= maxPages) {
            throw new IllegalArgumentException("pagesAhead must be >= 0 and less than maxPages (" + maxPages + "): "
                    + pagesAhead);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }

    public static Builder builder(URI serviceRoot) {
        return new Builder(serviceRoot);
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(serviceRoot);
        b.sapClient = sapClient;
        b.auth = auth;
        b.extraHeaders.putAll(extraHeaders);
        b.trustStore = trustStore;
        b.trustStorePassword = trustStorePassword;
        b.proxy = proxy;
        b.proxyUser = proxyUser;
        b.proxyPassword = proxyPassword;
        b.filter = filter;
        b.pageSize = pageSize;
        b.concurrency = concurrency;
        b.resource = resource;
        b.connectTimeout = connectTimeout;
        b.pageTimeout = pageTimeout;
        b.retry = retry;
        b.maxPages = maxPages;
        b.pagesAhead = pagesAhead;
        b.clock = clock;
        return b;
    }

    @Override
    public String toString() {
        return "SapSettings[serviceRoot=" + serviceRoot + ", sapClient=" + sapClient + ", auth=" + auth
                + ", extraHeaders=" + extraHeaders.keySet() + ", trustStore=" + trustStore + ", proxy=" + proxy
                + (proxyUser == null ? "" : " as " + proxyUser) + ", filter=" + filter
                + ", pageSize=" + pageSize + ", concurrency=" + concurrency + ", resource=" + resource
                + ", connectTimeout=" + connectTimeout + ", pageTimeout=" + pageTimeout
                + (pagesAhead == 0 ? "" : ", pagesAhead=" + pagesAhead) + "]";
    }

    /** Collects settings; not thread-safe. Defaults: no auth, page size 1000, concurrency 4, resource "sap". */
    public static final class Builder {
        private URI serviceRoot;
        private @Nullable String sapClient;
        private SapAuth auth = SapAuth.NONE;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();
        private @Nullable Path trustStore;
        private @Nullable String trustStorePassword;
        private java.time.InstantSource clock = java.time.InstantSource.system();
        private @Nullable InetSocketAddress proxy;
        private @Nullable String proxyUser;
        private @Nullable String proxyPassword;
        private PartnerFilter filter = PartnerFilter.ALL;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int concurrency = DEFAULT_CONCURRENCY;
        private String resource = "sap";
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration pageTimeout = DEFAULT_PAGE_TIMEOUT;
        private Retry retry = DEFAULT_RETRY;
        private int maxPages = DEFAULT_MAX_PAGES;
        private int pagesAhead;

        private Builder(URI serviceRoot) {
            this.serviceRoot = serviceRoot;
        }

        public Builder serviceRoot(URI serviceRoot) {
            this.serviceRoot = serviceRoot;
            return this;
        }

        public Builder sapClient(String sapClient) {
            this.sapClient = sapClient;
            return this;
        }

        public Builder auth(SapAuth auth) {
            this.auth = auth;
            return this;
        }

        public Builder basicAuth(String user, String password) {
            return auth(new SapAuth.Basic(user, password));
        }

        public Builder header(String name, String value) {
            extraHeaders.put(name, value);
            return this;
        }

        public Builder trustStore(Path path, @Nullable String password) {
            this.trustStore = path;
            this.trustStorePassword = password;
            return this;
        }

        /** An HTTP proxy that needs no credentials (replaces credentials set before), or null for none. */
        public Builder proxy(InetSocketAddress proxy) {
            this.proxy = proxy;
            this.proxyUser = null;
            this.proxyPassword = null;
            return this;
        }

        /**
         * An HTTP proxy and the credentials it requires, sent preemptively as
         * {@code Proxy-Authorization: Basic} with every request (on the CONNECT for an https service),
         * never to SAP. The credentials are copied.
         *
         * <p>The JDK drops Basic credentials from HTTPS tunnels while the system property
         * {@code jdk.http.auth.tunneling.disabledSchemes} lists Basic, as its default
         * {@code conf/net.properties} does; it reads the property once, before the first HTTP client
         * of the JVM is used. Start Java with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (the
         * braid command line sets it itself); otherwise reads fail with
         * {@link SapException.Kind#PROXY_AUTH} saying so.
         */
        public Builder proxy(InetSocketAddress proxy, java.net.PasswordAuthentication credentials) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(credentials, "credentials");
            this.proxyUser = credentials.getUserName();
            this.proxyPassword = new String(credentials.getPassword());
            return this;
        }

        /** The default retry with this many extra attempts after the first (0 = no retry). */
        public Builder retries(int extraAttempts) {
            if (extraAttempts < 0) {
                throw new IllegalArgumentException("retries must be >= 0: " + extraAttempts);
            }
            Retry d = DEFAULT_RETRY;
            this.retry = new Retry(extraAttempts + 1, d.initialDelay(), d.multiplier(), d.maxDelay(), d.jitter(),
                    d.retryOn());
            return this;
        }

        public Builder filter(PartnerFilter filter) {
            this.filter = filter;
            return this;
        }

        public Builder pageSize(int pageSize) {
            this.pageSize = pageSize;
            return this;
        }

        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder resource(String resource) {
            this.resource = resource;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder pageTimeout(Duration timeout) {
            this.pageTimeout = timeout;
            return this;
        }

        public Builder retry(Retry retry) {
            this.retry = retry;
            return this;
        }

        /**
         * The time source for a {@code Retry-After} date and an OAuth token's expiry (default the system's); the
         * daily job passes the engine's clock, so a virtual clock governs them too.
         */
        public Builder clock(java.time.InstantSource clock) {
            this.clock = java.util.Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The most pages one fetch reads before it fails as inconsistent (default 10,000). */
        public Builder maxPages(int maxPages) {
            this.maxPages = maxPages;
            return this;
        }

        /**
         * Windows of {@code pageSize} to request together with the first page (default 0), before its {@code __count}
         * says how many there are: one round trip less when the list has more pages than that (a list of 100,000
         * partners at 8 at a time: 13 rounds of requests instead of 14), up to {@code n} requests that come back empty
         * when it has fewer. At most {@link #concurrency} requests run at once either way; {@code concurrency - 1}
         * fills the first round.
         */
        public Builder pagesAhead(int n) {
            this.pagesAhead = n;
            return this;
        }

        public SapSettings build() {
            return new SapSettings(serviceRoot, sapClient, auth, extraHeaders, trustStore, trustStorePassword,
                    proxy, proxyUser, proxyPassword, filter, pageSize, concurrency, resource, connectTimeout, pageTimeout,
                    retry, maxPages, pagesAhead, clock);
        }
    }
}
