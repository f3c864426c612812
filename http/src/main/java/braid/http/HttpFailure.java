package braid.http;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * What went wrong with a request, as a kind a program can branch on and in plain words a person can act on
 * ("cannot resolve host shop.example", "connection refused by 10.0.0.5:443", "no answer from h:443 within 10 s",
 * "TLS: the certificate of h expired on 2026-12-03"). The words are the engine's ({@link braid.core.Failures}),
 * the same for every connector.
 */
public final class HttpFailure {
    private HttpFailure() {}

    /** The kinds of failure, in the order they are recognised (TLS first: a handshake wraps its cause). */
    public enum Kind {
        /** The host name does not resolve. */
        DNS,
        /** Nothing listens on the port, or no route to the host. */
        REFUSED,
        /** No connection, or no (complete) answer, within the timeout. */
        TIMEOUT,
        /** The TLS handshake failed: expired, untrusted or wrong-host certificate, protocol mismatch. */
        TLS,
        /** The server closed or reset the connection. */
        CLOSED,
        /** The body passed the size limit. */
        TOO_LARGE,
        /** Anything else on the way (an unknown content encoding, a malformed answer). */
        OTHER
    }

    /** The kind of {@code t}, looking through its causes. */
    public static Kind kind(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BodyTooLargeException) return Kind.TOO_LARGE;
            // the proxy's own answers: no connection to the target (504: none in time), or the proxy's refusal
            if (c instanceof ProxyFailureException p && p.status() > 0) {
                return p.kind() != ProxyFailureException.Kind.TARGET_UNREACHABLE ? Kind.OTHER
                        : p.status() == 504 ? Kind.TIMEOUT : Kind.REFUSED;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) return Kind.TLS;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) return Kind.DNS;
            if (c instanceof NoRouteToHostException) return Kind.REFUSED;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException
                    || c instanceof SocketTimeoutException) {
                return Kind.TIMEOUT;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
            if (c instanceof ConnectException || m.contains("connection refused")) return Kind.REFUSED;
            if (m.contains("connection reset") || m.contains("broken pipe") || c instanceof EOFException
                    || c instanceof ClosedChannelException || m.contains("closed")) {
                return Kind.CLOSED;
            }
        }
        return Kind.OTHER;
    }

    /**
     * {@code t} in words, for a request to {@code uri} sent through {@code proxy} (null: directly). Through a proxy, a
     * name that does not resolve, a refused connection, no route and no connection in time are the proxy's, and the
     * words say so ("through the proxy proxy.corp:3128: connection refused by proxy.corp:3128"): the JDK's client
     * resolves and connects to the proxy, never to the site, whose failures come back as the proxy's answers.
     */
    public static String describe(Throwable t, URI uri, @Nullable Duration timeout, java.net.@Nullable InetSocketAddress proxy) {
        if (proxy != null && beforeConnecting(t)) return throughProxy(t, proxy, timeout);
        return describe(t, uri, timeout);
    }

    /** "through the proxy H:P: " and {@code t} in words for that proxy: a failure {@link #beforeConnecting} to it. */
    public static String throughProxy(Throwable t, java.net.InetSocketAddress proxy, @Nullable Duration timeout) {
        return "through the proxy " + HostPort.of(proxy) + ": "
                + braid.core.Failures.network(t, proxy.getHostString(), proxy.getPort(), timeout);
    }

    /**
     * Whether {@code t} happened before a connection was made: a name that does not resolve, a refused connection, no
     * route to the host, or no connection within the connect timeout (not a TLS failure, not a late answer).
     */
    public static boolean beforeConnecting(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException || c instanceof ProxyFailureException) return false;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException || c instanceof ConnectException
                    || c instanceof NoRouteToHostException || c instanceof HttpConnectTimeoutException) return true;
        }
        return false;
    }

    /** {@code t} in words, for a request to {@code uri}; {@code timeout} is the one that applied, if any. */
    public static String describe(Throwable t, URI uri, @Nullable Duration timeout) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BodyTooLargeException big) return big.getMessage() + " (" + HostPort.shortUrl(uri) + ")";
            if (c instanceof IncompleteAnswerException late) return late.words();
            if (c instanceof ProxyFailureException p) return String.valueOf(p.getMessage());
        }
        String host = uri.getHost() == null ? String.valueOf(uri) : uri.getHost();
        return braid.core.Failures.network(t, host, HostPort.port(uri), timeout);
    }

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(407, "Proxy Authentication Required"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(413, "Content Too Large"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    /** "HTTP 503 Service Unavailable": the status with its reason phrase where it is a common one. */
    public static String status(int code) {
        String reason = REASONS.get(code);
        return "HTTP " + code + (reason == null ? "" : " " + reason);
    }

    /** Whether a request that got {@code code} may succeed when repeated: 408, 425, 429, 500, 502, 503, 504. */
    public static boolean isTransientStatus(int code) {
        return code == 408 || code == 425 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
    }
}
