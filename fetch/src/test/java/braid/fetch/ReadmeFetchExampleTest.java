package braid.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import braid.testkit.TestSites;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's library snippet for braid fetch, as written there, against loopback sites. */
class ReadmeFetchExampleTest {

    @Test
    void theReadmeSnippetRuns() throws Exception {
        try (TestSites sites = new TestSites(3)) {
            List<URI> urls = IntStream.range(0, 30).mapToObj(i -> sites.url(i % 3, "/ok?ms=20&i=" + i)).toList();
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
            // --- as in the README (System.out → out) ---
            Fetcher fetcher = Fetcher.builder().concurrency(200).perHost(5).ratePerHost(2).retries(3).robots(true).build();
            try (Stream<FetchResult> results = fetcher.stream(urls.stream().map(FetchRequest::get).iterator())) {
                results.forEach(r -> out.println(r.status() + " " + r.request().url() + " " + r.ms() + " ms"));
            }   // leaving the block early cancels what is still in flight
            // ---
            List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(30).allSatisfy(l -> assertThat(l).startsWith("200 http://127.0.0."));
            // 2 a second per host (burst 2): 10 requests per host take about 4 s
            assertThat(sites.hostMax.values()).allSatisfy(m -> assertThat(m.get()).isLessThanOrEqualTo(5));
        }
    }
}
