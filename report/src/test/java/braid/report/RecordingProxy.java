package braid.report;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
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
 * A forward proxy on loopback: tunnels a CONNECT, relays an absolute-form request (plain HTTP)
 * without its {@code Proxy-*} headers, and records every request head. Given credentials, it
 * demands them as {@code Proxy-Authorization: Basic} and answers 407 with
 * {@code Proxy-Authenticate: Basic realm="test"} otherwise. Written here because the JDK has no
 * proxy server; each request gets a connection of its own ({@code Connection: close}).
 */
public final class RecordingProxy implements AutoCloseable {
    /** One request head as the proxy received it, and whether it let it through. */
    public record Received(String requestLine, String proxyAuthorization, boolean admitted) {}

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    public final List<String> requestLines = new CopyOnWriteArrayList<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final String expected; // null: no authentication required
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** A proxy that asks for no credentials. */
    public RecordingProxy() throws IOException {
        this(null, null);
    }

    /** A proxy that requires exactly these credentials (none when user is null). */
    public RecordingProxy(String user, String password) throws IOException {
        this.expected = user == null ? null : basic(user, password);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    open.add(client);
                    Thread.ofVirtual().start(() -> relay(client));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    private void relay(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            String first = line(in);
            if (first == null || first.isEmpty()) return;
            List<String> headers = new ArrayList<>();
            String authorization = null;
            for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
                int colon = h.indexOf(':');
                String name = colon < 0 ? h : h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                if (name.equals("proxy-authorization")) authorization = h.substring(colon + 1).strip();
                if (!name.startsWith("proxy-") && !name.equals("connection")) headers.add(h);
            }
            boolean admitted = expected == null || expected.equals(authorization);
            requestLines.add(first);
            received.add(new Received(first, authorization, admitted));
            OutputStream out = client.getOutputStream();
            if (!admitted) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return;
            }
            String[] parts = first.split(" ");
            if (parts[0].equals("CONNECT")) {
                int colon = parts[1].lastIndexOf(':');
                try (Socket upstream = new Socket(parts[1].substring(0, colon), Integer.parseInt(parts[1].substring(colon + 1)))) {
                    open.add(upstream);
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    pipe(in, client, upstream);
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
                pipe(in, client, upstream);
            }
        } catch (IOException | RuntimeException e) {
            // connection ended
        } finally {
            open.remove(client);
        }
    }

    private static void pipe(InputStream fromClient, Socket client, Socket upstream) throws IOException {
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

    /** The {@code Proxy-Authorization} value for these credentials. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
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

