package braid.web.internal;

import org.jspecify.annotations.Nullable;
import braid.http.BodyTooLargeException;
import braid.http.ContentDecoding;
import braid.http.Deadlines;
import braid.http.IncompleteAnswerException;
import braid.http.LimitedBody;
import braid.http.ProxyAuthorization;
import braid.http.RetryAfterHeader;

import braid.web.NewsFetchException;
import braid.web.NewsFetchException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * GETs one URL with the shared {@link HttpClient}: conditional headers, gzip, a byte limit on the
 * raw and on the decompressed body, and one deadline for the whole exchange. Maps every failure
 * to a typed {@link NewsFetchException}. Thread-safe.
 */
public final class HttpFetcher {
    private static final String ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
            + "application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.7, */*;q=0.1";

    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxBytes;
    private final String userAgent;
    private final InstantSource clock;
    private final @Nullable ProxySelector proxy; // null: direct
    private final @Nullable ProxyAuthorization proxyAuthorization; // null: none

    /**
     * @param proxy              the client's proxy selector, or null; names the proxy in a 407's failure
     * @param proxyAuthorization sent to the proxy with every request that goes through one, or null
     */
    public HttpFetcher(HttpClient client, Duration requestTimeout, long maxBytes, String userAgent, InstantSource clock,
                       @Nullable ProxySelector proxy, @Nullable ProxyAuthorization proxyAuthorization) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.maxBytes = maxBytes;
        this.userAgent = userAgent;
        this.clock = clock;
        this.proxy = proxy;
        this.proxyAuthorization = proxyAuthorization;
    }

    /** Validators from an earlier response; either may be null. */
    public record Validators(@Nullable String etag, @Nullable String lastModified) {
        public static final Validators NONE = new Validators(null, null);
    }

    /**
     * A 200 (body set) or 304 (body null) response.
     *
     * @param uri the final URL after redirects
     */
    public record Response(int status, URI uri, @Nullable String contentType, Validators validators, byte[] body) {
        public boolean notModified() {
            return status == 304;
        }
    }

    /** Fetches {@code uri}; returns only 2xx and 304 responses, everything else is thrown. */
    public Response get(URI uri, Validators validators) throws NewsFetchException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).GET()
                .timeout(requestTimeout)
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", userAgent);
        if (validators.etag() != null) rb.header("If-None-Match", validators.etag());
        if (validators.lastModified() != null) rb.header("If-Modified-Since", validators.lastModified());
        // Only when a proxy is picked: the JDK would strip it from a direct request anyway, but a
        // secret not handed over cannot leak. See ProxyAuthorization for why not an Authenticator.
        if (proxyAuthorization != null && ProxyAuthorization.proxyFor(proxy, uri) != null) {
            rb.header("Proxy-Authorization", proxyAuthorization.headerValue());
        }

        HttpResponse<byte[]> resp;
        try {
            // HttpRequest.timeout only covers the wait for the headers; this covers the body too.
            resp = Deadlines.send(client, rb.build(), this::bodyFor, requestTimeout, requestTimeout);
        } catch (IncompleteAnswerException e) {
            throw new NewsFetchException(Kind.TIMEOUT, uri, e.words(), e);
        } catch (IOException | RuntimeException e) {
            throw map(uri, e);
        }

        URI finalUri = resp.uri();
        int status = resp.statusCode();
        if (status == 304) {
            return new Response(304, finalUri, null, validators, new byte[0]); // not modified: no body
        }
        if (status == 407) {
            InetSocketAddress via = ProxyAuthorization.proxyFor(proxy, finalUri);
            if (via != null) {
                throw new NewsFetchException(Kind.PROXY_AUTH, finalUri, ProxyAuthorization.describeRejection(via,
                        proxyAuthorization == null ? null : proxyAuthorization.user(), "https".equalsIgnoreCase(finalUri.getScheme()),
                        resp.headers().allValues("Proxy-Authenticate")), null);
            }
        }
        if (status < 200 || status >= 300) {
            throw new NewsFetchException(finalUri, status, retryAfter(resp));
        }
        String contentType = resp.headers().firstValue("Content-Type").orElse(null);
        Validators fresh = new Validators(resp.headers().firstValue("ETag").orElse(null),
                resp.headers().firstValue("Last-Modified").orElse(null));
        byte[] body;
        try {
            body = ContentDecoding.decode(resp.body(), resp.headers().firstValue("Content-Encoding").orElse(null), maxBytes);
        } catch (BodyTooLargeException e) {
            throw new NewsFetchException(Kind.TOO_LARGE, finalUri, e.getMessage(), null);
        } catch (IOException e) {
            throw new NewsFetchException(Kind.PARSE, finalUri, e.getMessage(), e);
        }
        return new Response(status, finalUri, contentType, fresh, body);
    }

    private BodySubscriber<byte[]> bodyFor(HttpResponse.ResponseInfo info) {
        int sc = info.statusCode();
        if (sc < 200 || sc >= 300) return BodySubscribers.replacing(null);
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        return LimitedBody.subscriber(maxBytes, declared);
    }

    private Duration retryAfter(HttpResponse<?> resp) {
        Duration d = RetryAfterHeader.of(resp.headers(), clock);
        return d == null ? Duration.ZERO : d;
    }

    private NewsFetchException map(URI uri, Throwable t) {
        if (t instanceof NewsFetchException n) return n;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BodyTooLargeException big) {
                return new NewsFetchException(Kind.TOO_LARGE, uri, big.getMessage(), null);
            }
        }
        Kind kind = Kind.NETWORK;
        if (t instanceof HttpTimeoutException) {
            kind = Kind.TIMEOUT;
        } else if (causedBy(t, UnresolvedAddressException.class) || causedBy(t, UnknownHostException.class)) {
            kind = Kind.DNS;
        } else if (causedBy(t, SSLException.class)) {
            kind = Kind.TLS;
        } else if (causedBy(t, ConnectException.class)) {
            kind = Kind.CONNECT;
        }
        java.time.Duration timeout = t instanceof HttpConnectTimeoutException ? client.connectTimeout().orElse(requestTimeout) : requestTimeout;
        // through a proxy, a connection that never came is the proxy's: the words name it, not the website
        return new NewsFetchException(kind, uri, braid.http.HttpFailure.describe(t, uri, timeout, ProxyAuthorization.proxyFor(proxy, uri)), t);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) return true;
        }
        return false;
    }
}
