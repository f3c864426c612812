package braid.web;

import org.jspecify.annotations.Nullable;
import braid.core.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Reading news from a URL failed; {@link #kind()} says how, {@link #uri()} says where.
 *
 * <p>The reader never retries by itself: retrying is the engine's job. A retry predicate usually
 * only needs {@link #isTransient()}, e.g.
 * {@code Retry.exponential(3, Duration.ofSeconds(1)).retryOn(NewsFetchException::isTransientFailure)}.
 * As a {@link RetryAfter}, it makes the engine wait at least as long as the server's Retry-After
 * header asked. Immutable and thread-safe.
 */
public class NewsFetchException extends IOException implements RetryAfter {
    private static final long serialVersionUID = 1L;
    // The JDK client hands back the 3xx itself when it will not follow: a loop, more than five
    // hops, or a downgrade from https to http.
    private static final String REDIRECT_NOTE = " (redirect not followed: loop, too many hops, or https to http)";

    /** How a fetch failed. */
    public enum Kind {
        /** The host name could not be resolved. Not transient: a misspelt host does not heal in seconds. */
        DNS(false),
        /** The TCP connection was refused or the network unreachable; the server may be restarting. */
        CONNECT(true),
        /** TLS handshake or certificate failure: a configuration problem, not transient. */
        TLS(false),
        /** Connecting, or the whole exchange including the body, took longer than configured. */
        TIMEOUT(true),
        /** The connection broke mid-exchange (reset, closed early, too many redirects). */
        NETWORK(true),
        /** The server answered with a status other than 2xx or 304; see {@link #status()}. */
        HTTP_STATUS(false),
        /**
         * The proxy answered 407 Proxy Authentication Required: credentials missing, rejected, or not
         * sent (the message names the proxy and says which). Not transient: retrying the same
         * credentials would not help and may lock the account.
         */
        PROXY_AUTH(false),
        /** The body, after gzip decompression, exceeded the reader's byte limit. */
        TOO_LARGE(false),
        /** The body could not be parsed as a feed or page. */
        PARSE(false);

        private final boolean transientByDefault;

        Kind(boolean transientByDefault) {
            this.transientByDefault = transientByDefault;
        }
    }

    private final Kind kind;
    private final URI uri;
    private final int status;
    private final Duration retryAfter;
    private final String detail;

    /**
     * Creates a failure of any kind but {@link Kind#HTTP_STATUS}.
     *
     * @throws IllegalArgumentException if kind is HTTP_STATUS (use the status constructor)
     */
    public NewsFetchException(Kind kind, URI uri, @Nullable String message, @Nullable Throwable cause) {
        super(message + " (" + shortUrl(uri) + ")", cause);
        if (kind == Kind.HTTP_STATUS) throw new IllegalArgumentException("HTTP_STATUS needs a status: " + kind);
        this.kind = kind;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.status = -1;
        this.retryAfter = Duration.ZERO;
        this.detail = java.util.Objects.requireNonNullElse(message, "");
    }

    /**
     * Creates an {@link Kind#HTTP_STATUS} failure.
     *
     * @param retryAfter the server's Retry-After, or {@link Duration#ZERO} when it sent none
     */
    public NewsFetchException(URI uri, int status, Duration retryAfter) {
        super("HTTP " + status + " from " + shortUrl(uri) + (status / 100 == 3 ? REDIRECT_NOTE : ""));
        if (status < 100 || status > 999) throw new IllegalArgumentException("not an HTTP status: " + status);
        if (retryAfter.isNegative()) throw new IllegalArgumentException("negative retryAfter: " + retryAfter);
        this.kind = Kind.HTTP_STATUS;
        this.uri = Objects.requireNonNull(uri, "uri");
        this.status = status;
        this.retryAfter = retryAfter;
        this.detail = "HTTP " + status + (status / 100 == 3 ? REDIRECT_NOTE : "");
    }

    /** The URL for a message: scheme, host, port and path; no user info, no query (it may hold a token). */
    static String shortUrl(URI uri) {
        return braid.http.HostPort.shortUrl(uri);
    }

    /** How the fetch failed. */
    public Kind kind() {
        return kind;
    }

    /** The URL that failed (after redirects, where the failure happened at the redirect target). */
    public URI uri() {
        return uri;
    }

    /** What went wrong, without the kind and URL that {@link #getMessage()} starts with. */
    public String detail() {
        return detail;
    }

    /** The HTTP status for {@link Kind#HTTP_STATUS}, otherwise -1. */
    public int status() {
        return status;
    }

    /**
     * How long the server asked us to wait before retrying (its Retry-After header), or
     * {@link Duration#ZERO} when it did not say.
     */
    @Override
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Whether retrying the same request later may succeed: connect failures, timeouts, broken
     * connections, and HTTP 408, 425, 429, 500, 502, 503, 504.
     */
    public boolean isTransient() {
        if (kind == Kind.HTTP_STATUS) {
            return switch (status) {
                case 408, 425, 429, 500, 502, 503, 504 -> true;
                default -> false;
            };
        }
        return kind.transientByDefault;
    }

    /** A retry predicate for the engine: whether {@code t} is a {@link NewsFetchException} that {@link #isTransient()}. */
    public static boolean isTransientFailure(Throwable t) {
        return t instanceof NewsFetchException n && n.isTransient();
    }
}
