package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's bulk-work example, as written there (fetch and parse stand in for HTTP and jsoup), on the virtual clock. */
class ReadmeBulkExampleTest {
    record Page(URI uri) {}

    private final List<Page> parsed = Collections.synchronizedList(new ArrayList<>());
    private TaskContext current;

    private Page fetch(URI u) throws InterruptedException {
        current.sleep(Duration.ofMillis(100));
        return new Page(u);
    }

    private void parse(Page p) {
        parsed.add(p);
    }

    @Test
    void theReadmesBulkExampleFetchesEveryUrlWithinItsLimits() {
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) urls.add(URI.create("https://site" + (i % 20) + ".example/page/" + i));
        VirtualClock clock = Clock.virtual();
        // --- as in the README (plus the virtual clock) ---
        Engine engine = Engine.builder().clock(clock)
                .limit("global", 50)
                .keyedLimit("host", 5)
                .keyedRateLimit("host", 10, 5)
                .maxQueuedForks(200)
                .build();
        engine.scope("fetch", scope -> {
            List<Fork<Page>> forks = new ArrayList<>();
            for (URI u : urls)
                forks.add(scope.fork(u.toString(), Policy.DEFAULT.optional().withLimit("global", "host:" + u.getHost()),
                        ctx -> {
                            current = ctx;
                            return fetch(u);
                        }));
            scope.forEachCompleted(forks, f -> f.joinOptional().ifPresent(this::parse));
            return null;
        });
        // ---
        assertThat(parsed).hasSize(1_000);
        // 50 pages a host at 10 a second (burst 5): about 4.5 s; the 20 hosts side by side
        assertThat(clock.elapsed()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    }

    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();

    private Page get(URI u) throws InterruptedException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            return fetch(u);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    @Test
    void theReadmesLaneExampleReadsEveryPageEightAtATime() {
        List<URI> pageUrls = new ArrayList<>();
        for (int i = 0; i < 100; i++) pageUrls.add(URI.create("https://sap.example/A_BusinessPartner?$skip=" + i * 1000));
        Retry retry = Retry.exponential(3, Duration.ofSeconds(2));
        VirtualClock clock = Clock.virtual();
        Engine engine = Engine.builder().clock(clock).limit("sap", 8).build();
        // --- as in the README (plus the virtual clock; Queue and ConcurrentLinkedQueue spelt out) ---
        engine.scope("pages", scope -> {
            java.util.Queue<URI> todo = new java.util.concurrent.ConcurrentLinkedQueue<>(pageUrls);
            for (int lane = 1; lane <= 8; lane++)
                scope.fork("lane " + lane, ctx -> {
                    while (todo.poll() instanceof URI u)
                        parse(ctx.call(u.toString(), Policy.DEFAULT.withLimit("sap").withRetry(retry), c -> {
                            current = c;
                            return get(u);
                        }));
                    return null;
                });
            return null;
        });
        // ---
        assertThat(parsed).hasSize(100);
        assertThat(mostInFlight).hasValue(8);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1300)); // 100 pages of 100 ms, 8 at a time: 13 rounds
    }
}
