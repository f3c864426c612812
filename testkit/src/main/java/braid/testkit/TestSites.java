package braid.testkit;

import org.jspecify.annotations.Nullable;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * Test websites on loopback, one server per host (127.0.0.11, 127.0.0.12, …: every 127.x address is loopback), that
 * count who is in flight, at once per host and in all, and answer by path: {@code /ok?ms=N}, {@code /retry-after}
 * (429 with Retry-After: 1 on its first request, then 200), {@code /503}, {@code /loop} (redirects to itself),
 * {@code /ftp} (redirects to ftp:), {@code /bomb} (a gzip bomb), {@code /big} (2 MB), {@code /trickle} (a byte every
 * 200 ms, forever), {@code /page} (HTML with a heading and links), {@code /json}, {@code /robots.txt} (as set), and
 * pages set in {@link #pages} (HTML, after {@code ?ms=N} milliseconds).
 */
public final class TestSites implements AutoCloseable {
    public final List<HttpServer> servers = new ArrayList<>();
    public final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    public final Map<String, AtomicInteger> hostInFlight = new ConcurrentHashMap<>();
    public final Map<String, AtomicInteger> hostMax = new ConcurrentHashMap<>();
    public final Map<String, List<Long>> hits = new ConcurrentHashMap<>(); // host + path → nanoTime of each request
    public final Map<String, String> robots = new ConcurrentHashMap<>(); // host → robots.txt
    public final Map<String, String> pages = new ConcurrentHashMap<>(); // path → HTML, on every host
    public final AtomicInteger requests = new AtomicInteger();

    /** Starts {@code hosts} servers (at most 200). */
    public TestSites(int hosts) throws IOException {
        for (int i = 0; i < hosts; i++) {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0." + (11 + i)), 0), 200);
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.createContext("/", this::handle);
            s.start();
            servers.add(s);
        }
    }

    /** The URL of {@code pathAndQuery} on host number {@code host}. */
    public URI url(int host, String pathAndQuery) {
        HttpServer s = servers.get(host);
        return URI.create("http://" + s.getAddress().getAddress().getHostAddress() + ":" + s.getAddress().getPort() + pathAndQuery);
    }

    /** Host number {@code host}'s address, such as 127.0.0.11. */
    public String host(int host) {
        return servers.get(host).getAddress().getAddress().getHostAddress();
    }

    /** When each request for {@code path} reached host number {@code host} (System.nanoTime). */
    public List<Long> hits(int host, String path) {
        return hits.getOrDefault(host(host) + path, List.of());
    }

    private void handle(HttpExchange ex) throws IOException {
        String host = ex.getLocalAddress().getAddress().getHostAddress();
        String path = ex.getRequestURI().getPath();
        requests.incrementAndGet();
        hits.computeIfAbsent(host + path, k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        int h = hostInFlight.computeIfAbsent(host, k -> new AtomicInteger()).incrementAndGet();
        hostMax.computeIfAbsent(host, k -> new AtomicInteger()).accumulateAndGet(h, Math::max);
        try {
            answer(ex, host, path);
        } catch (IOException | InterruptedException e) {
            // the client went away
        } finally {
            inFlight.decrementAndGet();
            hostInFlight.get(host).decrementAndGet();
            ex.close();
        }
    }

    private void answer(HttpExchange ex, String host, String path) throws IOException, InterruptedException {
        String q = ex.getRequestURI().getQuery();
        String page = pages.get(path);
        if (page != null) {
            if (q != null && q.startsWith("ms=")) Thread.sleep(Long.parseLong(q.substring(3).split("&")[0]));
            send(ex, 200, "text/html; charset=utf-8", page);
            return;
        }
        switch (path) {
            case "/ok" -> {
                if (q != null && q.startsWith("ms=")) Thread.sleep(Long.parseLong(q.substring(3).split("&")[0]));
                send(ex, 200, "text/plain", "ok " + ex.getRequestURI());
            }
            case "/retry-after" -> {
                if (hits.getOrDefault(host + path, List.of()).size() == 1) {
                    ex.getResponseHeaders().add("Retry-After", "1");
                    send(ex, 429, "text/plain", "slow down");
                } else {
                    send(ex, 200, "text/plain", "ok after waiting");
                }
            }
            case "/503" -> send(ex, 503, "text/plain", "unavailable");
            case "/loop" -> redirect(ex, "/loop");
            case "/ftp" -> redirect(ex, "ftp://files.example/x");
            case "/moved" -> redirect(ex, "/page");
            case "/bomb" -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try (GZIPOutputStream z = new GZIPOutputStream(b)) {
                    z.write(new byte[50 << 20]);
                }
                ex.getResponseHeaders().add("Content-Encoding", "gzip");
                send(ex, 200, "text/plain", b.toByteArray());
            }
            case "/big" -> send(ex, 200, "application/octet-stream", new byte[2 << 20]);
            case "/trickle" -> {
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                for (int i = 0; i < 10_000; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(200);
                }
            }
            case "/page", "/a", "/b", "/c", "/d" -> send(ex, 200, "text/html; charset=utf-8", """
                    <html><head><title>t</title></head><body><h1>Page %s</h1>
                    <a href="/a">a</a> <a href="b#frag">b</a> <a href="http://%s:%d/c?x=1">c</a>
                    <a href="https://elsewhere.example/">off-site</a> <a href="mailto:x@y">mail</a>
                    <p class="price">12.50 €</p></body></html>""".formatted(path, host, ex.getLocalAddress().getPort()));
            case "/json" -> send(ex, 200, "application/json", "{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}");
            case "/robots.txt" -> {
                String r = robots.get(host);
                if (r == null) send(ex, 404, "text/plain", "none");
                else send(ex, 200, "text/plain", r);
            }
            default -> send(ex, 404, "text/plain", "no such page");
        }
    }

    private static void redirect(HttpExchange ex, String to) throws IOException {
        ex.getResponseHeaders().add("Location", to);
        ex.sendResponseHeaders(302, -1);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        servers.forEach(s -> s.stop(0));
    }
}
