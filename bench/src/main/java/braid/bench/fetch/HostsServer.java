package braid.bench.fetch;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The loopback server of the {@code braid fetch} benchmark: {@code --hosts} hosts (127.0.1.1, 127.0.1.2, …, each
 * loopback, all on one port) answering {@code /u/N}. With {@code --latency-max MS} each URL waits a seeded 0..MS ms;
 * with {@code --fail-percent P} that share of URLs answers its first request with 503 and {@code Retry-After: 1}.
 * Every host counts its requests in flight, so {@code /__stats} tells whether a client ever passed the per-host cap;
 * {@code /__plan} lists each URL's latency and whether it fails first (for the ideal schedule); {@code /__reset}
 * clears the counters. Prints {@code READY <port>} when it listens. Runs until killed.
 *
 * <p>One thread and one selector for every connection, HTTP/1.1 keep-alive, answers written whole: a real site
 * serves from a machine of its own, and on this benchmark's 2 cores the server shares the CPU with the client it
 * measures. The JDK's {@code HttpServer} with a virtual thread per exchange (until session 9) spent 0.08–0.13 ms of
 * CPU per request, more for braid's client than for aiohttp's (8–13 CPU-s of a 17–28 s run of 100,000 URLs); this
 * loop spends a fraction of that, and the same for every client. {@code /__stats} also counts the connections.
 */
