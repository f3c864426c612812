package braid.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.http.HttpFailure;
import braid.testkit.TestSites;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherTest {
    private TestSites sites;

    @BeforeEach
    void start() throws Exception {
        sites = new TestSites(10);
    }

    @AfterEach
    void stop() {
        sites.close();
    }

    private static List<FetchResult> run(Fetcher f, List<URI> urls) throws InterruptedException {
        List<FetchResult> out = Collections.synchronizedList(new ArrayList<>());
        f.run(urls.stream().map(FetchRequest::get).iterator(), out::add);
        return out;
    }

    private static FetchResult one(Fetcher f, URI url) throws InterruptedException {
        List<FetchResult> r = run(f, List.of(url));
        assertThat(r).hasSize(1);
        return r.getFirst();
    }

    @Test
    void everyUrlGetsOneResultAndNeitherLimitIsEverPassed() throws Exception {
        List<URI> urls = IntStream.range(0, 300).mapToObj(i -> sites.url(i % 10, "/ok?ms=20&i=" + i)).toList();
        FetchSummary[] summary = new FetchSummary[1];
        List<FetchResult> out = new ArrayList<>();
        summary[0] = Fetcher.builder().concurrency(20).perHost(3).build()
                .run(urls.stream().map(FetchRequest::get).iterator(), out::add);
        assertThat(out).hasSize(300).allSatisfy(r -> {
            assertThat(r.status()).as(r.error()).isEqualTo(200);
            assertThat(r.error()).isNull();
            assertThat(r.body()).isEqualTo("ok " + r.request().url().getRawPath() + "?" + r.request().url().getRawQuery());
        });
        assertThat(out.stream().map(r -> r.request().url()).collect(Collectors.toSet())).hasSize(300);
        assertThat(sites.maxInFlight.get()).isBetween(15, 20); // 10 hosts × 3 allowed, 20 in all
        assertThat(sites.hostMax.values()).allSatisfy(m -> assertThat(m.get()).isLessThanOrEqualTo(3));
        assertThat(summary[0].requests()).isEqualTo(300);
        assertThat(summary[0].byStatus()).containsEntry("2xx", 300L);
        assertThat(summary[0].p95()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aRetryAfterIsHonouredAndHoldsBackTheWholeHost() throws Exception {
        List<URI> urls = new ArrayList<>(List.of(sites.url(0, "/retry-after")));
        for (int i = 0; i < 5; i++) urls.add(sites.url(0, "/ok?after=" + i));
        Fetcher f = Fetcher.builder().perHost(1).retries(2).backoff(Duration.ofMillis(10)).build();
        List<FetchResult> out = run(f, urls);
        FetchResult r = out.stream().filter(x -> x.request().url().getPath().equals("/retry-after")).findFirst().orElseThrow();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.attempts()).isEqualTo(2);
        List<Long> retry = sites.hits(0, "/retry-after");
        assertThat(retry).hasSize(2);
        assertThat(Duration.ofNanos(retry.get(1) - retry.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        // the other requests to that host waited out the Retry-After too: none started within the second after the 429
        for (Long t : sites.hits(0, "/ok")) {
            assertThat(t < retry.get(0) + 10_000_000L || t >= retry.get(0) + 950_000_000L).as("request at +%d ms",
                    (t - retry.get(0)) / 1_000_000).isTrue();
        }
    }

    @Test
    void aStatusThatStaysBadIsAnAnswerAfterTheRetries() throws Exception {
        FetchResult r = one(Fetcher.builder().retries(2).backoff(Duration.ofMillis(5)).build(), sites.url(1, "/503"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.error()).isNull();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(sites.hits(1, "/503")).hasSize(3);
        FetchResult notFound = one(Fetcher.builder().build(), sites.url(1, "/nothing-here"));
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.attempts()).isEqualTo(1);
    }

    @Test
    void hostileServersEndWithAResultInWordsAndBoundedMemory() throws Exception {
        Fetcher f = Fetcher.builder().retries(1).backoff(Duration.ofMillis(5)).timeout(Duration.ofSeconds(1))
                .maxBytes(1 << 20).build();
        List<URI> urls = List.of(sites.url(2, "/loop"), sites.url(2, "/ftp"), sites.url(2, "/bomb"), sites.url(2, "/big"),
                sites.url(3, "/trickle"), URI.create("http://no-such-host.invalid/x"));
        long t0 = System.nanoTime();
        Map<String, FetchResult> byPath = run(f, urls).stream()
                .collect(Collectors.toMap(r -> r.request().url().getHost().endsWith(".invalid") ? "dns" : r.request().url().getPath(), r -> r));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(byPath).hasSize(6);
        assertThat(byPath.get("/loop").error()).isEqualTo("more than 5 redirects (the last one from " + sites.url(2, "/loop") + ")");
        assertThat(byPath.get("/loop").attempts()).isEqualTo(1);
        assertThat(byPath.get("/ftp").error()).isEqualTo("a redirect to 'ftp://files.example/x', which cannot be fetched");
        assertThat(byPath.get("/bomb").error()).startsWith("decompressed body exceeds the limit of 1048576 bytes");
        assertThat(byPath.get("/bomb").errorKind()).isEqualTo(HttpFailure.Kind.TOO_LARGE);
        assertThat(byPath.get("/big").error()).startsWith("Content-Length 2097152 exceeds the limit of 1048576 bytes");
        assertThat(byPath.get("/trickle").error()).isEqualTo("no complete answer from " + sites.host(3) + ":"
                + sites.url(3, "/").getPort() + " within 1.0 s");
        assertThat(byPath.get("/trickle").attempts()).isEqualTo(2);
        assertThat(byPath.get("/trickle").errorKind()).isEqualTo(HttpFailure.Kind.TIMEOUT);
        assertThat(byPath.get("dns").error()).isEqualTo("cannot resolve host no-such-host.invalid");
        assertThat(byPath.get("dns").errorKind()).isEqualTo(HttpFailure.Kind.DNS);
        assertThat(byPath.values()).allSatisfy(r -> assertThat(r.status()).isEqualTo(-1));
    }

    @Test
    void cssSelectorsAttributesAndJsonPointersExtract(@TempDir Path dir) throws Exception {
        FetchResult h1 = one(Fetcher.builder().select("h1").build(), sites.url(4, "/page"));
        assertThat(h1.extracted()).containsExactly("Page /page");
        assertThat(h1.body()).isNull();
        FetchResult links = one(Fetcher.builder().select("a@href").build(), sites.url(4, "/page"));
        assertThat(links.extracted()).contains(sites.url(4, "/a").toString(), "https://elsewhere.example/", "mailto:x@y");
        FetchResult json = one(Fetcher.builder().jsonPointer("/a/b/1/c").build(), sites.url(4, "/json"));
        assertThat(json.extracted()).containsExactly("x");
        FetchResult missing = one(Fetcher.builder().jsonPointer("/nope").build(), sites.url(4, "/json"));
        assertThat(missing.extracted()).isEmpty();
        FetchResult saved = one(Fetcher.builder().saveDir(dir).build(), sites.url(4, "/json"));
        assertThat(saved.savedTo()).isNotNull().hasExtension("json");
        assertThat(Files.readString(saved.savedTo())).isEqualTo("{\"a\":{\"b\":[1,{\"c\":\"x\"}]}}");
        FetchResult moved = one(Fetcher.builder().build(), sites.url(4, "/moved"));
        assertThat(moved.finalUrl()).isEqualTo(sites.url(4, "/page"));
        assertThatThrownBy(() -> Fetcher.builder().select("a[href")).hasMessageStartingWith("not a CSS selector: 'a[href'");
        assertThatThrownBy(() -> Fetcher.builder().jsonPointer("a/b")).hasMessageStartingWith("not a JSON pointer: 'a/b'");
    }

    @Test
    void robotsTxtIsObeyedWithItsCrawlDelay() throws Exception {
        sites.robots.put(sites.host(5), "User-agent: *\nDisallow: /private\nCrawl-delay: 0.4\n");
        Fetcher f = Fetcher.builder().robots(true).build();
        List<FetchResult> out = run(f, List.of(sites.url(5, "/private/x"), sites.url(5, "/ok?1"), sites.url(5, "/ok?2"),
                sites.url(5, "/ok?3")));
        FetchResult priv = out.stream().filter(r -> r.request().url().getPath().startsWith("/private")).findFirst().orElseThrow();
        assertThat(priv.error()).isEqualTo("disallowed by " + sites.url(5, "").toString().replaceAll("/$", "")
                + "/robots.txt for braid-fetch: /private/x");
        assertThat(sites.hits(5, "/private/x")).isEmpty();
        List<Long> ok = sites.hits(5, "/ok");
        assertThat(ok).hasSize(3);
        for (int i = 1; i < ok.size(); i++) {
            assertThat(Duration.ofNanos(ok.get(i) - ok.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        }
        assertThat(sites.hits(5, "/robots.txt")).hasSize(1);
        // no robots.txt (404): everything is allowed; a robots.txt that answers 500: nothing is
        assertThat(one(f, sites.url(6, "/ok")).status()).isEqualTo(200);
    }

    @Test
    void crawlingFollowsSameSiteLinksOnceEachUpToTheDepth() throws Exception {
        Fetcher f = Fetcher.builder().crawl(2, "a[href]", 100).build();
        List<FetchResult> out = run(f, List.of(sites.url(7, "/page")));
        assertThat(out.stream().map(r -> r.request().url().getPath()).toList()).containsExactlyInAnyOrder("/page", "/a", "/b", "/c");
        assertThat(out).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(sites.hits(7, "/a")).hasSize(1);
        assertThat(out.stream().filter(r -> r.request().url().getPath().equals("/a")).findFirst().orElseThrow().request().depth()).isEqualTo(1);
        List<FetchResult> bounded = run(Fetcher.builder().crawl(2, "a[href]", 2).build(), List.of(sites.url(8, "/page")));
        assertThat(bounded).hasSize(2);
    }

    @Test
    void orderedCrawlingPutsEachPageAfterThePageItWasFoundOn() throws Exception {
        // r1 links to a (slow) and b; a to c and b (placed under r1 already); b to d; r2, fast, to b: it ends first and
        // fetches b, yet b is written under r1, the first page in input order that links to it
        sites.pages.put("/r1", "<a href='/a?ms=300'>a</a> <a href='/b?ms=0'>b</a>");
        sites.pages.put("/a", "<a href='/c?ms=0'>c</a> <a href='/b?ms=0'>b</a>");
        sites.pages.put("/b", "<a href='/d?ms=100'>d</a>");
        sites.pages.put("/c", "end");
        sites.pages.put("/d", "end");
        sites.pages.put("/r2", "<a href='/b?ms=0'>b</a>");
        List<URI> inputs = List.of(sites.url(3, "/r1?ms=50"), sites.url(3, "/r2?ms=0"));
        List<String> completion = run(Fetcher.builder().crawl(2, "a[href]", 100).build(), inputs).stream()
                .map(r -> r.request().url().getPath()).toList();
        assertThat(completion).containsExactlyInAnyOrder("/r1", "/a", "/b", "/c", "/d", "/r2")
                .isNotEqualTo(List.of("/r1", "/a", "/c", "/b", "/d", "/r2")); // as they complete, r2 comes first
        List<FetchResult> ordered = run(Fetcher.builder().crawl(2, "a[href]", 100).ordered(true).build(), inputs);
        assertThat(ordered.stream().map(r -> r.request().url().getPath())).containsExactly("/r1", "/a", "/c", "/b", "/d", "/r2");
        assertThat(ordered.stream().map(r -> r.request().depth())).containsExactly(0, 1, 2, 1, 2, 0);
        assertThat(ordered).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void plainHttpGoesThroughTheProxyWhenThereIsOneAndDirectWhenItSaysSo() throws Exception {
        try (braid.testkit.TestProxy proxy = braid.testkit.TestProxy.requiringBasic("braid", "s3cret")) {
            java.net.InetSocketAddress at = new java.net.InetSocketAddress("127.0.0.1", proxy.port());
            java.net.ProxySelector selector = new java.net.ProxySelector() { // as no_proxy does for the second host
                @Override
                public List<java.net.Proxy> select(URI uri) {
                    return uri.getHost().equals(sites.host(1)) ? List.of(java.net.Proxy.NO_PROXY)
                            : List.of(new java.net.Proxy(java.net.Proxy.Type.HTTP, at));
                }

                @Override
                public void connectFailed(URI uri, java.net.SocketAddress sa, java.io.IOException ioe) {}
            };
            Fetcher f = Fetcher.builder().proxy(selector).proxyAuthorization(braid.http.ProxyAuthorization.of(
                    new java.net.PasswordAuthentication("braid", "s3cret".toCharArray()))).build();
            List<FetchResult> out = run(f, List.of(sites.url(0, "/ok?via=proxy"), sites.url(1, "/ok?via=direct")));
            assertThat(out).hasSize(2).allSatisfy(r -> assertThat(r.status()).as(r.error()).isEqualTo(200));
            assertThat(proxy.received()).singleElement().satisfies(r -> {
                assertThat(r.requestLine()).isEqualTo("GET " + sites.url(0, "/ok?via=proxy") + " HTTP/1.1");
                assertThat(r.admitted()).isTrue();
            });
            assertThat(sites.hits(1, "/ok")).hasSize(1);
        }
    }

    @Test
    void closingTheStreamCancelsTheRest() throws Exception {
        List<URI> urls = IntStream.range(0, 200).mapToObj(i -> sites.url(9, "/ok?ms=200&i=" + i)).toList();
        Fetcher f = Fetcher.builder().perHost(2).build();
        List<FetchResult> first;
        try (Stream<FetchResult> s = f.stream(urls.stream().map(FetchRequest::get).iterator())) {
            first = s.limit(3).toList();
        }
        assertThat(first).hasSize(3);
        Thread.sleep(600);
        int seen = sites.requests.get();
        Thread.sleep(600);
        assertThat(sites.requests.get()).isEqualTo(seen).isLessThan(20);
    }
}
