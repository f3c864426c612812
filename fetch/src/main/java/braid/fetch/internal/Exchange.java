package braid.fetch.internal;

import braid.core.Clock;
import braid.core.RetryAfter;
import braid.fetch.FetchRequest;
import braid.http.ContentDecoding;
import braid.http.Deadlines;
import braid.http.HostPort;
import braid.http.Http1Client;
import braid.http.HttpFailure;
import braid.http.IncompleteAnswerException;
import braid.http.LimitedBody;
import braid.http.ProxyAuthorization;
import braid.http.RetryAfterHeader;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One attempt of a request: the HTTP exchange with its redirects, within one deadline and one size limit. */
public final class Exchange {
    private Exchange() {}

    /** The answer of an attempt: the final status, headers and decoded body. */
    public record Answer(int status, URI finalUrl, HttpHeaders headers, byte[] body, @Nullable Duration retryAfter) {}

    /** An attempt that failed: its kind, its words, whether another attempt may help, and the server's Retry-After. */
    public static final class AttemptFailure extends Exception implements RetryAfter {
        private static final long serialVersionUID = 1L;
        private final HttpFailure.@Nullable Kind kind;
        private final boolean retryable;
        private final transient @Nullable Duration retryAfter;

        AttemptFailure(String words, HttpFailure.@Nullable Kind kind, boolean retryable, @Nullable Duration retryAfter,
                       @Nullable Throwable cause) {
            super(words, cause, false, false);
            this.kind = kind;
            this.retryable = retryable;
            this.retryAfter = retryAfter;
        }

        /** A transient status (429, 503, …) with attempts left: tried again after the backoff or the Retry-After. */
        public static AttemptFailure status(int status, URI url, @Nullable Duration retryAfter) {
            return new AttemptFailure(HttpFailure.status(status) + " from " + HostPort.shortUrl(url)
                    + (retryAfter != null ? " (Retry-After " + braid.core.Failures.duration(retryAfter) + ")" : ""),
                    null, true, retryAfter, null);
        }

        /** A failure that is not worth repeating (robots.txt says no, a redirect loop, a body too large). */
        public static AttemptFailure permanent(String words, HttpFailure.@Nullable Kind kind) {
            return new AttemptFailure(words, kind, false, null, null);
        }

        public HttpFailure.@Nullable Kind kind() {
            return kind;
        }

        public boolean retryable() {
            return retryable;
        }

