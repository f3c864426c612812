package braid.bench.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loopback server of the {@code braid fetch} benchmark: {@code --hosts} hosts (127.0.1.1, 127.0.1.2, …, each
 * loopback, all on one port) answering {@code /u/N}. With {@code --latency-max MS} each URL waits a seeded 0..MS ms;
 * with {@code --fail-percent P} that share of URLs answers its first request with 503 and {@code Retry-After: 1}.
 * Every host counts its requests in flight, so {@code /__stats} tells whether a client ever passed the per-host cap;
 * {@code /__plan} lists each URL's latency and whether it fails first (for the ideal schedule); {@code /__reset}
 * clears the counters. Prints {@code READY <port>} when it listens. Runs until killed.
 */
public final class HostsServer {
    private final int hosts;
    private final long[] latencyMs;
    private final boolean[] failsFirst;
    private final Map<Integer, Boolean> failedOnce = new ConcurrentHashMap<>();
    private final AtomicInteger[] inFlight;
    private final AtomicInteger[] maxInFlight;
    private final AtomicLong requests = new AtomicLong();

    private HostsServer(int hosts, int urls, long seed, int latencyMax, int failPercent) {
        this.hosts = hosts;
        this.latencyMs = new long[urls];
        this.failsFirst = new boolean[urls];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < urls; i++) {
            latencyMs[i] = latencyMax == 0 ? 0 : r.nextInt(latencyMax + 1);
            failsFirst[i] = r.nextInt(100) < failPercent;
        }
        inFlight = new AtomicInteger[hosts];
        maxInFlight = new AtomicInteger[hosts];
        for (int h = 0; h < hosts; h++) {
            inFlight[h] = new AtomicInteger();
            maxInFlight[h] = new AtomicInteger();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) a.put(args[i], args[i + 1]);
        int hosts = Integer.parseInt(a.getOrDefault("--hosts", "50"));
        int urls = Integer.parseInt(a.getOrDefault("--urls", "100000"));
        HostsServer s = new HostsServer(hosts, urls, Long.parseLong(a.getOrDefault("--seed", "7")),
                Integer.parseInt(a.getOrDefault("--latency-max", "0")), Integer.parseInt(a.getOrDefault("--fail-percent", "0")));
        int port = s.start();
        System.out.println("READY " + port);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private int start() throws IOException {
        for (int attempt = 0; ; attempt++) {
            List<HttpServer> started = new ArrayList<>();
            int port = 0;
            try {
                for (int h = 0; h < hosts; h++) {
                    HttpServer srv = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.1." + (h + 1)), port), 4096);
                    port = srv.getAddress().getPort();
                    int host = h;
                    srv.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                    srv.createContext("/", ex -> handle(ex, host));
                    srv.start();
                    started.add(srv);
                }
                return port;
            } catch (java.net.BindException e) {
                started.forEach(x -> x.stop(0)); // that port was taken on another address: try another
                if (attempt > 20) throw e;
            }
        }
    }

    private void handle(HttpExchange ex, int host) throws IOException {
        String path = ex.getRequestURI().getPath();
        try (ex) {
            if (path.equals("/__stats")) {
                StringBuilder b = new StringBuilder("{\"requests\":").append(requests.get()).append(",\"maxPerHost\":[");
                for (int h = 0; h < hosts; h++) b.append(h == 0 ? "" : ",").append(maxInFlight[h].get());
                send(ex, 200, "application/json", b.append("]}").toString(), null);
                return;
            }
            if (path.equals("/__reset")) {
                requests.set(0);
                failedOnce.clear();
                for (int h = 0; h < hosts; h++) maxInFlight[h].set(0);
                send(ex, 200, "text/plain", "reset", null);
                return;
            }
            if (path.equals("/__plan")) {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < latencyMs.length; i++) b.append(latencyMs[i]).append(failsFirst[i] ? " 1\n" : " 0\n");
                send(ex, 200, "text/plain", b.toString(), null);
                return;
            }
            requests.incrementAndGet();
            int now = inFlight[host].incrementAndGet();
            maxInFlight[host].accumulateAndGet(now, Math::max);
            try {
                int i = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                if (latencyMs[i] > 0) Thread.sleep(latencyMs[i]);
                if (failsFirst[i] && failedOnce.putIfAbsent(i, Boolean.TRUE) == null) {
                    send(ex, 503, "text/plain", "busy", "1");
                } else {
                    send(ex, 200, "text/plain", "ok " + i, null);
                }
            } catch (InterruptedException | RuntimeException e) {
                send(ex, 400, "text/plain", "bad", null);
            } finally {
                inFlight[host].decrementAndGet();
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, String body, String retryAfter) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        if (retryAfter != null) ex.getResponseHeaders().add("Retry-After", retryAfter);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }
}
