package braid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.web.NewsResult.Source;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTML pages without a feed: selectors, relative links, charsets, escaping, the window. */
class PageScrapingTest {
    private static final String NEWS = """
            <!doctype html><html><head><meta charset="utf-8"><title>Acme news</title></head><body>
            <nav><a href="/">Home</a></nav>
            <article><h2><a href="2026/11/new-plant.html">Acme opens a new plant in Linz</a></h2>
              <time datetime="2026-11-20T08:00:00+01:00">20 November 2026</time>
              <p>The plant  employs
                 120 people.</p></article>
            <article><h2><a href="/news/xss">Why &lt;script&gt;alert(1)&lt;/script&gt; is not "quotes" &amp; ampersands</a></h2>
              <time datetime="2026-11-10">10 Nov</time><p>Security <b>matters</b>.<script>steal()</script></p></article>
            <article><h2><a href="/news/old">Last year's news</a></h2><time>3 March 2025</time><p>Old.</p></article>
            <article><h2>No link here</h2><p>Undated and unlinked.</p></article>
            </body></html>""";

    private final LoopbackSite site;
    private final NewsReader reader = NewsReader.builder().noWindow().build();

    PageScrapingTest() throws Exception {
        site = new LoopbackSite();
    }

    @AfterEach
    void close() {
        reader.close();
        site.close();
    }

    @Test
    void defaultSelectorsFindArticlesAndResolveRelativeLinks() throws Exception {
        site.route("/news/", ex -> LoopbackSite.send(ex, 200, "text/html", NEWS.getBytes(StandardCharsets.UTF_8)));

        NewsResult r = reader.read(site.uri("/news/"));

        assertThat(r.source()).isEqualTo(Source.PAGE);
        assertThat(r.items()).hasSize(4);
        NewsItem first = r.items().getFirst();
        assertThat(first.title()).isEqualTo("Acme opens a new plant in Linz");
        assertThat(first.link()).isEqualTo(site.uri("/news/2026/11/new-plant.html"));
        assertThat(first.date()).isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
        assertThat(first.summary()).isEqualTo("The plant employs 120 people.");
        assertThat(r.items().get(2).date()).isEqualTo(Instant.parse("2025-03-03T00:00:00Z"));
        assertThat(r.items().get(3).link()).isEqualTo(site.uri("/news/"));
        assertThat(r.items().get(3).date()).isNull();
    }

    @Test
    void markupInTitlesIsReturnedAsLiteralTextNeverAsHtml() throws Exception {
        site.route("/news/", ex -> LoopbackSite.send(ex, 200, "text/html", NEWS.getBytes(StandardCharsets.UTF_8)));

        NewsItem xss = reader.read(site.uri("/news/")).items().get(1);

        assertThat(xss.title()).isEqualTo("Why <script>alert(1)</script> is not \"quotes\" & ampersands");
        assertThat(xss.summary()).isEqualTo("Security matters.");
    }

    @Test
    void windowDropsOldItemsButKeepsUndatedOnes() throws Exception {
        site.route("/news/", ex -> LoopbackSite.send(ex, 200, "text/html", NEWS.getBytes(StandardCharsets.UTF_8)));
        Clock now = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
        try (NewsReader recent = NewsReader.builder().clock(now).window(Duration.ofDays(30)).build()) {
            List<NewsItem> items = recent.read(site.uri("/news/")).items();

            assertThat(items).extracting(NewsItem::title).doesNotContain("Last year's news").hasSize(3);
        }
    }

    @Test
    void customSelectorsScrapeATableOfReleases() throws Exception {
        // Apple's security-releases page (see SOURCES.md): a table, UTF-8 with a byte-order mark.
        site.file("/en-gb/100100", "web-corpus/pages/apple-security-releases.html", "text/html;charset=utf-8");
        PageSelectors table = new PageSelectors("tr:has(td a)", "td:eq(0) a", "td:eq(2)", "td:eq(1)");
        try (NewsReader apple = NewsReader.builder().noWindow().selectors(table).build()) {
            List<NewsItem> items = apple.read(site.uri("/en-gb/100100")).items();

            NewsItem first = items.getFirst();
            assertThat(items).hasSizeGreaterThan(20);
            assertThat(first.title()).isEqualTo("iOS 26.4 and iPadOS 26.4");
            assertThat(first.link()).isEqualTo(site.uri("/en-gb/126792"));
            assertThat(first.date()).isEqualTo(Instant.parse("2026-03-24T00:00:00Z"));
            assertThat(first.summary()).startsWith("iPhone 11 and later");
        }
    }

    @Test
    void metaCharsetWinsOverALyingHeader() throws Exception {
        String page = NEWS.replace("<meta charset=\"utf-8\">", "<meta charset=\"windows-1252\">")
                .replace("Linz", "Linz – Mühlviertel");
        byte[] cp1252 = page.getBytes(Charset.forName("windows-1252"));
        site.route("/news/", ex -> LoopbackSite.send(ex, 200, "text/html; charset=utf-8", cp1252));

        assertThat(reader.read(site.uri("/news/")).items().getFirst().title())
                .isEqualTo("Acme opens a new plant in Linz – Mühlviertel");
    }

    @Test
    void undeclaredLatin1PageIsNotTurnedIntoReplacementCharacters() throws Exception {
        String page = NEWS.replace("<meta charset=\"utf-8\">", "").replace("Linz", "Gmünd");
        byte[] latin1 = page.getBytes(StandardCharsets.ISO_8859_1);
        site.route("/news/", ex -> LoopbackSite.send(ex, 200, "text/html", latin1));

        assertThat(reader.read(site.uri("/news/")).items().getFirst().title())
                .isEqualTo("Acme opens a new plant in Gmünd");
    }

    @Test
    void pageLinkingAFeedIsReadThroughTheFeed() throws Exception {
        String page = NEWS.replace("<title>", "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.atom\"><title>");
        site.route("/news/", ex -> LoopbackSite.send(ex, 200, "text/html", page.getBytes(StandardCharsets.UTF_8)));
        site.file("/news/feed.atom", "web-corpus/feeds/heise-developer.xml", "application/atom+xml");

        NewsResult r = reader.read(site.uri("/news/"));

        assertThat(r.source()).isEqualTo(Source.FEED);
        assertThat(r.fetchedFrom()).isEqualTo(site.uri("/news/feed.atom"));
        assertThat(r.items()).hasSize(15);
    }

    @Test
    void brokenLinkedFeedFallsBackToThePageItems() throws Exception {
        String page = NEWS.replace("<title>", "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/gone.xml\"><title>");
        site.route("/news/", ex -> LoopbackSite.send(ex, 200, "text/html", page.getBytes(StandardCharsets.UTF_8)));

        NewsResult r = reader.read(site.uri("/news/"));

        assertThat(r.source()).isEqualTo(Source.PAGE);
        assertThat(r.items()).hasSize(4);
    }

    @Test
    void invalidSelectorIsRejectedWithItsText() {
        assertThatThrownBy(() -> PageSelectors.DEFAULT.withTitle("h2 >> a["))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("h2 >> a[");
    }
}
