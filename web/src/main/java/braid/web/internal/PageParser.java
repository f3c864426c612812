package braid.web.internal;

import org.jspecify.annotations.Nullable;
import braid.web.NewsItem;
import braid.web.PageSelectors;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Extracts news items and feed links from an HTML page with jsoup. Immutable and thread-safe. */
public final class PageParser {
    private static final String FEED_LINK = "link[rel~=(?i)^alternate$][href][type~=(?i)^application/(rss|atom|rdf)\\+xml]";

    private final PageSelectors selectors;
    private final int maxItems;
    private final int maxTitleChars;
    private final int maxSummaryChars;

    public PageParser(PageSelectors selectors, int maxItems, int maxTitleChars, int maxSummaryChars) {
        this.selectors = selectors;
        this.maxItems = maxItems;
        this.maxTitleChars = maxTitleChars;
        this.maxSummaryChars = maxSummaryChars;
    }

    /** A parsed page: the feed it links (or null) and the items the selectors found. */
    public record Page(@Nullable URI feed, List<NewsItem> items) {}

    /** Parses the page; {@code base} is its final URL, used unless the page sets {@code <base href>}. */
    public Page parse(String html, URI base) {
        Document doc = Jsoup.parse(html, base.toString());
        URI docBase = base;
        Element baseEl = doc.selectFirst("base[href]");
        if (baseEl != null) {
            URI b = Links.resolve(base, baseEl.attr("href"));
            if (b != null) docBase = b;
        }
        URI feed = null;
        for (Element link : doc.select(FEED_LINK)) {
            feed = Links.resolve(docBase, link.attr("href"));
            if (feed != null) break;
        }
        List<NewsItem> items = new ArrayList<>();
        for (Element el : doc.select(selectors.item())) {
            NewsItem item = item(el, docBase);
            if (item != null) items.add(item);
            if (items.size() >= maxItems) break;
        }
        return new Page(feed, items);
    }

    private @Nullable NewsItem item(Element el, URI base) {
        Element titleEl = el.selectFirst(selectors.title());
        if (titleEl == null) titleEl = el.selectFirst("h1, h2, h3, h4, a[href]");
        if (titleEl == null) return null;
        String title = PlainText.fromText(titleEl.text(), maxTitleChars);
        if (title.isEmpty()) return null;

        Element anchor = titleEl.is("a[href]") ? titleEl : titleEl.selectFirst("a[href]");
        if (anchor == null) anchor = titleEl.closest("a[href]");
        if (anchor == null) anchor = el.selectFirst("a[href]");
        URI link = anchor == null ? null : Links.resolve(base, anchor.attr("href"));
        if (link == null) link = base;

        Instant date = null;
        Element dateEl = el.selectFirst(selectors.date());
        if (dateEl != null) {
            date = FeedDates.parse(dateEl.attr("datetime"));
            if (date == null) date = FeedDates.parse(dateEl.attr("content"));
            if (date == null) date = FeedDates.parse(dateEl.text());
        }

        Element summaryEl = el.selectFirst(selectors.summary());
        String summary = summaryEl == null ? "" : PlainText.fromText(summaryEl.text(), maxSummaryChars);
        return new NewsItem(title, link, date, summary);
    }
}
