package braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real feeds from the corpus (see src/test/resources/web-corpus/SOURCES.md), served over loopback. */
class FeedCorpusTest {
    private final LoopbackSite site = newSite();
    private final NewsReader reader = NewsReader.builder().noWindow().build();

    private static LoopbackSite newSite() {
        try {
            return new LoopbackSite();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void close() {
        reader.close();
        site.close();
    }

    private NewsResult read(String file) throws Exception {
        site.file("/" + file, "web-corpus/feeds/" + file, "application/xml");
        return reader.read(site.uri("/" + file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"guardian-us.xml", "hackety-xml-base.xml", "heise-developer.xml", "jn-pt-iso-8859-1.xml",
            "juniordeveloper-atom03.xml", "onestepback-rss091.xml", "oren-ru-windows-1251.xml", "reinh-html-titles.xml",
            "slashdot-rss10-rdf.xml", "techmeme.xml", "tpm-relative-links.xml", "uol-noticias-undeclared-latin1.xml",
            "zen-cdata-feedburner.xml"})
    void everyCorpusFeedYieldsPlainTextItemsWithAbsoluteLinks(String file) throws Exception {
        NewsResult r = read(file);

        assertThat(r.source()).isEqualTo(NewsResult.Source.FEED);
        assertThat(r.items()).isNotEmpty();
        for (NewsItem i : r.items()) {
            assertThat(i.title()).isNotBlank().doesNotContain("<", "\uFFFD", "\n", "&amp;", "&nbsp;");
            assertThat(i.summary()).doesNotContain("\uFFFD", "\n").doesNotContainPattern("<[a-zA-Z/]");
            assertThat(i.summary().length()).isLessThanOrEqualTo(500);
            assertThat(i.link().getScheme()).isIn("http", "https");
        }
    }

    @Test
    void rss2ItemsCarryTheirPubDate() throws Exception {
        List<NewsItem> items = read("guardian-us.xml").items();

        assertThat(items).hasSize(55).allSatisfy(i -> assertThat(i.date()).isNotNull());
        assertThat(items.getFirst().title()).isEqualTo("Trump State of the Union address promised unity but emphasized discord");
        assertThat(items.getFirst().link()).hasToString(
                "https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord");
    }

    @Test
    void atomEntriesUseTheirAlternateLinkAndPublishedDate() throws Exception {
        NewsItem first = read("heise-developer.xml").items().getFirst();

        assertThat(first.title()).isEqualTo("Java-Anwendungsserver: Red Hat gibt WildFly 10 frei");
        assertThat(first.link().getHost()).isEqualTo("www.heise.de");
        assertThat(first.date()).isEqualTo(Instant.parse("2016-02-01T16:22:00Z"));
        assertThat(first.summary()).startsWith("Die nun verfügbare Version 10");
    }

    @Test
    void rdfFeedItemsTakeTheirDateFromDublinCore() throws Exception {
        List<NewsItem> items = read("slashdot-rss10-rdf.xml").items();

        assertThat(items).hasSize(15);
        assertThat(items.getFirst().date()).isEqualTo(Instant.parse("2009-01-23T01:19:00Z"));
    }

    @Test
    void atom03FeedUsesIssuedDates() throws Exception {
        List<NewsItem> items = read("juniordeveloper-atom03.xml").items();

        assertThat(items).hasSize(50).allSatisfy(i -> assertThat(i.date()).isNotNull());
    }

    @Test
    void rss091FeedWithNetscapeDoctypeParsesWithoutFetchingTheDtd() throws Exception {
        List<NewsItem> items = read("onestepback-rss091.xml").items();

        assertThat(items).hasSize(10);
        assertThat(items.getFirst().title()).isEqualTo("Presenting for Presenters");
        assertThat(items.getFirst().date()).isNull(); // RSS 0.91 items have no date
    }

    @Test
    void feedDeclaringIso88591IsDecodedWithThatCharset() throws Exception {
        assertThat(read("jn-pt-iso-8859-1.xml").items().getFirst().title())
                .isEqualTo("Mãe de utente é a nova presidente da Raríssimas");
    }

    @Test
    void feedWithoutDeclarationInLatin1FallsBackFromUtf8() throws Exception {
        NewsItem first = read("uol-noticias-undeclared-latin1.xml").items().getFirst();

        assertThat(first.title()).isEqualTo("Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno");
        assertThat(first.date()).isEqualTo(Instant.parse("2018-09-24T22:42:40Z")); // "Seg, 24 Set 2018 19:42:40 -0300"
    }

    @Test
    void windows1251FeedInAStrayDefaultNamespaceIsRead() throws Exception {
        NewsItem first = read("oren-ru-windows-1251.xml").items().getFirst();

        assertThat(first.title()).isEqualTo("В Бузулуке главные стройплощадки – детсад и Ледовый дворец");
        assertThat(first.date()).isEqualTo(Instant.parse("2014-01-22T14:31:31Z"));
    }

    @Test
    void relativeAtomLinksResolveAgainstTheFeedUrl() throws Exception {
        NewsItem first = read("tpm-relative-links.xml").items().getFirst();

        assertThat(first.link()).isEqualTo(site.uri(
                "/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist"));
    }

    @Test
    void xmlBaseAttributesGovernRelativeLinks() throws Exception {
        assertThat(read("hackety-xml-base.xml").items().getFirst().link())
                .hasToString("http://hackety.org/2008/12/06/insideShoooesTwooo.html");
    }

    @Test
    void htmlTitlesAreStrippedAndEntitiesDecoded() throws Exception {
        assertThat(read("reinh-html-titles.xml").items()).extracting(NewsItem::title)
                .contains("Story Driven Development With Rails", "A Retraction");
    }

    @Test
    void cdataSummariesBecomePlainText() throws Exception {
        assertThat(read("zen-cdata-feedburner.xml").items().getFirst().summary())
                .startsWith("A little over a week ago IBM released");
    }

    @Test
    void entityEncodedAmpersandsInRssTitlesArriveAsPlainAmpersands() throws Exception {
        assertThat(read("techmeme.xml").items().getFirst().title()).isEqualTo("Q&A: Microsoft defends return to DRM (PC Pro)");
    }
}
