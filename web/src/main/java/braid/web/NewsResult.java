package braid.web;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What one {@link NewsReader#read(URI)} produced: the items inside the window, where they came
 * from, and which URL they were read from.
 *
 * <p>Immutable and thread-safe; no component is null.
 *
 * @param items       items inside the reader's window, in source order (feeds and pages list newest first)
 * @param source      whether the items came from a feed, the HTML page, or the conditional-GET cache
 * @param fetchedFrom the final URL (after redirects) of the document the items were parsed from
 */
public record NewsResult(List<NewsItem> items, Source source, URI fetchedFrom) {
    /** Where the items of a {@link NewsResult} came from. */
    public enum Source {
        /** An RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom feed, either the URL itself or linked from the page. */
        FEED,
        /** The HTML page, scraped with the reader's {@link PageSelectors}. */
        PAGE,
        /** The server answered 304 Not Modified; the items parsed on an earlier run were served. */
        CACHE
    }

    public NewsResult {
        items = List.copyOf(items);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(fetchedFrom, "fetchedFrom");
    }
}
