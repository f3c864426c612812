package braid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import braid.core.Engine;
import braid.core.Policy;
import braid.core.Retry;
import braid.core.RunFailedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reader leaves retrying to the engine; its typed failures drive the engine's retry policy. */
class EngineRetryTest {
    private static final byte[] FEED = LoopbackSite.resource("web-corpus/feeds/heise-developer.xml");
    private static final Policy RETRY_TRANSIENT = Policy.DEFAULT.withRetry(
            Retry.exponential(4, Duration.ofMillis(20)).retryOn(NewsFetchException::isTransientFailure));

    private final LoopbackSite site;
    private final NewsReader reader = NewsReader.builder().noWindow().build();
    private final Engine engine = Engine.builder().build();
    private final AtomicInteger calls = new AtomicInteger();

    EngineRetryTest() throws Exception {
        site = new LoopbackSite();
    }

    @AfterEach
    void close() {
        reader.close();
        site.close();
    }

    @Test
    void transientServerErrorsAreRetriedUntilTheFeedArrives() {
        site.route("/feed", ex -> {
            if (calls.incrementAndGet() <= 2) LoopbackSite.send(ex, 503, "text/plain", "busy".getBytes());
            else LoopbackSite.send(ex, 200, "application/atom+xml", FEED);
        });

        NewsResult r = engine.scope("news", scope -> scope.fork("read website", RETRY_TRANSIENT,
                ctx -> reader.read(site.uri("/feed"))).join());

        assertThat(r.items()).hasSize(15);
        assertThat(calls).hasValue(3);
    }

    @Test
    void permanentFailureIsNotRetried() {
        site.route("/feed", ex -> {
            calls.incrementAndGet();
            LoopbackSite.send(ex, 410, "text/plain", "gone".getBytes());
        });

        RunFailedException e = catchThrowableOfType(RunFailedException.class, () -> engine.scope("news",
                scope -> scope.fork("read website", RETRY_TRANSIENT, ctx -> reader.read(site.uri("/feed"))).join()));

        assertThat(calls).hasValue(1);
        assertThat(e).hasRootCauseInstanceOf(NewsFetchException.class);
    }

    @Test
    void retryAfterHeaderStretchesTheEnginesBackoff() {
        site.route("/feed", ex -> {
            if (calls.incrementAndGet() == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                LoopbackSite.send(ex, 429, "text/plain", "slow down".getBytes());
            } else {
                LoopbackSite.send(ex, 200, "application/atom+xml", FEED);
            }
        });
        long start = System.nanoTime();

        NewsResult r = engine.scope("news", scope -> scope.fork("read website", RETRY_TRANSIENT,
                ctx -> reader.read(site.uri("/feed"))).join());

        assertThat(r.items()).hasSize(15);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }
}
