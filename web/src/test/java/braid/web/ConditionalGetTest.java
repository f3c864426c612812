package braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import braid.web.NewsResult.Source;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ETag / Last-Modified remembered in the state directory across readers (i.e. across runs). */
class ConditionalGetTest {
    private static final String PAGE = """
            <!doctype html><html><head><title>News</title>
            <link rel="alternate" type="application/rss+xml" title="News feed" href="/news/feed.xml">
            </head><body><article><h2><a href="/news/1">From the page</a></h2></article></body></html>""";

    @TempDir Path state;
    private final LoopbackSite site;
    private final AtomicReference<String> feed = new AtomicReference<>(rss("Version one"));
    private final AtomicInteger fullBodies = new AtomicInteger();

    ConditionalGetTest() throws IOException {
        site = new LoopbackSite();
        site.route("/news", ex -> conditional(ex, "text/html; charset=utf-8", PAGE, "\"page-v1\"", null));
        site.route("/news/feed.xml", ex -> {
            String body = feed.get();
            conditional(ex, "application/rss+xml", body, "\"" + Integer.toHexString(body.hashCode()) + "\"", null);
        });
        site.route("/lm-only.xml", ex -> conditional(ex, "application/rss+xml", feed.get(), null, "Tue, 24 Nov 2026 01:00:00 GMT"));
    }

    @AfterEach
    void close() {
        site.close();
    }

    private NewsReader reader() {
        return NewsReader.builder().noWindow().cacheDir(state).build();
    }

    @Test
    void unchangedFeedIsServedFromTheCacheWithoutDownloadingIt() throws Exception {
        NewsResult first;
        try (NewsReader r = reader()) {
            first = r.read(site.uri("/news"));
        }
        int downloads = fullBodies.get();
        NewsResult second;
        try (NewsReader r = reader()) { // a new reader: the next day's run
            second = r.read(site.uri("/news"));
        }

        assertThat(first.source()).isEqualTo(Source.FEED);
        assertThat(second.source()).isEqualTo(Source.CACHE);
        assertThat(second.items()).isEqualTo(first.items());
        assertThat(second.fetchedFrom()).isEqualTo(site.uri("/news/feed.xml"));
        assertThat(fullBodies.get()).isEqualTo(downloads);
        assertThat(site.requests.getLast().header("If-None-Match")).startsWith("\"");
    }

    @Test
    void changedFeedBehindUnchangedPageIsDownloadedAgain() throws Exception {
        try (NewsReader r = reader()) {
            r.read(site.uri("/news"));
            feed.set(rss("Version two"));

            NewsResult again = r.read(site.uri("/news"));

            assertThat(again.source()).isEqualTo(Source.FEED);
            assertThat(again.items().getFirst().title()).isEqualTo("Version two");
        }
    }

    @Test
    void lastModifiedAloneIsEnoughForA304() throws Exception {
        try (NewsReader r = reader()) {
            r.read(site.uri("/lm-only.xml"));

            NewsResult again = r.read(site.uri("/lm-only.xml"));

            assertThat(again.source()).isEqualTo(Source.CACHE);
            assertThat(again.items()).extracting(NewsItem::title).containsExactly("Version one");
            assertThat(site.requests.getLast().header("If-Modified-Since")).isEqualTo("Tue, 24 Nov 2026 01:00:00 GMT");
        }
    }

    @Test
    void withoutCacheDirNoConditionalHeadersAreSent() throws Exception {
        try (NewsReader r = NewsReader.builder().noWindow().build()) {
            r.read(site.uri("/news"));
            NewsResult again = r.read(site.uri("/news"));

            assertThat(again.source()).isEqualTo(Source.FEED);
            assertThat(site.requests).allSatisfy(q -> assertThat(q.header("If-None-Match")).isNull());
        }
    }

    @Test
    void oneReaderServesManyConcurrentReadsAgainstOneCache() throws Exception {
        try (NewsReader r = reader(); var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new java.util.ArrayList<java.util.concurrent.Future<NewsResult>>();
            for (int i = 0; i < 40; i++) results.add(pool.submit(() -> r.read(site.uri("/news"))));

            for (var f : results) {
                assertThat(f.get().items()).extracting(NewsItem::title).containsExactly("Version one");
            }
        }
    }

    @Test
    void damagedCacheFileCostsOnlyOneFullDownload() throws Exception {
        try (NewsReader r = reader()) {
            r.read(site.uri("/lm-only.xml"));
        }
        try (var files = Files.list(state)) {
            for (Path p : files.toList()) Files.writeString(p, "{not json");
        }
        try (NewsReader r = reader()) {
            assertThat(r.read(site.uri("/lm-only.xml")).source()).isEqualTo(Source.FEED);
            assertThat(r.read(site.uri("/lm-only.xml")).source()).isEqualTo(Source.CACHE);
        }
    }

    private void conditional(HttpExchange ex, String type, String body, String etag, String lastModified) throws IOException {
        if (etag != null) ex.getResponseHeaders().set("ETag", etag);
        if (lastModified != null) ex.getResponseHeaders().set("Last-Modified", lastModified);
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
        if ((etag != null && etag.equals(inm)) || (etag == null && lastModified != null && lastModified.equals(ims))) {
            LoopbackSite.send(ex, 304, null, null);
            return;
        }
        fullBodies.incrementAndGet();
        LoopbackSite.send(ex, 200, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String rss(String title) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Company news</title><link>http://example.com/</link>
                <item><title>%s</title><link>/news/1</link><pubDate>Mon, 23 Nov 2026 09:00:00 +0100</pubDate>
                <description>&lt;p&gt;Body&lt;/p&gt;</description></item>
                </channel></rss>""".formatted(title);
    }
}
