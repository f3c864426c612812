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
}
