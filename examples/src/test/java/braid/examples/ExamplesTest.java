package braid.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three example programs against 20 loopback servers that answer in 50–200 ms and count who is in flight. */
class ExamplesTest {
    static final int HOSTS = 20;
    final List<HttpServer> servers = new ArrayList<>();
    final List<AtomicInteger> inFlight = new ArrayList<>();
    final List<AtomicInteger> peak = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        for (int h = 0; h < HOSTS; h++) {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            AtomicInteger now = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            Random latency = new Random(h);
            int host = h;
            s.createContext("/", ex -> {
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
                try {
                    int ms;
                    synchronized (latency) {
                        ms = 50 + latency.nextInt(151);
                    }
                    if (ex.getRequestURI().getPath().contains("slow")) ms = 2_000;
                    Thread.sleep(ms);
                    String path = ex.getRequestURI().getPath();
                    int status = path.contains("missing") ? 404 : 200;
                    byte[] body = ("<html><head><title>host " + host + " " + path + "</title></head><body>ok</body></html>")
                            .getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(status, body.length);
                    ex.getResponseBody().write(body);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    now.decrementAndGet();
                    ex.close();
                }
            });
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            servers.add(s);
            inFlight.add(now);
            peak.add(max);
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    URI uri(int host, String path) {
        return URI.create("http://127.0.0.1:" + servers.get(host).getAddress().getPort() + path);
    }

    @Test
    void bulkCallsFetchAThousandUrlsWithinTheGlobalPerHostAndRateLimits() {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) urls.add(uri(i / 50 % HOSTS, "/item/" + i + (i % 100 == 7 ? "/missing" : "")));
        long t0 = System.nanoTime();
        List<BulkCalls.Result> results = BulkCalls.fetchAll(urls, 50, 5, 50);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(results).hasSize(1_000);
        assertThat(results.stream().filter(r -> r.status() == 200)).hasSize(990);
        assertThat(results.stream().filter(r -> r.status() == 404)).hasSize(10);
        // the servers counted: never more than 5 of one host at once
        assertThat(peak).allSatisfy(p -> assertThat(p.get()).isBetween(1, 5));
        // 1,000 × 125 ms on average over 20 hosts × 5 = 1.25 s at best; allow a slow machine
        assertThat(took).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void theScraperParsesPagesAsTheyArriveAndSkipsAFailedOne() {
        List<URI> urls = new ArrayList<>();
        urls.add(uri(0, "/slow"));
        for (int h = 0; h < HOSTS; h++) for (int p = 0; p < 5; p++) urls.add(uri(h, "/page/" + p));
        urls.add(URI.create("http://127.0.0.1:1/unreachable"));
        List<String> titles = Collections.synchronizedList(new ArrayList<>());
        List<Long> parsedAt = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        int failed = Scraper.scrape(urls, 2, page -> {
            titles.add(page.title());
            parsedAt.add((System.nanoTime() - t0) / 1_000_000);
        });
        assertThat(failed).isEqualTo(1);
        assertThat(titles).hasSize(101).allSatisfy(t -> assertThat(t).startsWith("host "));
        // parsed as they arrived: the slow page (forked first) came last, and every other page was parsed a good
        // second before it arrived instead of waiting for it
        assertThat(titles.getLast()).isEqualTo("host 0 /slow");
        assertThat(parsedAt.getLast() - parsedAt.get(99)).isGreaterThan(1_000);
        assertThat(peak).allSatisfy(p -> assertThat(p.get()).isLessThanOrEqualTo(2));
    }

    @Test
    void oneFailingChildAmong150CancelsTheRestAndLeavesNoThreadBehind() throws Exception {
        long t0 = System.nanoTime();
        var failure = FailFast.run(150, 75, Duration.ofSeconds(30));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(failure).isNotNull();
        assertThat(failure.getMessage()).contains("worker 75 cannot go on");
        assertThat(took).as("the 30 s waits were cancelled").isLessThan(Duration.ofSeconds(5));
        Thread.sleep(200);
        long left = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("braid:worker")).count();
        assertThat(left).isZero();
    }
}
