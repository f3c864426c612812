package braid.sap;

import org.jspecify.annotations.Nullable;

import braid.core.RetryAfter;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A failed read from SAP, carrying the HTTP status, SAP's error code and message, and the URL (secrets
 * stripped). Implements {@link RetryAfter} so the engine honours a server's {@code Retry-After}.
 */
public final class SapException extends IOException implements RetryAfter {

    /** What went wrong. */
    public enum Kind {
        /** SAP answered with an error status. */
        HTTP_STATUS(false),
        /** An HTML page (a login page or a proxy error) came back instead of JSON. */
        HTML_ANSWER(false),
        /** The body was not the OData V2 JSON expected. */
        MALFORMED(false),
        /** The pages disagree with each other or with {@code __count}, or {@code __next} loops. */
        INCONSISTENT(false),
        /**
         * A {@code __next} link (or any URL the client was about to request) leads to another origin (scheme,
         * host or port) than the service root. Never followed: the request would carry the credentials, the
         * {@code sap-client} and the extra headers to that host, and its partners would be mailed.
         */
        FOREIGN_ORIGIN(false),
        /** The connection failed or was dropped. */
        CONNECTION(true),
        /** No complete answer within the page timeout. */
        TIMEOUT(true),
        /** The TLS handshake failed (e.g. an untrusted certificate). */
        TLS(false),
        /** The OAuth token endpoint refused or failed. */
        TOKEN(false),
        /**
         * The HTTP proxy answered 407 Proxy Authentication Required: credentials missing, rejected, or not
         * sent (the message names the proxy and says which). Not transient: retrying the same credentials
         * would not help and may lock the account.
         */
        PROXY_AUTH(false);

        private final boolean transientByDefault;

        Kind(boolean transientByDefault) {
            this.transientByDefault = transientByDefault;
        }
    }

    private final Kind kind;
    private final int status;
    private final @Nullable String sapCode;
    private final @Nullable String sapMessage;
    private final @Nullable URI url;
    private final @Nullable Duration retryAfter;

    /**
     * @param status     HTTP status, 0 when there was no HTTP answer
     * @param sapCode    SAP's error code, or null
     * @param sapMessage SAP's error message (or a description of the problem), or null
     * @param url        the request URL without secrets, or null
     * @param retryAfter the server's {@code Retry-After}, or null
     */
    public SapException(Kind kind, String detail, int status, @Nullable String sapCode, @Nullable String sapMessage,
                        @Nullable URI url, @Nullable Duration retryAfter, @Nullable Throwable cause) {
        super(message(kind, detail, status, sapCode, sapMessage, url), cause);
        this.kind = kind;
        this.status = status;
        this.sapCode = sapCode;
        this.sapMessage = sapMessage;
        this.url = url;
        this.retryAfter = retryAfter;
    }

    private static String message(Kind kind, String detail, int status, @Nullable String code, @Nullable String msg,
                                  @Nullable URI url) {
        StringBuilder b = new StringBuilder(detail);
        StringBuilder why = new StringBuilder();
        if (status > 0) {
            why.append("HTTP ").append(status);
        }
        if (code != null) {
            why.append(why.isEmpty() ? "" : " ").append(code);
        }
        if (msg != null) {
            why.append(why.isEmpty() ? "" : " ").append('"').append(msg).append('"');
        }
        if (url != null && url.getRawPath() != null) {
            // Host and port are in the words already; the path says which request (the query is left out).
            why.append(why.isEmpty() ? "" : "; ").append("GET ").append(url.getRawPath());
        }
        if (!why.isEmpty()) {
            b.append(" (").append(why).append(')');
        }
        return b.toString();
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, 0 when there was no HTTP answer. */
    public int status() {
        return status;
    }

    /** SAP's error code ({@code error.code}), or null. */
    public @Nullable String sapCode() {
        return sapCode;
    }

    /** SAP's error message ({@code error.message.value}), or null. */
    public @Nullable String sapMessage() {
        return sapMessage;
    }

    /** The request URL without user info or secret query parameters, or null. */
    public @Nullable URI url() {
        return url;
    }

    /** The server's {@code Retry-After}, or {@link Duration#ZERO} when it sent none. */
    @Override
    public Duration retryAfter() {
        return retryAfter == null ? Duration.ZERO : retryAfter;
    }

    /** Whether trying again later may succeed: 429, 502, 503, 504, dropped connections and timeouts. */
    public boolean isTransient() {
        return kind.transientByDefault
                || ((kind == Kind.HTTP_STATUS || kind == Kind.TOKEN) && (status == 429 || status == 502 || status == 503 || status == 504));
    }
}
