package braid.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over TCP or TLS, directly or through an HTTP proxy, on blocking sockets, made for virtual threads: one write per request,
 * keep-alive connections pooled per host, bodies by {@code Content-Length}, chunked or up to the close, a size limit
 * and one deadline for the whole answer (TLS handshake included). {@code braid fetch} sends its plain-HTTP requests
 * through it and everything else ({@code https://} with HTTP/2 by ALPN, proxies) through the JDK's
 * {@link java.net.http.HttpClient}; {@code braid health} sends all its checks through it, {@code https://} too (a
 * check needs one answer and the certificate, not HTTP/2).
 *
 * <p>Why not the JDK client for these too: it is built for asynchronous use (a selector thread, a publisher and
 * subscriber per body, several tasks per exchange) and spends about 0.2 ms of CPU per request on loopback, more than
 * Python's aiohttp; for 100,000 small requests on 2 cores that is the whole budget. Well-kept alternatives (OkHttp,
 * Jetty's or Apache's clients, Netty) each bring a runtime of their own that braid does not otherwise need; what a
 * bulk fetcher needs of HTTP/1.1 over a blocking socket is small, and it is written here, with the same failures
 * ({@link HttpFailure}'s kinds and words), limits ({@link BodyTooLargeException}) and deadline
 * ({@link IncompleteAnswerException}) as the JDK path. What it does not do: HTTP/2, 101 upgrades, request bodies over
 * {@link #MAX_BODY}, response trailers (read and dropped), proxies other than HTTP ones.
 *
 * <p>Through a proxy ({@link #Http1Client(Duration, SSLContext, ProxySelector, ProxyAuthorization)}): an {@code https}
 * request goes through a {@code CONNECT} tunnel (TLS end to end with the target, its certificate checked as without a
 * proxy), a plain {@code http} one to the proxy in absolute form; the proxy's credentials go on the {@code CONNECT} or
 * with the plain request, preemptively as curl sends them, and never into a tunnel. A failure at the proxy is a
 * {@link ProxyFailureException} in words (unreachable, 407, refused by its rules, or could not reach the target).
 *
 * <p>TLS is the JDK's ({@link SSLSocket}, the same protocol code as its HTTP client's {@code SSLEngine}): the context
 * given, or the JDK's default; the host name checked against the certificate as HTTPS does (RFC 2818), SNI for
 * names, ALPN offering http/1.1 only. Measured against the JDK client for the health benchmark's 500 checks of 100
 * HTTPS hosts in a fresh JVM: the checks alone 1.5–1.65 against 2.3–2.4 CPU-s and 0.15–0.2 s sooner; the whole
 * {@code braid health} process 2.44–2.53 against 2.7–3.3 CPU-s (BENCHMARKS.md row 14) — the JDK client's
 * asynchronous machinery (a selector thread, SSLEngine tasks handed between threads) is code a short-lived process
 * runs cold.
 *
 * <p>Thread-safe; connections are taken from the pool by one request at a time. Idle connections older than
 * {@link #IDLE} are closed when met; a pooled connection the server had closed is replaced and the request sent
 * again once, when no byte of the answer was read.
 */
public final class Http1Client implements AutoCloseable {
    /** How long an idle connection is kept (servers close theirs after 5–75 s; most after more than this). */
    public static final Duration IDLE = Duration.ofSeconds(4);
    private static final int MAX_IDLE_PER_HOST = 64;
    private static final int MAX_HEAD = 64 * 1024;

    private final Duration connectTimeout;
    private final @Nullable SSLContext tls;
    private final @Nullable ProxySelector proxies;
    private final @Nullable ProxyAuthorization proxyAuthorization;
    private final ConcurrentHashMap<String, Pool> idle = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * The answer: status, headers as received, the body as sent (not decoded), and for {@code https://} the TLS
     * session it came on (the server's certificates), else null.
     */
    public record Response(int status, HttpHeaders headers, byte[] body, @Nullable SSLSession session) {}

    /**
     * Reads an answer's body as it arrives ({@link #send(String, URI, Map, byte[], long, long, Duration, BodyReader)}):
     * from the connection itself, within the request's deadline and size limit. The stream ends where the body ends
     * (Content-Length, chunked or the connection's end); it is only valid inside {@code read}.
     */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(int status, HttpHeaders headers, InputStream body) throws IOException;
    }

    /** A client for plain {@code http://}, and {@code https://} with the JDK's default TLS context. */
    public Http1Client(Duration connectTimeout) {
        this(connectTimeout, null);
    }

    /** A client whose {@code https://} requests use {@code tls} (its trust managers decide), or the JDK's default. */
    public Http1Client(Duration connectTimeout, @Nullable SSLContext tls) {
        this(connectTimeout, tls, null, null);
    }

    /**
     * A client whose requests go through the HTTP proxy {@code proxies} picks for each URL (directly where it picks
     * none), sending {@code proxyAuthorization} to the proxy when given.
     */
    public Http1Client(Duration connectTimeout, @Nullable SSLContext tls, @Nullable ProxySelector proxies,
                       @Nullable ProxyAuthorization proxyAuthorization) {
        this.connectTimeout = connectTimeout;
        this.tls = tls;
        this.proxies = proxies;
        this.proxyAuthorization = proxyAuthorization;
    }

    /** The largest request body sent here: a socket write has no timeout, so a bigger one goes to the JDK client. */
    public static final int MAX_BODY = 16 * 1024;

    /** Whether {@code url} is plain {@code http} with a host (what {@code braid fetch} sends here). */
    public static boolean handles(URI url) {
        return "http".equalsIgnoreCase(url.getScheme()) && url.getHost() != null;
    }

    private static boolean https(URI url) {
        return "https".equalsIgnoreCase(url.getScheme()) && url.getHost() != null;
    }

    /**
     * Sends one request and reads its answer whole, within {@code deadline} ({@link System#nanoTime()}).
     *
     * @param headers names and values, sent after Host and before Content-Length (neither may be among them)
     * @param timeout the time allowed as an {@link IncompleteAnswerException} names it
     * @throws BodyTooLargeException the body passed {@code maxBytes}
     * @throws IncompleteAnswerException no complete answer before the deadline
     * @throws IOException the connection failed (refused, reset, closed early, a malformed answer)
     */
    public Response send(String method, URI url, Map<String, List<String>> headers, byte @Nullable [] body, long maxBytes,
                         long deadline, Duration timeout) throws IOException, InterruptedException {
        return exchange(method, url, headers, body, maxBytes, deadline, timeout, (c, b) -> new Response(b.status,
                b.headers, b.readAll(), c.socket instanceof SSLSocket ssl ? ssl.getSession() : null));
    }

    /**
     * Sends one request and hands its answer's body to {@code reader} as it arrives, without holding it whole: a
     * reader that parses as it reads (a page of JSON) allocates nothing for the body. The connection goes back to
     * the pool if the body was read to its end (what is left of it, up to 64 KiB, is read and dropped after
     * {@code reader} returns); else it is closed. A 1xx answer is skipped as by {@link #send(String, URI, Map, byte[],
     * long, long, Duration) send}; the failures are the same, and what {@code reader} throws comes out as it is.
     */
    public <T> T send(String method, URI url, Map<String, List<String>> headers, byte @Nullable [] body, long maxBytes,
                      long deadline, Duration timeout, BodyReader<T> reader) throws IOException, InterruptedException {
        java.util.Objects.requireNonNull(reader, "reader");
        return exchange(method, url, headers, body, maxBytes, deadline, timeout, (c, b) -> {
            T r = reader.read(b.status, b.headers, b);
            b.drain();
            return r;
        });
    }

    /** What is made of an answer whose head was read: the whole body, or a reader's result. */
    private interface Handler<T> {
        T handle(Conn c, Conn.Body b) throws IOException;
    }

    private <T> T exchange(String method, URI url, Map<String, List<String>> headers, byte @Nullable [] body,
                           long maxBytes, long deadline, Duration timeout, Handler<T> handler)
            throws IOException, InterruptedException {
        boolean https = https(url);
        if (!https && !handles(url)) throw new IllegalArgumentException("not an http or https URL with a host: " + url);
        // A blocking write has no timeout: a server that reads nothing would hold a big body's write for ever. What
        // fits the socket buffers (far more than this) is written at once, whatever the server does.
        if (body != null && body.length > MAX_BODY) throw new IllegalArgumentException("a body over " + MAX_BODY + " bytes");
        String host = url.getHost();
        int defaultPort = https ? 443 : 80;
        int port = url.getPort() < 0 ? defaultPort : url.getPort();
        InetSocketAddress proxy = proxies == null ? null : ProxyAuthorization.proxyFor(proxies, url);
        String key = (proxy == null ? "" : HostPort.of(proxy) + " ") + (https ? "https://" : "http://") + host + ':' + port;
        // plain http through a proxy: the request in absolute form, the proxy's credentials with it
        byte[] request = request(method, url, host, port, defaultPort, headers, body, proxy != null && !https,
                proxy != null && !https ? proxyAuthorization : null);
        for (boolean again = true; ; again = false) {
            Conn c = pooled(key);
            boolean reused = c != null;
            if (c == null) c = proxy == null ? connect(url, host, port, https, deadline, timeout)
                    : viaProxy(proxy, url, host, port, https, deadline, timeout);
            boolean keep = false;
            try {
                c.out.write(request);
                Conn.Body b = c.read(method, url, maxBytes, deadline, timeout);
                if (proxy != null) proxysOwn(proxy, method, host, port, b.status, b.headers);
                T r = handler.handle(c, b);
                keep = b.keepAlive && b.done && c.pos == c.lim;
                return r;
            } catch (IOException e) {
                if (Thread.interrupted()) throw new InterruptedException("the request was cancelled");
                // a pooled connection the server had closed (reset, or the end before any byte): once more on a new one
                if (reused && again && !c.answerStarted && !(e instanceof SocketTimeoutException)) continue;
                throw e;
            } finally {
                if (keep) release(key, c);
                else c.close();
            }
        }
    }

    private static byte[] request(String method, URI url, String host, int port, int defaultPort,
                                  Map<String, List<String>> headers, byte @Nullable [] body, boolean absolute,
                                  @Nullable ProxyAuthorization proxyAuthorization) {
        StringBuilder b = new StringBuilder(256).append(method).append(' ');
        if (absolute) b.append("http://").append(authority(host, port, defaultPort));
        String path = url.getRawPath();
        b.append(path == null || path.isEmpty() ? "/" : path);
        if (url.getRawQuery() != null) b.append('?').append(url.getRawQuery());
        b.append(" HTTP/1.1\r\nHost: ").append(authority(host, port, defaultPort)).append("\r\n");
        if (proxyAuthorization != null) b.append("Proxy-Authorization: ").append(proxyAuthorization.headerValue()).append("\r\n");
        headers.forEach((n, values) -> {
            if (!token(n)) throw new IllegalArgumentException("invalid header name: \"" + n + "\"");
            for (String v : values) {
                for (int i = 0; i < v.length(); i++) {
                    char ch = v.charAt(i);
                    if (ch == '\r' || ch == '\n' || ch == 0 || ch > 0xff) throw new IllegalArgumentException("invalid header value for " + n);
                }
                b.append(n).append(": ").append(v).append("\r\n");
            }
        });
        if (body != null) b.append("Content-Length: ").append(body.length).append("\r\n");
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (body == null || body.length == 0) return head;
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** {@code host[:port]} as a Host header or a request target names it (an IPv6 literal in brackets). */
    private static String authority(String host, int port, int defaultPort) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port == defaultPort ? h : h + ':' + port;
    }

    private static boolean token(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) return false;
        }
        return true;
    }

    private @Nullable Conn pooled(String key) {
        Pool p = idle.get(key);
        if (p == null) return null;
        long now = System.nanoTime();
        for (Conn c; (c = p.take()) != null; ) {
            if (now - c.idleSince < IDLE.toNanos()) return c;
            c.close();
        }
        return null;
    }

    private void release(String key, Conn c) {
        c.idleSince = System.nanoTime();
        Conn extra = idle.computeIfAbsent(key, k -> new Pool()).put(c);
        if (extra != null) extra.close();
        if (closed) close();
    }

    /** A host's idle connections, the most recently used first; at most {@link #MAX_IDLE_PER_HOST}. */
    private static final class Pool {
        private final java.util.ArrayDeque<Conn> conns = new java.util.ArrayDeque<>();

        synchronized @Nullable Conn take() {
            return conns.pollFirst();
        }

        /** Keeps {@code c}; returns the oldest when there are too many. */
        synchronized @Nullable Conn put(Conn c) {
            conns.addFirst(c);
            return conns.size() > MAX_IDLE_PER_HOST ? conns.pollLast() : null;
        }
    }

    private Conn connect(URI url, String host, int port, boolean https, long deadline, Duration timeout)
            throws IOException {
        if (closed) throw new IOException("the HTTP client is closed");
        // every address of the name in turn while each refuses at once, as browsers do: one dead address among a
        // site's several (an old server left in its DNS) is not the site down
        InetAddress[] addresses = InetAddress.getAllByName(host);
        for (int i = 0; ; i++) {
            try {
                return connect(addresses[i], url, host, port, https, deadline, timeout);
            } catch (java.net.ConnectException | java.net.NoRouteToHostException e) {
                if (i == addresses.length - 1 || System.nanoTime() >= deadline) throw e;
            }
        }
    }

    private Conn connect(InetAddress address, URI url, String host, int port, boolean https, long deadline,
                         Duration timeout) throws IOException {
        int left = millisLeft(deadline, url, timeout);
        int wait = (int) Math.max(1, Math.min(left, connectTimeout.toMillis()));
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address, port), wait);
            if (https) return new Conn(handshake(s, url, host, port, deadline, timeout));
            return new Conn(s);
        } catch (SocketTimeoutException e) {
            s.close();
            if (wait >= left) throw new IncompleteAnswerException(url, timeout);
            HttpConnectTimeoutException x = new HttpConnectTimeoutException("HTTP connect timed out");
            x.initCause(e);
            throw x;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A connection to the target through {@code proxy}: to the proxy itself for plain http, a {@code CONNECT} tunnel
     * with TLS to the target inside it for https. The target's name is resolved by the proxy, not here.
     */
    private Conn viaProxy(InetSocketAddress proxy, URI url, String host, int port, boolean https, long deadline,
                          Duration timeout) throws IOException {
        if (closed) throw new IOException("the HTTP client is closed");
        String at = "the proxy " + HostPort.of(proxy);
        InetAddress address;
        try {
            address = InetAddress.getByName(proxy.getHostString());
        } catch (java.net.UnknownHostException e) {
            throw new ProxyFailureException(ProxyFailureException.Kind.UNREACHABLE, proxy, 0,
                    "cannot reach " + at + ": its host name " + proxy.getHostString() + " does not resolve", e);
        }
        int left = millisLeft(deadline, url, timeout);
        int wait = (int) Math.max(1, Math.min(left, connectTimeout.toMillis()));
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            try {
                s.connect(new InetSocketAddress(address, proxy.getPort()), wait);
            } catch (IOException e) {
                throw new ProxyFailureException(ProxyFailureException.Kind.UNREACHABLE, proxy, 0, "cannot reach " + at + ": "
                        + braid.core.Failures.network(e, proxy.getHostString(), proxy.getPort(), Duration.ofMillis(wait)), e);
            }
            if (!https) return new Conn(s);
            String target = authority(host, port, -1);
            StringBuilder connect = new StringBuilder(160).append("CONNECT ").append(target).append(" HTTP/1.1\r\nHost: ")
                    .append(target).append("\r\n");
            if (proxyAuthorization != null) connect.append("Proxy-Authorization: ").append(proxyAuthorization.headerValue()).append("\r\n");
            Conn tunnel = new Conn(s);
            tunnel.out.write(connect.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            Conn.Body answer;
            try {
                answer = tunnel.read("CONNECT", url, MAX_HEAD, deadline, timeout);
            } catch (IncompleteAnswerException e) {
                throw e;
            } catch (IOException e) {
                throw new ProxyFailureException(ProxyFailureException.Kind.UNREACHABLE, proxy, 0, at
                        + " gave no usable answer to CONNECT " + target + ": " + braid.core.Failures.inWords(e), e);
            }
            int status = answer.status;
            if (status < 200 || status > 299) failed(proxy, "CONNECT", target, status, answer.headers);
            // nothing may follow the proxy's answer before the server's first TLS record, which the server sends only
            // after our ClientHello
            if (tunnel.pos != tunnel.lim) {
                throw new ProxyFailureException(ProxyFailureException.Kind.REFUSED, proxy, status, at
                        + " sent data after its answer to CONNECT " + target + ", before the TLS handshake", null);
            }
            return new Conn(handshake(s, url, host, port, deadline, timeout));
        } catch (SocketTimeoutException e) {
            s.close();
            throw late(url, timeout, e);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * A plain request's answer that is the proxy's own rather than the target's: a 407, or an error Squid made (it
     * marks those with {@code X-Squid-Error}; a 502 without it may be the site's own gateway, relayed).
     */
    private void proxysOwn(InetSocketAddress proxy, String method, String host, int port, int status, HttpHeaders headers)
            throws ProxyFailureException {
        if (status == 407 || status >= 400 && headers.firstValue("X-Squid-Error").isPresent()) {
            failed(proxy, method, authority(host, port, -1), status, headers);
        }
    }

    /**
     * The failure of a proxy's error answer: 407 its credentials; another 4xx its refusal (its rules); a 5xx that it
     * could not reach the target (a name that does not resolve, a refused or timed-out connection: Squid answers 500,
     * 502, 503 or 504 for these).
     */
    private void failed(InetSocketAddress proxy, String method, String target, int status, HttpHeaders headers)
            throws ProxyFailureException {
        if (status == 407) throw rejected(proxy, headers);
        String said = "it answered " + method + " with " + HttpFailure.status(status)
                + headers.firstValue("X-Squid-Error").map(e -> "; Squid: " + e).orElse("");
        String at = "the proxy " + HostPort.of(proxy);
        if (status >= 500) {
            throw new ProxyFailureException(ProxyFailureException.Kind.TARGET_UNREACHABLE, proxy, status, at + " could not reach "
                    + target + " (" + said + ")", null);
        }
        throw new ProxyFailureException(ProxyFailureException.Kind.REFUSED, proxy, status, at + " refused "
                + (method.equals("CONNECT") ? "a tunnel to " : "a request to ") + target + " (" + said + ")", null);
    }

    /** The failure of a 407: why, in the words every proxied client of braid uses. */
    private ProxyFailureException rejected(InetSocketAddress proxy, HttpHeaders headers) {
        // as not a tunnel: this client sends Basic on a CONNECT whatever the JDK's tunnelling property says
        return new ProxyFailureException(ProxyFailureException.Kind.AUTHENTICATION, proxy, 407,
                ProxyAuthorization.describeRejection(proxy, proxyAuthorization == null ? null : proxyAuthorization.user(), false,
                        headers.allValues("Proxy-Authenticate")), null);
    }

    /** TLS over the connected {@code s}, the handshake done by the deadline. */
    private SSLSocket handshake(Socket s, URI url, String host, int port, long deadline, Duration timeout)
            throws IOException {
        SSLContext context;
        try {
            context = tls != null ? tls : SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new SSLException("no TLS context: " + e.getMessage(), e);
        }
        // the name as the certificate must show it (an IPv6 literal without its brackets); a name also goes as SNI
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(s, name, port, true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setApplicationProtocols(new String[]{"http/1.1"});
        ssl.setSSLParameters(p);
        ssl.setSoTimeout(millisLeft(deadline, url, timeout));
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            throw late(url, timeout, e);
        }
        return ssl;
    }

    /** What is left of {@code deadline} in milliseconds, or the failure of a deadline passed. */
    private static int millisLeft(long deadline, URI url, Duration timeout) throws IncompleteAnswerException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) throw new IncompleteAnswerException(url, timeout);
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    /** The failure of a deadline that a socket's timeout (set to what was left of it) ran into. */
    private static IncompleteAnswerException late(URI url, Duration timeout, SocketTimeoutException cause) {
        IncompleteAnswerException x = new IncompleteAnswerException(url, timeout);
        x.initCause(cause);
        return x;
    }

    /** Closes the connections that are idle now; the client stays usable (it opens new ones as needed). */
    public void closeIdle() {
        for (Pool p : idle.values()) {
            for (Conn c; (c = p.take()) != null; ) c.close();
        }
    }

    /** Closes the idle connections; requests in flight finish, and their connections are closed after them. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    /** One connection and its read buffer. */
    private static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        byte[] buf = new byte[16 * 1024]; // grows for a head line longer than it (up to the head's limit)
        int pos;
        int lim;
        long idleSince;
        boolean answerStarted;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        /** Reads more into the buffer (after what is unread); false at the end of the stream. */
        private boolean fill(URI url, long deadline, Duration timeout) throws IOException {
            if (pos > 0 && pos == lim) {
                pos = 0;
                lim = 0;
            }
            if (lim == buf.length) {
                if (pos == 0) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2); // one line fills the buffer
                } else {
                    System.arraycopy(buf, pos, buf, 0, lim - pos);
                    lim -= pos;
                    pos = 0;
                }
            }
            int n = timedRead(buf, lim, buf.length - lim, url, deadline, timeout);
            if (n < 0) return false;
            lim += n;
            answerStarted = true;
            return true;
        }

        /** One read from the socket that ends by the deadline (the socket's timeout is what is left of it). */
        private int timedRead(byte[] b, int off, int len, URI url, long deadline, Duration timeout) throws IOException {
            socket.setSoTimeout(millisLeft(deadline, url, timeout));
            try {
                return in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw late(url, timeout, e);
            }
        }

        /** One line of the head, without its CRLF (a bare LF is taken too). */
        private String line(URI url, long deadline, Duration timeout, int[] headBytes) throws IOException {
            while (true) {
                for (int i = pos; i < lim; i++) {
                    if (buf[i] == '\n') {
                        int end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String s = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
                        headBytes[0] += i + 1 - pos;
                        pos = i + 1;
                        if (headBytes[0] > MAX_HEAD) throw new IOException("malformed answer: a head over 64 KiB");
                        return s;
                    }
                }
                if (lim - pos + headBytes[0] > MAX_HEAD) throw new IOException("malformed answer: a head over 64 KiB");
                if (!fill(url, deadline, timeout)) {
                    throw new EOFException(answerStarted ? "the connection was closed in the middle of the answer's head"
                            : "the connection was closed before an answer came");
                }
            }
        }

        Body read(String method, URI url, long maxBytes, long deadline, Duration timeout) throws IOException {
            answerStarted = pos < lim;
            while (true) {
                int[] headBytes = {0};
                String status = line(url, deadline, timeout, headBytes);
                if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
                    throw new IOException("malformed answer: not HTTP/1.x: '" + shorten(status) + "'");
                }
                int code;
                try {
                    code = Integer.parseInt(status, 9, 12, 10);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed answer: status line '" + shorten(status) + "'");
                }
                boolean http10 = status.charAt(7) == '0';
                TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                List<String> last = null;
                for (String l; !(l = line(url, deadline, timeout, headBytes)).isEmpty(); ) {
                    if ((l.charAt(0) == ' ' || l.charAt(0) == '\t') && last != null) {
                        // obs-fold (RFC 9112, 5.2): a line that continues the header before it
                        last.set(last.size() - 1, last.getLast() + " " + l.strip());
                        continue;
                    }
                    int colon = l.indexOf(':');
                    if (colon <= 0) throw new IOException("malformed answer: header line '" + shorten(l) + "'");
                    last = h.computeIfAbsent(l.substring(0, colon).strip(), k -> new ArrayList<>(1));
                    last.add(l.substring(colon + 1).strip());
                }
                if (code >= 100 && code < 200) {
                    if (code == 101) throw new IOException("the server switched protocols (HTTP 101), which is not supported");
                    continue; // 100 Continue, 103 Early Hints: the answer follows
                }
                HttpHeaders headers = HttpHeaders.of(h, (a, b) -> true);
                String connection = String.join(",", h.getOrDefault("Connection", List.of())).toLowerCase(Locale.ROOT);
                boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
                List<String> te = h.get("Transfer-Encoding");
                List<String> cl = h.get("Content-Length");
                if (method.equals("HEAD") || code == 204 || code == 304) {
                    return new Body(code, headers, keepAlive, Body.FIXED, 0, maxBytes, url, deadline, timeout);
                } else if (te != null && !codings(te).equals(List.of("identity"))) {
                    // chunked is the only transfer coding taken (as by the JDK client); any other would hand over
                    // bytes that are not the body, so it is refused in words instead
                    if (!codings(te).equals(List.of("chunked"))) {
                        throw new IOException("malformed answer: Transfer-Encoding '" + shorten(String.join(", ", te))
                                + "' (only chunked is supported)");
                    }
                    return new Body(code, headers, keepAlive, Body.CHUNKED, 0, maxBytes, url, deadline, timeout);
                } else if (cl != null) {
                    if (cl.stream().distinct().count() > 1) {
                        // two lengths: which one frames the body is a guess (request smuggling's raw material)
                        throw new IOException("malformed answer: Content-Length given twice, '" + shorten(cl.get(0))
                                + "' and '" + shorten(cl.get(1)) + "'");
                    }
                    long n;
                    try {
                        n = Long.parseLong(cl.getFirst());
                    } catch (NumberFormatException e) {
                        throw new IOException("malformed answer: Content-Length '" + shorten(cl.getFirst()) + "'");
                    }
                    if (n < 0) throw new IOException("malformed answer: Content-Length " + n);
                    if (n > Math.min(maxBytes, Integer.MAX_VALUE - 16)) {
                        throw new BodyTooLargeException("Content-Length " + n + " exceeds the limit of " + maxBytes + " bytes", maxBytes);
                    }
                    return new Body(code, headers, keepAlive, Body.FIXED, n, maxBytes, url, deadline, timeout);
                } else {
                    return new Body(code, headers, false, Body.TO_END, 0, maxBytes, url, deadline, timeout);
                }
            }
        }

        /**
         * An answer's body as it arrives on this connection: framed by Content-Length, chunked or the connection's
         * end, held to the request's deadline and size limit. {@link #done} once its last byte (or chunk) was read.
         */
        final class Body extends InputStream {
            static final int FIXED = 0;
            static final int CHUNKED = 1;
            static final int TO_END = 2;

            final int status;
            final HttpHeaders headers;
            final boolean keepAlive;
            private final int mode;
            private final long length; // FIXED: the Content-Length
            private final long maxBytes;
            private final URI url;
            private final long deadline;
            private final Duration timeout;
            private long left; // FIXED: bytes to come; CHUNKED: of the current chunk
            private long count;
            private boolean chunkOpen; // CHUNKED: a chunk was begun, so its CRLF comes before the next size line
            boolean done;

            Body(int status, HttpHeaders headers, boolean keepAlive, int mode, long length, long maxBytes, URI url,
                 long deadline, Duration timeout) {
                this.status = status;
                this.headers = headers;
                this.keepAlive = keepAlive;
                this.mode = mode;
                this.length = length;
                this.maxBytes = maxBytes;
                this.url = url;
                this.deadline = deadline;
                this.timeout = timeout;
                this.left = length;
                this.done = mode == FIXED && length == 0;
            }

            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) return 0;
                if (done) return -1;
                if (mode == CHUNKED && left == 0 && !nextChunk()) return -1;
                int want = mode == TO_END ? len : (int) Math.min(len, left);
                int n;
                if (pos < lim) {
                    n = Math.min(want, lim - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                } else {
                    // nothing buffered: straight from the socket into the caller's array
                    n = timedRead(b, off, want, url, deadline, timeout);
                    if (n < 0) {
                        if (mode == TO_END) {
                            done = true;
                            return -1;
                        }
                        throw new EOFException(mode == FIXED
                                ? "the connection was closed after " + (length - left) + " of " + length + " bytes of the body"
                                : "the connection was closed in the middle of a chunk of the body");
                    }
                }
                count += n;
                if (mode == TO_END && count > maxBytes) {
                    throw new BodyTooLargeException("body exceeds the limit of " + maxBytes + " bytes", maxBytes);
                }
                if (mode != TO_END) {
                    left -= n;
                    if (mode == FIXED && left == 0) done = true;
                }
                return n;
            }

            /** Reads the next chunk's size line (after the CRLF of the one before); false after the last chunk. */
            private boolean nextChunk() throws IOException {
                int[] lineBytes = {0};
                if (chunkOpen && !line(url, deadline, timeout, lineBytes).isEmpty()) {
                    throw new IOException("malformed answer: no CRLF after a chunk");
                }
                lineBytes[0] = 0;
                String size = line(url, deadline, timeout, lineBytes);
                int semi = size.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed answer: chunk size '" + shorten(size) + "'");
                }
                if (n < 0) throw new IOException("malformed answer: chunk size '" + shorten(size) + "'");
                if (n == 0) {
                    while (!line(url, deadline, timeout, lineBytes).isEmpty()) {
                        // trailers: dropped
                    }
                    done = true;
                    return false;
                }
                if (count + n > maxBytes) throw new BodyTooLargeException("body exceeds the limit of " + maxBytes + " bytes", maxBytes);
                left = n;
                chunkOpen = true;
                return true;
            }

            /** The whole body: an array of the announced length, or gathered to the end. */
            byte[] readAll() throws IOException {
                if (mode == FIXED) {
                    byte[] all = new byte[(int) length];
                    int have = 0;
                    while (have < all.length) {
                        int r = read(all, have, all.length - have);
                        if (r < 0) break; // not reached: read throws at an early end
                        have += r;
                    }
                    return all;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] chunk = new byte[16 * 1024];
                for (int r; (r = read(chunk, 0, chunk.length)) >= 0; ) out.write(chunk, 0, r);
                return out.toByteArray();
            }

            /**
             * After a reader: reads what little is left (at most 64 KiB) so that the connection can be used again; a
             * failure here only means it is not (the reader's result stands).
             */
            void drain() {
                byte[] skip = new byte[8 * 1024];
                try {
                    for (long budget = 64 * 1024; !done && budget > 0 && mode != TO_END; ) {
                        int r = read(skip, 0, skip.length);
                        if (r < 0) break;
                        budget -= r;
                    }
                } catch (IOException e) {
                    done = false;
                }
            }
        }

        /** The transfer codings named, lower case, in order. */
        private static List<String> codings(List<String> te) {
            List<String> out = new ArrayList<>();
            for (String v : te) {
                for (String c : v.split(",")) {
                    if (!c.isBlank()) out.add(c.strip().toLowerCase(Locale.ROOT));
                }
            }
            return out;
        }

        private static String shorten(String s) {
            return s.length() > 60 ? s.substring(0, 60) + "…" : s;
        }
    }
}
