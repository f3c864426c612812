package braid.sap;

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
 * A forward proxy on loopback that demands {@code Proxy-Authorization: Basic} credentials (407 with
 * {@code Proxy-Authenticate: Basic realm="test"} otherwise), then tunnels a CONNECT or relays an
 * absolute-form request, dropping the {@code Proxy-*} headers as real proxies do. It records every
 * request head it received. Written here because the JDK has no proxy server; each request gets a
 * connection of its own ({@code Connection: close}), which keeps the relaying trivial. A copy of the
 * web module's test proxy: the two test trees share nothing but the sandbox module, not this code's owner.
 */
final class AuthenticatingProxy implements AutoCloseable {
    /** One request head as the proxy received it, and whether it let it through. */
    record Received(String requestLine, String proxyAuthorization, boolean admitted) {}

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final String expected; // null: no authentication required
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** A proxy requiring exactly these credentials. */
    AuthenticatingProxy(String user, String password) throws IOException {
        this.expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as failure messages name it. */
    String hostPort() {
        return "127.0.0.1:" + port();
    }

    ProxySelector selector() {
        return ProxySelector.of(new InetSocketAddress("127.0.0.1", port()));
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
                int colon = parts[1].lastIndexOf(':');
                try (Socket upstream = new Socket(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)))) {
                    open.add(upstream);
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    relay(in, client, upstream);
                }
                return;
            }
            URI target = URI.create(parts[1]);
            try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
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
            // the connection ended
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

    private static String line(InputStream in) throws IOException {
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
