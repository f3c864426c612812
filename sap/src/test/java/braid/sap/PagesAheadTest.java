package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sandbox.SapStandIn;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code SapSettings.pagesAhead}: windows requested beside the first page, before its {@code __count} is known. */
class PagesAheadTest {

    @Test
    void pagesAheadGoOutBeforeTheFirstPageIsAnsweredAndAreNotAskedForAgain() throws Exception {
        // The first page is held back until three other requests have arrived: only pages read ahead can be those.
        try (Partners sap = new Partners(250, 250, 3)) {
            ClientList list = Fetch.run(settings(sap.root()).pageSize(50).concurrency(4).pagesAhead(3).build());

            assertThat(sap.othersBeforeFirstAnswer.get()).as("pages ahead requested while the first was pending").isTrue();
            assertThat(list.fetched()).isEqualTo(250);
            assertThat(list.clients()).extracting(SapClient::id).containsExactlyElementsOf(ids(1, 250));
            // 0 (first), 50, 100, 150 (ahead), 200 (after them), 250 (the probe beyond __count): each once
            assertThat(sap.skips).containsExactlyInAnyOrder("0", "50", "100", "150", "200", "250");
        }
    }

    @Test
    void withoutPagesAheadTheOtherWindowsWaitForTheFirstPage() throws Exception {
        // The same server with the default (no pages ahead): nothing else comes while the first page is pending.
        try (Partners sap = new Partners(250, 250, 1)) {
            sap.holdFirstFor = Duration.ofMillis(300);
            ClientList list = Fetch.run(settings(sap.root()).pageSize(50).concurrency(4).build());

            assertThat(sap.othersBeforeFirstAnswer.get()).isFalse();
            assertThat(list.clients()).extracting(SapClient::id).containsExactlyElementsOf(ids(1, 250));
            assertThat(sap.skips).containsExactlyInAnyOrder("0", "50", "100", "150", "200", "250");
        }
    }

    @Test
    void aServerCapBelowThePageSizeIsFilledAroundThePagesAhead() throws Exception {
        // SAP caps pages at 30 although 100 are asked: a window read ahead follows __next to its 100, the windows of
        // 30 before it stop at its start, so no partner is read twice or missed.
        try (SapStandIn sap = SapStandIn.builder().generate(450, 11).pageSize(30).start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).pageSize(100).concurrency(3).pagesAhead(2).build());

            assertThat(list.fetched()).isEqualTo(450);
            assertThat(list.clients()).extracting(SapClient::id).isSorted().doesNotHaveDuplicates();
            // the first request of each window ($skip+$top; the rest of a window comes along __next, with $skiptoken)
            List<String> firstOfWindows = sap.requests().stream().filter(r -> query(r.uri(), "$skiptoken") == null)
                    .map(r -> query(r.uri(), "$skip") + "+" + query(r.uri(), "$top")).toList();
            // [0,30) first; ahead [100,200) and [200,300); 30+30, 60+30, 90+10 before them; 300+30 … 420+30 after
            assertThat(firstOfWindows).contains("100+100", "200+100", "30+30", "60+30", "90+10", "300+30", "420+30",
                    "450+1").doesNotHaveDuplicates();
        }
    }

    @Test
    void pagesAheadBeyondASmallListComeBackEmptyAndChangeNothing() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(20, 5).start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).pageSize(50).pagesAhead(3).build());

            assertThat(list.fetched()).isEqualTo(20);
            assertThat(sap.requests()).extracting(r -> query(r.uri(), "$skip"))
                    .containsExactlyInAnyOrder("0", "50", "100", "150");
        }
    }

    @Test
    void partnersInAPageAheadBeyondTheCountFailTheFetchAsInconsistent() throws Exception {
        // SAP says 40 but has 120: the first page (50 asked) holds 50, the pages ahead at 50 and 100 are not empty.
        try (Partners sap = new Partners(120, 40, 1)) {
            assertThatThrownBy(() -> Fetch.run(settings(sap.root()).pageSize(50).concurrency(3).pagesAhead(2).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SapException.Kind.INCONSISTENT);
                        assertThat(e.getMessage()).contains("__count 40", "beyond it");
                    });
        }
    }

    @Test
    void withoutACountThePagesAheadAreSetAsideAndThePagesWalkedOneAfterAnother() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(250, 3).ignoreInlineCount().start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).pageSize(100).pagesAhead(2).build());

            assertThat(list.fetched()).isEqualTo(250);
            assertThat(list.clients()).extracting(SapClient::id).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void pagesAheadMustBeLessThanTheMostPages() {
        URI root = URI.create("http://127.0.0.1:1/sap/opu/odata/sap/API_BUSINESS_PARTNER");
        assertThatThrownBy(() -> SapSettings.builder(root).maxPages(5).pagesAhead(5).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pagesAhead");
        assertThatThrownBy(() -> SapSettings.builder(root).pagesAhead(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pagesAhead");
        assertThat(SapSettings.builder(root).pagesAhead(7).build().toBuilder().build().pagesAhead()).isEqualTo(7);
    }

    private static SapSettings.Builder settings(URI root) {
        return SapSettings.builder(root).pageTimeout(Duration.ofSeconds(20)).retries(0);
    }

    private static List<String> ids(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
    }

    private static String query(URI uri, String name) {
        return BusinessPartnerClientTest.query(uri, name);
    }

    /**
     * Partners 1…{@code n} by {@code $skip}/{@code $top}, with {@code __count} = {@code count} when asked; answers
     * at once (a virtual thread per request). The first page ({@code $skip=0}) waits until {@code othersFirst} other
     * requests have come, or {@link #holdFirstFor} has passed.
     */
    private static final class Partners implements AutoCloseable {
        final HttpServer http;
        final List<String> skips = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicBoolean othersBeforeFirstAnswer = new AtomicBoolean();
        volatile Duration holdFirstFor = Duration.ofSeconds(5);

        Partners(int n, int count, int othersFirst) throws IOException {
            CountDownLatch others = new CountDownLatch(othersFirst);
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.createContext("/", ex -> {
                Map<String, String> q = new HashMap<>();
                for (String kv : String.valueOf(ex.getRequestURI().getRawQuery()).split("&")) {
                    int eq = kv.indexOf('=');
                    if (eq > 0) q.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
                int skip = Integer.parseInt(q.getOrDefault("$skip", "0"));
                int top = Integer.parseInt(q.getOrDefault("$top", "1000"));
                skips.add(String.valueOf(skip));
                if (skip == 0) {
                    try {
                        othersBeforeFirstAnswer.set(others.await(holdFirstFor.toMillis(), TimeUnit.MILLISECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    others.countDown();
                }
                StringBuilder b = new StringBuilder("{\"d\":{\"results\":[");
                for (int id = skip + 1; id <= Math.min(n, skip + top); id++) {
                    b.append(id == skip + 1 ? "" : ",").append(HostileServerTest.partner(id));
                }
                b.append(']');
                if (q.containsKey("$inlinecount")) b.append(",\"__count\":\"").append(count).append('"');
                byte[] body = b.append("}}").toString().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            http.start();
        }

        URI root() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/sap/opu/odata/sap/API_BUSINESS_PARTNER");
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}