        @Override
        public @Nullable Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * Sends {@code req}, follows up to {@code maxRedirects} redirects (303, and 301/302 after a POST, become a GET),
     * and reads the body (at most {@code maxBytes}, also after decoding), all within {@code timeout}.
     */
    public static Answer run(HttpClient client, @Nullable Http1Client plain, @Nullable ProxySelector proxy,
                             FetchRequest req, Map<String, String> common, String userAgent,
                             Duration timeout, long maxBytes, int maxRedirects, Clock clock)
            throws AttemptFailure, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI url = req.url();
        String method = req.method();
        String body = req.body();
        int hop = 0;
        long streamWait = 5_000_000L; // 5 ms, doubling: the wait for a free HTTP/2 stream
        while (true) {
            HttpRequest.Builder b = HttpRequest.newBuilder(url);
            // plain http: HTTP/1.1 (an h2c upgrade offer on each new connection is wasted on nearly every server);
            // https keeps the client's HTTP/2 by ALPN
            if ("http".equalsIgnoreCase(url.getScheme())) b.version(HttpClient.Version.HTTP_1_1);
            long left = deadline - System.nanoTime();
            if (left <= 0) throw timeout(url, timeout, null);
            b.timeout(Duration.ofNanos(left));
            b.header("User-Agent", userAgent);
            b.header("Accept-Encoding", ContentDecoding.ACCEPT);
            try {
                common.forEach(b::setHeader);
                req.headers().forEach(b::setHeader);
            } catch (IllegalArgumentException e) {
                throw AttemptFailure.permanent("a header cannot be sent: " + e.getMessage(), HttpFailure.Kind.OTHER);
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            int status;
            HttpHeaders headers;
            byte[] raw;
            try {
                HttpRequest request = b.build();
                byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
                if (plain != null && Http1Client.handles(url) && ProxyAuthorization.proxyFor(proxy, url) == null
                        && (bytes == null || bytes.length <= Http1Client.MAX_BODY)) {
                    // plain http without a proxy: braid's own HTTP/1.1 (a run spends half the CPU per request)
                    Http1Client.Response r = plain.send(method, url, request.headers().map(), bytes, maxBytes, deadline, timeout);
                    status = r.status();
                    headers = r.headers();
                    raw = r.body();
                } else {
                    HttpResponse<byte[]> resp = Deadlines.send(client, request, LimitedBody.handler(maxBytes),
                            Duration.ofNanos(deadline - System.nanoTime()), timeout);
                    status = resp.statusCode();
                    headers = resp.headers();
                    raw = resp.body();
                }
            } catch (IncompleteAnswerException e) {
                throw new AttemptFailure(e.words(), HttpFailure.Kind.TIMEOUT, true, null, e);
            } catch (java.io.IOException | RuntimeException c) {
                if (streamLimitReached(c)) {
                    // The server's HTTP/2 connection has no free stream (SETTINGS_MAX_CONCURRENT_STREAMS) and the JDK
                    // fails the request instead of queueing it: wait for one of the others to end, within the deadline.
                    long wait = Math.min(streamWait, deadline - System.nanoTime());
                    if (wait <= 0) throw timeout(url, timeout, c);
                    clock.sleep(Duration.ofNanos(wait));
                    streamWait = Math.min(streamWait * 2, 200_000_000L);
                    continue;
                }
                HttpFailure.Kind kind = HttpFailure.kind(c);
                boolean again = kind == HttpFailure.Kind.TIMEOUT || kind == HttpFailure.Kind.CLOSED
                        || kind == HttpFailure.Kind.REFUSED || kind == HttpFailure.Kind.OTHER && c instanceof java.io.IOException;
                throw new AttemptFailure(HttpFailure.describe(c, url, timeout, ProxyAuthorization.proxyFor(proxy, url)), kind, again, null, c);
            }
            String location = headers.firstValue("Location").orElse(null);
            if (isRedirect(status) && location != null) {
                if (hop >= maxRedirects) {
                    throw AttemptFailure.permanent("more than " + maxRedirects + " redirects (the last one from "
                            + HostPort.shortUrl(url) + ")", HttpFailure.Kind.OTHER);
                }
                URI next;
                try {
                    next = url.resolve(location.strip());
                } catch (IllegalArgumentException e) {
                    throw AttemptFailure.permanent("a redirect to something that is not a URL: '" + location + "'", HttpFailure.Kind.OTHER);
                }
                String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https") || next.getHost() == null) {
                    throw AttemptFailure.permanent("a redirect to '" + location + "', which cannot be fetched", HttpFailure.Kind.OTHER);
                }
                if (status == 303 || (status == 301 || status == 302) && method.equals("POST")) {
                    method = "GET";
                    body = null;
                }
                url = next;
                hop++;
                continue;
            }
            byte[] decoded;
            try {
                decoded = ContentDecoding.decode(raw, headers.firstValue("Content-Encoding").orElse(null), maxBytes);
            } catch (java.io.IOException e) {
                throw AttemptFailure.permanent(e.getMessage() + " (" + HostPort.shortUrl(url) + ")", HttpFailure.kind(e));
            }
            return new Answer(status, url, headers, decoded,
                    status == 429 || status == 503 ? RetryAfterHeader.of(headers, clock) : null);
        }
    }

    /** The JDK's "too many concurrent streams": an HTTP/2 connection at the server's stream limit. */
    static boolean streamLimitReached(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException && c.getMessage() != null && c.getMessage().contains("too many concurrent streams")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static AttemptFailure timeout(URI url, Duration timeout, @Nullable Throwable cause) {
        IncompleteAnswerException late = new IncompleteAnswerException(url, timeout);
        return new AttemptFailure(late.words(), HttpFailure.Kind.TIMEOUT, true, null, cause);
    }
}