public final class HostsServer {
    private final int hosts;
    private final long[] latencyMs;
    private final boolean[] failsFirst;
    private final boolean[] failedOnce;
    private final int[] inFlight;
    private final int[] maxInFlight;
    private long requests;
    private long connections;
    private final PriorityQueue<Pending> due = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));

    /** One connection: what it has read of the next request, and the answer it waits for. */
    private static final class Conn {
        final int host;
        final SocketChannel ch;
        final ByteBuffer in = ByteBuffer.allocate(8192);
        @Nullable ByteBuffer out; // an answer not written whole yet
        boolean waiting; // a delayed answer is pending: read nothing more
        boolean close; // Connection: close asked

        Conn(int host, SocketChannel ch) {
            this.host = host;
            this.ch = ch;
        }
    }

    private record Pending(long at, Conn conn, int url) {}

    private HostsServer(int hosts, int urls, long seed, int latencyMax, int failPercent) {
        this.hosts = hosts;
        this.latencyMs = new long[urls];
        this.failsFirst = new boolean[urls];
        this.failedOnce = new boolean[urls];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < urls; i++) {
            latencyMs[i] = latencyMax == 0 ? 0 : r.nextInt(latencyMax + 1);
            failsFirst[i] = r.nextInt(100) < failPercent;
        }
        inFlight = new int[hosts];
        maxInFlight = new int[hosts];
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        int hosts = Integer.parseInt(a.getOrDefault("--hosts", "50"));
        int urls = Integer.parseInt(a.getOrDefault("--urls", "100000"));
        HostsServer s = new HostsServer(hosts, urls, Long.parseLong(a.getOrDefault("--seed", "7")),
                Integer.parseInt(a.getOrDefault("--latency-max", "0")), Integer.parseInt(a.getOrDefault("--fail-percent", "0")));
        Selector selector = Selector.open();
        int port = s.listen(selector);
        System.out.println("READY " + port);
        System.out.flush();
        s.loop(selector);
    }

    private int listen(Selector selector) throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<ServerSocketChannel> started = new ArrayList<>();
            int port = 0;
            try {
                for (int h = 0; h < hosts; h++) {
                    ServerSocketChannel srv = ServerSocketChannel.open();
                    started.add(srv);
                    srv.bind(new InetSocketAddress(InetAddress.getByName("127.0.1." + (h + 1)), port), 4096);
                    port = ((InetSocketAddress) srv.getLocalAddress()).getPort();
                }
                for (int h = 0; h < hosts; h++) {
                    started.get(h).configureBlocking(false);
                    started.get(h).register(selector, SelectionKey.OP_ACCEPT, h);
                }
                return port;
            } catch (java.net.BindException e) {
                for (ServerSocketChannel c : started) c.close(); // that port was taken on another address: try another
                if (attempt > 20) throw e;
            }
        }
    }

    private void loop(Selector selector) throws IOException {
        while (true) {
            Pending next = due.peek();
            long now = System.nanoTime();
            if (next == null) selector.select();
            else if (next.at > now) selector.select(Math.max(1, (next.at - now + 999_999) / 1_000_000));
            else selector.selectNow();
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey k = it.next();
                it.remove();
                try {
                    if (!k.isValid()) continue;
                    if (k.isAcceptable()) {
                        SocketChannel ch;
                        while ((ch = ((ServerSocketChannel) k.channel()).accept()) != null) {
                            ch.configureBlocking(false);
                            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                            connections++;
                            ch.register(selector, SelectionKey.OP_READ, new Conn((Integer) k.attachment(), ch));
                        }
                        continue;
                    }
                    Conn c = (Conn) k.attachment();
                    if (k.isWritable()) {
                        flush(k, c);
                        if (k.isValid() && c.out == null) parse(k, c);
                    }
                    if (k.isValid() && k.isReadable()) read(k, c);
                } catch (IOException e) {
                    close(k);
                }
            }
            now = System.nanoTime();
            while ((next = due.peek()) != null && next.at <= now) {
                due.poll();
                SelectionKey k = next.conn.ch.keyFor(selector);
                if (k == null || !k.isValid()) {
                    inFlight[next.conn.host]--;
                    continue;
                }
                try {
                    next.conn.waiting = false;
                    answerUrl(k, next.conn, next.url);
                    if (k.isValid()) parse(k, next.conn); // a request that came meanwhile
                } catch (IOException e) {
                    close(k);
                }
            }
        }
    }

    private void read(SelectionKey k, Conn c) throws IOException {
        int n = c.ch.read(c.in);
        if (n < 0) {
            close(k);
            return;
        }
        if (!c.waiting && c.out == null) parse(k, c);
    }

    /** Answers every whole request in the buffer, until one must wait. */
    private void parse(SelectionKey k, Conn c) throws IOException {
        while (!c.waiting && c.out == null && k.isValid()) {
            int end = headEnd(c.in);
            if (end < 0) {
                if (!c.in.hasRemaining()) close(k); // a head over 8 KiB
                return;
            }
            String head = new String(c.in.array(), 0, end, StandardCharsets.ISO_8859_1);
            // what follows the head stays for the next request (the benchmark's requests have no body)
            int rest = c.in.position() - (end + 4);
            System.arraycopy(c.in.array(), end + 4, c.in.array(), 0, rest);
            c.in.position(rest);
            int sp1 = head.indexOf(' ');
            int sp2 = head.indexOf(' ', sp1 + 1);
            String target = sp1 < 0 || sp2 < 0 ? "/" : head.substring(sp1 + 1, sp2);
            c.close = head.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close");
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            switch (path) {
                case "/__stats" -> {
                    StringBuilder b = new StringBuilder("{\"requests\":").append(requests)
                            .append(",\"connections\":").append(connections - 1) // not this request's own
                            .append(",\"maxPerHost\":[");
                    for (int h = 0; h < hosts; h++) b.append(h == 0 ? "" : ",").append(maxInFlight[h]);
                    send(k, c, 200, "application/json", b.append("]}").toString(), false);
                }
                case "/__reset" -> {
                    requests = 0;
                    connections = 0;
                    java.util.Arrays.fill(failedOnce, false);
                    java.util.Arrays.fill(maxInFlight, 0);
                    send(k, c, 200, "text/plain", "reset", false);
                }
                case "/__plan" -> {
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < latencyMs.length; i++) b.append(latencyMs[i]).append(failsFirst[i] ? " 1\n" : " 0\n");
                    send(k, c, 200, "text/plain", b.toString(), false);
                }
                default -> {
                    requests++;
                    int now = ++inFlight[c.host];
                    if (now > maxInFlight[c.host]) maxInFlight[c.host] = now;
                    int i;
                    try {
                        i = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                        if (i < 0 || i >= latencyMs.length) throw new NumberFormatException();
                    } catch (RuntimeException e) {
                        inFlight[c.host]--;
                        send(k, c, 400, "text/plain", "bad", false);
                        continue;
                    }
                    if (latencyMs[i] > 0) {
                        c.waiting = true;
                        due.add(new Pending(System.nanoTime() + latencyMs[i] * 1_000_000, c, i));
                    } else {
                        answerUrl(k, c, i);
                    }
                }
            }
        }
    }

    private void answerUrl(SelectionKey k, Conn c, int i) throws IOException {
        inFlight[c.host]--;
        if (failsFirst[i] && !failedOnce[i]) {
            failedOnce[i] = true;
            send(k, c, 503, "text/plain", "busy", true);
        } else {
            send(k, c, 200, "text/plain", "ok " + i, false);
        }
    }

    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3, n = in.position(); i < n; i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') return i - 3;
        }
        return -1;
    }

    private static void send(SelectionKey k, Conn c, int status, String type, String body, boolean retryAfter) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + (status == 200 ? " OK" : status == 503 ? " Service Unavailable" : " Bad Request")
                + "\r\nContent-Type: " + type + "\r\nContent-Length: " + b.length + (retryAfter ? "\r\nRetry-After: 1" : "")
                + (c.close ? "\r\nConnection: close" : "") + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(h.length + b.length).put(h).put(b).flip();
        c.out = out;
        flush(k, c);
    }

    private static void flush(SelectionKey k, Conn c) throws IOException {
        if (c.out == null) return;
        c.ch.write(c.out);
        if (c.out.hasRemaining()) {
            k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return;
        }
        c.out = null;
        k.interestOps(SelectionKey.OP_READ);
        if (c.close) close(k);
    }

    private static void close(SelectionKey k) {
        k.cancel();
        try {
            k.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
