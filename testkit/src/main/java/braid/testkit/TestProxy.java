package braid.testkit;

import org.jspecify.annotations.Nullable;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test stand-in for a corporate HTTP forward proxy on 127.0.0.1 (a free port): it tunnels a
 * {@code CONNECT}, relays an absolute-form request (plain HTTP) without its {@code Proxy-*} headers, and
 * records every request head it received. A target it cannot connect to gets {@code 502 Bad Gateway}, as Squid and
 * nginx answer; a target {@link #deny denied} gets {@code 403 Forbidden}, as a proxy's rules answer. Made with
 * {@link #requiringBasic}, it demands
 * {@code Proxy-Authorization: Basic} with exactly those credentials and answers anything else with
 * 407 and {@code Proxy-Authenticate: Basic realm="test"}, as Squid does. Not for production use.
 *
 * <pre>{@code
 * try (TestProxy proxy = TestProxy.requiringBasic("braid", "s3cret")) {
 *     ... https_proxy = "http://braid:s3cret@" + proxy.hostPort() ...
 *     assertThat(proxy.connectTargets()).containsExactly("127.0.0.1:" + site.port());
 * }
 * }</pre>
 *
 * <p>Written by hand because the JDK has no proxy server and the managed test libraries bring none; each
 * request gets a connection of its own ({@code Connection: close} upstream), which keeps the relaying
 * trivial. Thread-safe: one virtual thread per connection, and the record may be read while it grows.
 */
public final class TestProxy implements AutoCloseable {
    /**
     * One request head as the proxy received it.
     *
     * @param requestLine        e.g. {@code CONNECT 127.0.0.1:8443 HTTP/1.1} or {@code GET http://host/p HTTP/1.1}
     * @param proxyAuthorization the {@code Proxy-Authorization} value, or null when the request had none
     * @param admitted           whether the proxy let it through (false: it answered 407)
     */
    public record Received(String requestLine, @Nullable String proxyAuthorization, boolean admitted) {
        /** Whether this was a {@code CONNECT} (a tunnel, as for every https URL). */
        public boolean isConnect() {
            return requestLine.startsWith("CONNECT ");
        }
    }

    /**
     * The host to give a loopback site that must be reached through this proxy. braid sends loopback hosts (localhost,
     * 127.0.0.0/8, ::1) direct whatever the proxy settings say, as the JDK and Go do: at a proxy, localhost is the
     * proxy's own machine. So a test names its site {@code site.test}, which no resolver of the client knows, and this
     * proxy, as a corporate proxy resolves names its clients cannot, reaches every name under {@code .test} (RFC 2606)
     * at 127.0.0.1. {@link TestCertificates#generate(java.nio.file.Path, String)} names it too.
     */
    public static final String REMOTE = "site.test";

    /** {@code url} with its host replaced by {@link #REMOTE}: {@code https://127.0.0.1:8443/x} → {@code https://site.test:8443/x}. */
    public static String remote(String url) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@") + REMOTE
                + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath())
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /** {@code uri} with its host replaced by {@link #REMOTE}. */
    public static URI remote(URI uri) {
        return URI.create(remote(uri.toString()));
    }

    /** Where this proxy connects for {@code host}: 127.0.0.1 for a name under {@code .test}, else the host itself. */
    private static String upstream(String host) {
        return host.toLowerCase(Locale.ROOT).endsWith(".test") ? "127.0.0.1" : host;
    }

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final @Nullable String expected; // null: no authentication required
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();

    private TestProxy(@Nullable String expected) throws IOException {
        this.expected = expected;
        Thread.ofVirtual().name("test-proxy-accept").start(this::accept);
    }

    /** A proxy that asks for no credentials. */
    public static TestProxy open() throws IOException {
        return new TestProxy(null);
    }

    /** A proxy that admits only requests carrying exactly these Basic credentials. */
    public static TestProxy requiringBasic(String user, String password) throws IOException {
        return new TestProxy(basic(user, password));
    }

    /** The {@code Proxy-Authorization} value for these credentials ({@code Basic} and base64 of UTF-8 {@code user:password}). */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as braid's failure messages name a proxy. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:port}, for {@code https_proxy} or a {@code proxy} key (add credentials yourself). */
    public URI uri() {
        return URI.create("http://" + hostPort());
    }

    /** A selector sending every request here. */
    public ProxySelector selector() {
        return ProxySelector.of(new InetSocketAddress("127.0.0.1", port()));
    }

    /** Every request head so far, oldest first (a snapshot). */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The request lines of {@link #received()}. */
    public List<String> requestLines() {
        return received.stream().map(Received::requestLine).toList();
    }

    /** The {@code host:port} of every CONNECT so far, admitted or not. */
    public List<String> connectTargets() {
        return received.stream().filter(Received::isConnect).map(r -> r.requestLine().split(" ")[1]).toList();
    }

    /** How many CONNECTs the proxy received, admitted or not. */
    public int connects() {
        return (int) received.stream().filter(Received::isConnect).count();
    }

    /** From now on, a {@code CONNECT} to {@code hostPort} is answered {@code 403 Forbidden}, as a proxy's rules do. */
    public void deny(String hostPort) {
        denied.add(hostPort);
    }

    /** Forgets what was received so far, for the next step of a test. */
    public void clear() {
        received.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofVirtual().start(() -> handle(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            String requestLine = line(in);
            if (requestLine == null || requestLine.isEmpty()) return;
            List<String> headers = new ArrayList<>();
            String proxyAuthorization = null;
            for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                if (name.equals("proxy-authorization")) proxyAuthorization = h.substring(colon + 1).strip();
                // Real proxies consume their own headers: the origin must never see the credentials.
                if (!name.startsWith("proxy-") && !name.equals("connection")) headers.add(h);
            }
            boolean admitted = expected == null || expected.equals(proxyAuthorization);
            received.add(new Received(requestLine, proxyAuthorization, admitted));
            OutputStream out = client.getOutputStream();
            if (!admitted) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            String[] parts = requestLine.split(" ");
            if (parts[0].equals("CONNECT")) {
                if (denied.contains(parts[1])) {
                    out.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                int colon = parts[1].lastIndexOf(':');
                Socket connected;
                try {
                    String host = parts[1].substring(0, colon);
                    if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
                    connected = new Socket(upstream(host), Integer.parseInt(parts[1].substring(colon + 1)));
                } catch (IOException e) {
                    out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: 20\r\nConnection: close\r\n\r\n"
                            + "cannot reach target\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    return;
                }
                try (Socket upstream = connected) {
                    open.add(upstream);
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    relay(in, client, upstream);
                }
                return;
            }
            URI target = URI.create(parts[1]);
            try (Socket upstream = new Socket(upstream(target.getHost()), target.getPort())) {
                open.add(upstream);
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
                head.writeBytes((parts[0] + " " + path + " " + parts[2] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                for (String h : headers) head.writeBytes((h + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                head.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                upstream.getOutputStream().write(head.toByteArray());
                relay(in, client, upstream);
            }
        } catch (IOException | RuntimeException e) {
            // the connection ended; what matters to a test was recorded above
        } finally {
            open.remove(client);
        }
    }

    private static void relay(InputStream fromClient, Socket client, Socket upstream) throws IOException {
        Thread up = Thread.ofVirtual().start(() -> {
            try {
                fromClient.transferTo(upstream.getOutputStream());
                upstream.shutdownOutput();
            } catch (IOException e) {
                // one side closed
            }
        });
        try {
            upstream.getInputStream().transferTo(client.getOutputStream());
        } catch (IOException e) {
            // one side closed
        }
        client.shutdownOutput();
        try {
            up.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static @Nullable String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') b.append((char) c);
        if (c == -1 && b.isEmpty()) return null;
        return b.toString().strip();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
