package braid.sap.internal;

import braid.http.ProxyAuthorization;

import braid.sap.SapAuth;
import braid.sap.SapException;
import braid.sap.SapException.Kind;
import braid.sap.SapSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP side of the client: braid's own HTTP/1.1 client for the pages and the OAuth tokens, directly or through
 * the proxy (the JDK's {@link HttpClient} only for an extra header it refuses, so such a request fails as it did),
 * authentication headers, the OAuth token cache, and turning every failure into a {@link SapException}. Thread-safe.
 */
public final class SapHttp implements AutoCloseable {

    /** Reads a successful JSON body. */
    public interface BodyReader<T> {
        T read(InputStream in) throws IOException;
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SapHttp.class);
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final Pattern TITLE = Pattern.compile("(?is)<title[^>]*>(.*?)</title>");

    private final SapSettings settings;
    /** The JDK's client, made only when {@link #direct} is null (an extra header braid's client would send). */
    private final @Nullable HttpClient http;
    /**
     * Pages (GETs) and OAuth tokens go through braid's own HTTP/1.1 client, directly or through the proxy: a page of
     * 1,000 partners (1.5 MB) cost the JDK client 3.2-4.3 ms of CPU to receive (a 64 KiB buffer per socket read, each
     * handed from its selector thread to the reader) and this one 1.1-1.5 ms (warm, same stand-in; bench/results/sap.md).
     * With 8 pages arriving at once on 2 cores, that CPU is what a round waits for. Through a proxy it sends the proxy's
     * credentials on the CONNECT of an https tunnel whatever the JDK's {@code jdk.http.auth.tunneling.disabledSchemes}
     * says (they go to the configured proxy only, never into the tunnel), and words the proxy's failures as every
     * other braid client does. Null with an extra header the JDK client would refuse: such requests stay on
     * {@link #http}, so they fail as before.
     */
    private final braid.http.@Nullable Http1Client direct;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ScheduledExecutorService watchdog;
    private final @Nullable String proxyAuthorization; // null: no proxy credentials
    private final Object tokenLock = new Object();
    private @Nullable String token;
    private Instant tokenExpiry = Instant.MIN;
    private volatile int tokenFetches;

    public SapHttp(SapSettings settings) {
        this.settings = settings;
        // Sent with every request, not answered through an Authenticator: see ProxyAuthorization for why.
        ProxyAuthorization proxyAuth = settings.proxyUser() == null ? null
                : ProxyAuthorization.of(settings.proxyUser(), java.util.Objects.requireNonNullElse(settings.proxyPassword(), ""));
        proxyAuthorization = proxyAuth == null ? null : proxyAuth.headerValue();
        SSLContext tls = settings.trustStore() == null ? null : sslContext(settings);
        direct = settings.extraHeaders().keySet().stream().noneMatch(SapHttp::restricted)
                ? new braid.http.Http1Client(settings.connectTimeout(), tls,
                        settings.proxy() == null ? null : java.net.ProxySelector.of(settings.proxy()), proxyAuth)
                : null;
        if (direct == null && proxyAuthorization != null && "https".equalsIgnoreCase(settings.serviceRoot().getScheme())
                && ProxyAuthorization.basicTunnellingDisabled()) {
            // Said once up front: every page would otherwise fail with PROXY_AUTH only later.
            LOG.warn("proxy credentials (user {}) will not reach proxy {} for https: this JVM disables Basic "
                    + "authentication for HTTPS tunnels; start Java with -D{}= (empty)", settings.proxyUser(),
                    settings.proxy(), ProxyAuthorization.TUNNELLING_PROPERTY);
        }
        http = direct == null ? jdkClient(settings, tls) : null;
        var executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("braid-sap-page-timeout").factory());
        executor.setRemoveOnCancelPolicy(true);
        watchdog = executor;
    }

    /**
     * The client every braid connector sets up (braid.http); redirects are not followed (from an OData service they
     * lead to a login page), and SAP Gateway speaks HTTP/1.1: no h2c upgrade round trip on plain http.
     */
    private static HttpClient jdkClient(SapSettings settings, @Nullable SSLContext tls) {
        braid.http.HttpClients.Builder b = braid.http.HttpClients.builder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .redirects(HttpClient.Redirect.NEVER);
        if (settings.proxy() != null) {
            b.proxy(java.net.ProxySelector.of(settings.proxy()));
        }
        if (tls != null) {
            b.sslContext(tls);
        }
        return b.build();
    }

    /** {@link #http}, which exists whenever {@link #direct} does not. */
    private HttpClient jdk() {
        return java.util.Objects.requireNonNull(http, "the JDK client is made when braid's is not");
    }

    private static SSLContext sslContext(SapSettings s) {
        char[] password = s.trustStorePassword() == null ? null : s.trustStorePassword().toCharArray();
        try {
            KeyStore ks;
            java.nio.file.Path store = java.util.Objects.requireNonNull(s.trustStore(), "called with a trust store");
            if (braid.http.TrustedCertificates.looksLikePem(store)) {
                ks = braid.http.TrustedCertificates.only(store); // a company CA as a PEM file
            } else {
                // KeyStore.getInstance(File, ...) would detect the type, but we read a stream: PKCS12 then JKS.
                byte[] bytes = Files.readAllBytes(s.trustStore());
                try {
                    ks = KeyStore.getInstance("PKCS12");
                    ks.load(new java.io.ByteArrayInputStream(bytes), password);
                } catch (IOException | GeneralSecurityException e) {
                    ks = KeyStore.getInstance("JKS");
                    ks.load(new java.io.ByteArrayInputStream(bytes), password);
                }
            }
            return braid.http.TrustedCertificates.trusting(ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load trust store " + s.trustStore() + ": " + e.getMessage(), e);
        }
    }

    /** How many times a token was fetched (for tests of the cache). */
    public int tokenFetches() {
        return tokenFetches;
    }

    /** GETs {@code uri} and reads the JSON body; every failure becomes a {@link SapException}. */
    public <T> T get(URI uri, BodyReader<T> reader) throws SapException, InterruptedException {
        if (!Urls.sameOrigin(uri, settings.serviceRoot())) {
            // The last line of defence: whatever built the URL, credentials never leave the service's origin.
            throw new SapException(Kind.FOREIGN_ORIGIN, "refusing to request " + Urls.origin(uri)
                    + " with the credentials of the service root " + Urls.origin(settings.serviceRoot()), 0, null,
                    null, Urls.sanitize(uri), null, null);
        }
        if (direct != null) {
            return getDirect(direct, uri, reader);
        }
        boolean retriedAuth = false;
        while (true) {
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET().timeout(settings.pageTimeout());
            String tokenUsed = pageHeaders(rb::header);
            proxyAuthorize(rb);
            HttpResponse<InputStream> response = send(rb.build(), uri);
            int status = response.statusCode();
            if (status == 401 && tokenUsed != null && !retriedAuth) {
                // The cached token may have been revoked or expired early: fetch a new one once.
                close(response.body());
                invalidate(tokenUsed);
                retriedAuth = true;
                continue;
            }
            return read(response, uri, reader);
        }
    }

    private HttpResponse<InputStream> send(HttpRequest request, URI uri) throws SapException, InterruptedException {
        try {
            return jdk().send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw transport(e, uri);
        }
    }

    private SapException transport(IOException e, URI uri) {
        URI safe = Urls.sanitize(uri);
        java.time.Duration timeout = e instanceof HttpConnectTimeoutException ? settings.connectTimeout() : settings.pageTimeout();
        java.net.InetSocketAddress proxy = settings.proxy();
        // through a proxy, a connection that never came is the proxy's: name it, not SAP
        String words = proxy != null && braid.http.HttpFailure.beforeConnecting(e) ? braid.http.HttpFailure.throughProxy(e, proxy, timeout)
                : braid.core.Failures.network(e, uri.getHost(), port(uri), timeout);
        Kind kind = e instanceof HttpTimeoutException ? Kind.TIMEOUT : e instanceof SSLException ? Kind.TLS
                : Kind.CONNECTION;
        return new SapException(kind, "cannot reach SAP: " + words, 0, null, null, safe, null, e);
    }

    /** The port a URI names or its scheme's default. */
    static int port(URI uri) {
        return braid.http.HostPort.port(uri);
    }

    /** "SAP at host:port", for messages about an answer. */
    static String sapAt(URI uri) {
        return "SAP at " + uri.getHost() + ":" + port(uri);
    }

    private <T> T read(HttpResponse<InputStream> response, URI uri, BodyReader<T> reader)
            throws SapException, InterruptedException {
        URI safe = Urls.sanitize(uri);
        int status = response.statusCode();
        InputStream body = new BufferedInputStream(response.body(), 64 * 1024);
        // The JDK client's request timeout ends when the headers arrive; a stalled body needs its own guard.
        // Closing the stream makes a blocked read fail, which we then report as a timeout.
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            timedOut.set(true);
            close(response.body());
        }, settings.pageTimeout().toNanos(), TimeUnit.NANOSECONDS);
        try (body) {
            java.net.InetSocketAddress proxy = settings.proxy();
            if (status == 407 && proxy != null) {
                throw proxyRefused(response, safe, proxy);
            }
            return answer(status, response.headers(), body, safe, reader);
        } catch (SapException e) {
            throw e;
        } catch (PageParser.MalformedPageException e) {
            if (timedOut.get()) {
                throw timeout(safe, e);
            }
            throw malformed(status, safe, e);
        } catch (IOException e) {
            if (timedOut.get()) {
                throw timeout(safe, e);
            }
            if (Thread.currentThread().isInterrupted() || e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new InterruptedException("interrupted while reading from SAP");
            }
            throw transport(e, uri);
        } finally {
            guard.cancel(false);
        }
    }

    /** What an answer means, from either client: an error status, an HTML page, or the body for {@code reader}. */
    private <T> T answer(int status, HttpHeaders headers, InputStream body, URI safe, BodyReader<T> reader)
            throws SapException, IOException {
        String type = headers.firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (status >= 300) {
            throw httpError(headers, status, type, readLimited(body), safe);
        }
        if (type.contains("html") || (!type.contains("json") && startsWithAngle(body))) {
            String title = title(readLimited(body));
            throw new SapException(Kind.HTML_ANSWER, "SAP answered with an HTML page"
                    + (title == null ? "" : " titled '" + title + "'")
                    + " instead of JSON (a login page or a proxy error?)", status, null, null, safe, null, null);
        }
        return reader.read(body);
    }

    private static SapException malformed(int status, URI safe, PageParser.MalformedPageException e) {
        return new SapException(Kind.MALFORMED, "SAP's answer is not the expected OData JSON (" + e.getMessage() + ")",
                status, null, null, safe, null, e);
    }

    /**
     * {@link #get} through {@link #direct}: the body handed to {@code reader} as it arrives (a page of 1-2 MB is parsed
     * from the socket, never held whole), the whole answer within the page timeout; interpreted as the JDK client's
     * answer is, with the same failures in the same words.
     */
    private <T> T getDirect(braid.http.Http1Client client, URI uri, BodyReader<T> reader)
            throws SapException, InterruptedException {
        URI safe = Urls.sanitize(uri);
        boolean retriedAuth = false;
        while (true) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            String tokenUsed = pageHeaders((n, v) -> headers.computeIfAbsent(n, k -> new ArrayList<>()).add(v));
            boolean mayRetryAuth = tokenUsed != null && !retriedAuth;
            int[] status = {0};
            Optional<T> answered;
            try {
                answered = client.send("GET", uri, headers, null, MAX_PAGE_BYTES,
                        System.nanoTime() + settings.pageTimeout().toNanos(), settings.pageTimeout(), (code, h, in) -> {
                            status[0] = code;
                            if (code == 401 && mayRetryAuth) {
                                return Optional.empty(); // the cached token may have been revoked or expired early
                            }
                            // buffered a little: the HTML check looks at the first bytes and goes back
                            return Optional.of(answer(code, h, new BufferedInputStream(in, 1024), safe, reader));
                        });
            } catch (SapException e) {
                throw e;
            } catch (braid.http.IncompleteAnswerException e) {
                // in the JDK client's words: no head in time is "no answer", a body that stalled "did not complete"
                throw status[0] == 0 ? transport(e, uri) : timeout(safe, e);
            } catch (braid.http.BodyTooLargeException e) {
                throw new SapException(Kind.MALFORMED, sapAt(safe) + " sent a page of more than "
                        + (MAX_PAGE_BYTES >> 20) + " MiB (lower sap.pageSize)", status[0], null, null, safe, null, e);
            } catch (PageParser.MalformedPageException e) {
                throw malformed(status[0], safe, e);
            } catch (braid.http.ProxyFailureException e) {
                throw proxyFailure(e, uri);
            } catch (IOException e) {
                throw transport(e, uri);
            }
            if (answered.isPresent()) {
                return answered.get();
            }
            invalidate(java.util.Objects.requireNonNull(tokenUsed));
            retriedAuth = true;
        }
    }

    /** The most an OAuth token answer may hold (a JWT with its claims is a few KB). */
    static final long MAX_TOKEN_BYTES = 1L << 20;

    /** The most a page's body may hold (a page of 1,000 partners is 1-2 MB). */
    static final long MAX_PAGE_BYTES = 256L << 20;

    /** Headers the JDK client refuses to be given; a request with one keeps to it, so it fails as before. */
    private static boolean restricted(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "connection", "content-length", "expect", "host", "upgrade" -> true;
            default -> false;
        };
    }

    private void proxyAuthorize(HttpRequest.Builder rb) {
        if (proxyAuthorization != null) {
            rb.header("Proxy-Authorization", proxyAuthorization);
        }
    }

    /**
     * A failure of the proxy as {@link #direct} reports it: a 407 is {@link Kind#PROXY_AUTH} (never retried: the same
     * credentials would fail again), a proxy that cannot be reached is worded as the JDK client's was ("cannot reach SAP:
     * through the proxy …"), and a proxy that refused the request or could not reach SAP says so in its words.
     */
    private SapException proxyFailure(braid.http.ProxyFailureException e, URI uri) {
        URI safe = Urls.sanitize(uri);
        if (e.kind() == braid.http.ProxyFailureException.Kind.AUTHENTICATION) {
            return new SapException(Kind.PROXY_AUTH, String.valueOf(e.getMessage()), 407, null, null, safe, null, e);
        }
        if (e.getCause() instanceof IOException cause && braid.http.HttpFailure.beforeConnecting(cause)) {
            return transport(cause, uri);
        }
        return new SapException(Kind.CONNECTION, "cannot reach SAP: " + e.getMessage(), e.status(), null, null, safe, null, e);
    }

    /** A 407 from the proxy: typed, naming the proxy, never retried (the same credentials would fail again). */
    private SapException proxyRefused(HttpResponse<?> response, URI safe, java.net.InetSocketAddress proxy) {
        String detail = ProxyAuthorization.describeRejection(proxy, settings.proxyUser(),
                "https".equalsIgnoreCase(response.uri().getScheme()), response.headers().allValues("Proxy-Authenticate"));
        return new SapException(Kind.PROXY_AUTH, detail, 407, null, null, safe, null, null);
    }

    private SapException timeout(URI safe, Exception e) {
        return new SapException(Kind.TIMEOUT, sapAt(safe) + "'s answer did not complete within "
                + braid.core.Failures.duration(settings.pageTimeout()),
                0, null, null, safe, null, e);
    }

    private static boolean startsWithAngle(InputStream in) throws IOException {
        in.mark(1024);
        try {
            for (int i = 0; i < 1024; i++) {
                int c = in.read();
                if (c < 0) {
                    return false;
                }
                if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                    return c == '<';
                }
            }
            return false;
        } finally {
            in.reset();
        }
    }

    private static String readLimited(InputStream in) throws IOException {
        return new String(in.readNBytes(ERROR_BODY_LIMIT), StandardCharsets.UTF_8);
    }

    private static @Nullable String title(String html) {
        Matcher m = TITLE.matcher(html);
        return m.find() ? m.group(1).strip() : null;
    }

    private SapException httpError(HttpHeaders headers, int status, String type, String body, URI safe) {
        String code = null;
        String message = null;
        if (type.contains("html") || body.stripLeading().startsWith("<")) {
            String title = title(body);
            message = "HTML page" + (title == null ? "" : " '" + title + "'");
        } else {
            try {
                JsonNode root = mapper.readTree(body);
                JsonNode error = root.path("error");
                if (error.isObject()) {
                    code = textOrNull(error.path("code"));
                    JsonNode msg = error.path("message");
                    message = msg.isObject() ? textOrNull(msg.path("value")) : textOrNull(msg);
                } else if (error.isTextual()) {
                    code = error.asText();
                    message = textOrNull(root.path("error_description"));
                } else if (root.path("fault").isObject()) {
                    code = textOrNull(root.path("fault").path("detail").path("errorcode"));
                    message = textOrNull(root.path("fault").path("faultstring"));
                }
            } catch (IOException e) {
                message = body.isBlank() ? null : body.substring(0, Math.min(200, body.length())).strip();
            }
        }
        Duration retryAfter = retryAfter(headers.firstValue("Retry-After").orElse(null));
        if (status < 400) {
            // Redirects are not followed: from an OData service they lead to a single sign-on login page.
            String location = headers.firstValue("Location").map(l -> {
                try {
                    return String.valueOf(Urls.sanitize(URI.create(l)));
                } catch (IllegalArgumentException e) {
                    return "?";
                }
            }).orElse("nowhere");
            return new SapException(Kind.HTTP_STATUS, "SAP redirected to " + location + " (a login page?)", status,
                    null, null, safe, null, null);
        }
        String detail = switch (status) {
            case 401 -> sapAt(safe) + " refused the credentials";
            case 403 -> sapAt(safe) + " denied access";
            case 404 -> sapAt(safe) + " has no such service or entity set";
            case 429 -> sapAt(safe) + " is rate limiting";
            case 503 -> sapAt(safe) + " is unavailable";
            default -> sapAt(safe) + " failed the request";
        };
        return new SapException(Kind.HTTP_STATUS, detail, status, code, message, safe, retryAfter, null);
    }

    private static @Nullable String textOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    /** Parses {@code Retry-After}: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
    @Nullable Duration retryAfter(@Nullable String value) {
        return retryAfter(value, settings.clock());
    }

    /** Parses {@code Retry-After} against {@code clock}: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3). */
    static @Nullable Duration retryAfter(@Nullable String value, java.time.InstantSource clock) {
        return braid.http.RetryAfterHeader.parse(value, clock);
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Only releasing the connection; nothing to report.
        }
    }

    /**
     * The headers of a page's GET, for either client: Accept, sap-client, the extra headers and the auth header;
     * returns the bearer token used, or null.
     */
    private @Nullable String pageHeaders(java.util.function.BiConsumer<String, String> header) throws SapException, InterruptedException {
        header.accept("Accept", "application/json");
        if (settings.sapClient() != null) {
            header.accept("sap-client", settings.sapClient());
        }
        settings.extraHeaders().forEach(header);
        return authorize(header);
    }

    /** Adds the auth header; returns the bearer token used, or null. */
    private @Nullable String authorize(java.util.function.BiConsumer<String, String> header) throws SapException, InterruptedException {
        switch (settings.auth()) {
            case SapAuth.None n -> {
                return null;
            }
            case SapAuth.Basic b -> {
                header.accept("Authorization", basic(b.user(), b.password()));
                return null;
            }
            case SapAuth.ApiKey k -> {
                header.accept(k.header(), k.key());
                return null;
            }
            case SapAuth.OAuthClientCredentials o -> {
                String t = token(o);
                header.accept("Authorization", "Bearer " + t);
                return t;
            }
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void invalidate(String used) {
        synchronized (tokenLock) {
            if (used.equals(token)) {
                token = null;
                tokenExpiry = Instant.MIN;
            }
        }
    }

    /** The cached token, fetched again when it expires within 30 seconds. One fetch at a time. */
    private String token(SapAuth.OAuthClientCredentials o) throws SapException, InterruptedException {
        synchronized (tokenLock) {
            if (token != null && settings.clock().instant().isBefore(tokenExpiry)) {
                return token;
            }
            URI safe = Urls.sanitize(o.tokenUri());
            // RFC 6749 section 2.3.1: client id and secret are form-encoded, then sent as HTTP Basic.
            String auth = basic(URLEncoder.encode(o.clientId(), StandardCharsets.UTF_8),
                    URLEncoder.encode(o.clientSecret(), StandardCharsets.UTF_8));
            String form = "grant_type=client_credentials" + (o.scope() == null ? ""
                    : "&scope=" + URLEncoder.encode(o.scope(), StandardCharsets.UTF_8));
            int status;
            HttpHeaders headers;
            String body;
            if (direct != null) {
                Map<String, List<String>> h = new LinkedHashMap<>();
                h.put("Authorization", List.of(auth));
                h.put("Content-Type", List.of("application/x-www-form-urlencoded"));
                h.put("Accept", List.of("application/json"));
                braid.http.Http1Client.Response response;
                try {
                    response = direct.send("POST", o.tokenUri(), h, form.getBytes(StandardCharsets.UTF_8), MAX_TOKEN_BYTES,
                            System.nanoTime() + settings.pageTimeout().toNanos(), settings.pageTimeout());
                } catch (braid.http.ProxyFailureException e) {
                    throw proxyFailure(e, o.tokenUri());
                } catch (IOException e) {
                    throw transport(e, o.tokenUri());
                }
                status = response.status();
                headers = response.headers();
                body = new String(response.body(), StandardCharsets.UTF_8);
            } else {
                HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(o.tokenUri())
                        .timeout(settings.pageTimeout())
                        .header("Authorization", auth)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "application/json");
                proxyAuthorize(tokenRequest);
                HttpResponse<String> response;
                try {
                    response = jdk().send(tokenRequest.POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    throw transport(e, o.tokenUri());
                }
                java.net.InetSocketAddress proxy = settings.proxy();
                if (response.statusCode() == 407 && proxy != null) {
                    tokenFetches++;
                    throw proxyRefused(response, safe, proxy);
                }
                status = response.statusCode();
                headers = response.headers();
                body = response.body();
            }
            tokenFetches++;
            JsonNode root;
            try {
                root = mapper.readTree(body);
            } catch (IOException e) {
                root = mapper.createObjectNode();
            }
            if (status != 200 || !root.path("access_token").isTextual()) {
                throw new SapException(Kind.TOKEN, "the OAuth token endpoint refused", status,
                        textOrNull(root.path("error")), textOrNull(root.path("error_description")), safe,
                        retryAfter(headers.firstValue("Retry-After").orElse(null)), null);
            }
            long seconds = root.path("expires_in").asLong(300);
            long margin = Math.min(30, seconds / 2);
            token = root.path("access_token").asText();
            tokenExpiry = settings.clock().instant().plusSeconds(seconds - margin);
            return token;
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        // Every fetch has ended when this is called; shutdownNow also drops connections a timed-out page left open.
        if (http != null) {
            http.shutdownNow();
        }
        if (direct != null) {
            direct.close();
        }
    }
}
