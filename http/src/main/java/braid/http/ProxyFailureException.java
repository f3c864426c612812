package braid.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * A request through an HTTP proxy failed at the proxy, before the target answered: the proxy could not be reached,
 * it refused (407 for credentials, 403 by its policy), or it reported that it could not reach the target (a 5xx to a
 * {@code CONNECT}). The message is in plain words and names the proxy as {@code host:port}, never a password.
 * {@link #onThisSide()} tells a failure of the way out (the proxy, its credentials, its policy) from one the proxy saw
 * at the target, which is the target's as much as a direct connection's would be.
 */
public final class ProxyFailureException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What failed. */
    public enum Kind {
        /** No connection to the proxy (its name does not resolve, nothing listens, no answer in time). */
        UNREACHABLE,
        /** The proxy answered 407: credentials missing or rejected. */
        AUTHENTICATION,
        /** The proxy refused the request by its own rules (403, 405 and other 4xx statuses). */
        REFUSED,
        /**
         * The proxy could not reach the target: a 5xx to a {@code CONNECT} (Squid: 500 when the name does not resolve
         * without a DNS server, 503 for a refused connection or a failed lookup, 504 for a timeout), or a 5xx Squid
         * marked as its own to a plain request.
         */
        TARGET_UNREACHABLE
    }

    private final Kind kind;
    private final String proxy;
    private final int status;

    /**
     * @param proxy  the proxy's address
     * @param status the proxy's answer, or 0 when it gave none
     */
    public ProxyFailureException(Kind kind, InetSocketAddress proxy, int status, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.proxy = HostPort.of(proxy);
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The proxy as {@code host:port}. */
    public String proxy() {
        return proxy;
    }

    /** The status the proxy answered with, or 0 when it gave none. */
    public int status() {
        return status;
    }

    /** Whether the failure is of the way out (the proxy, its credentials or policy) rather than at the target. */
    public boolean onThisSide() {
        return kind != Kind.TARGET_UNREACHABLE;
    }
}
