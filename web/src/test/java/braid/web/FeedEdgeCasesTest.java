package braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hand-written feeds for the cases the corpus does not cover. */
class FeedEdgeCasesTest {
    private final LoopbackSite site;
    private final NewsReader reader = NewsReader.builder().noWindow().build();

    FeedEdgeCasesTest() throws Exception {
        site = new LoopbackSite();
    }

    @AfterEach
    void close() {
        reader.close();
        site.close();
    }

    private List<NewsItem> read(String type, String xml) throws Exception {
        site.route("/f", ex -> LoopbackSite.send(ex, 200, type, xml.getBytes(StandardCharsets.UTF_8)));
        return reader.read(site.uri("/f")).items();
    }

    @Test
    void atomXhtmlContentBecomesPlainTextWithoutBreakingWords() throws Exception {
        List<NewsItem> items = read("application/atom+xml", """
                <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
                <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <b>bold</b>ly new <i>plan</i></div></title>
                <link href="/e/1"/><updated>2026-11-20T10:00:00Z</updated>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First&#160;para.</p><p>Second &amp; last.</p></div></content>
                </entry></feed>""");

        assertThat(items.getFirst().title()).isEqualTo("A boldly new plan");
        assertThat(items.getFirst().summary()).isEqualTo("First para. Second & last.");
        assertThat(items.getFirst().link()).isEqualTo(site.uri("/e/1"));
    }

    @Test
    void atomTextTitleKeepsMarkupCharactersAsText() throws Exception {
        List<NewsItem> items = read("application/atom+xml", """
                <feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
                <entry><title>Use &lt;b&gt; &amp; &lt;i&gt; sparingly</title><link href="http://example.com/x"/></entry></feed>""");

        assertThat(items.getFirst().title()).isEqualTo("Use <b> & <i> sparingly");
    }

    @Test
    void rssItemWithoutTitleIsNamedAfterItsSummary() throws Exception {
        List<NewsItem> items = read("application/rss+xml", """
                <rss version="2.0"><channel><title>t</title><link>http://example.com/</link>
                <item><description>Short note without a title.</description><guid>http://example.com/n/1</guid></item>
                </channel></rss>""");

        assertThat(items.getFirst().title()).isEqualTo("Short note without a title.");
        assertThat(items.getFirst().link()).hasToString("http://example.com/n/1");
    }

    @Test
    void contentEncodedServesAsSummaryWhenThereIsNoDescription() throws Exception {
        List<NewsItem> items = read("application/rss+xml", """
                <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>
                <item><title>T</title><link>http://example.com/1</link>
                <content:encoded><![CDATA[<div><p>Full <em>story</em>.</p><script>x()</script></div>]]></content:encoded></item>
                </channel></rss>""");

        assertThat(items.getFirst().summary()).isEqualTo("Full story.");
    }

    @Test
    void javascriptLinksAreReplacedByTheChannelLink() throws Exception {
        List<NewsItem> items = read("application/rss+xml", """
                <rss version="2.0"><channel><title>t</title><link>http://example.com/news/</link>
                <item><title>T</title><link>javascript:alert(1)</link></item>
                </channel></rss>""");

        assertThat(items.getFirst().link()).hasToString("http://example.com/news/");
    }

    @Test
    void feedServedAsTextPlainIsStillRecognised() throws Exception {
        List<NewsItem> items = read("text/plain", """
                <?xml version="1.0"?>
                <!-- generated -->
                <rss version="2.0"><channel><title>t</title><item><title>T</title><link>http://example.com/1</link></item></channel></rss>""");

        assertThat(items).extracting(NewsItem::title).containsExactly("T");
    }

    @Test
    void feedServedAsTextHtmlIsStillRecognised() throws Exception {
        List<NewsItem> items = read("text/html; charset=utf-8", """
                <rss version="2.0"><channel><title>t</title><item><title>T</title><link>http://example.com/1</link></item></channel></rss>""");

        assertThat(items).extracting(NewsItem::title).containsExactly("T");
    }

    @Test
    void longSummariesAreCappedWithAnEllipsis() throws Exception {
        String body = "word ".repeat(400);
        List<NewsItem> items = read("application/rss+xml", """
                <rss version="2.0"><channel><title>t</title>
                <item><title>T</title><link>http://example.com/1</link><description>%s</description></item>
                </channel></rss>""".formatted(body));

        assertThat(items.getFirst().summary()).hasSizeLessThanOrEqualTo(500).endsWith("…");
    }
}
