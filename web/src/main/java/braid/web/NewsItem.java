package braid.web;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One news item as plain text: never contains HTML, so it can go into an e-mail after the usual
 * escaping for the target format.
 *
 * <p>Immutable and thread-safe. Only {@code date} may be null (the source gave no parsable date).
 *
 * @param title   plain-text title, whitespace collapsed, never blank
 * @param link    absolute link to the item (the page itself when the item has no link of its own)
 * @param date    publication date, or null when the source had none or it could not be parsed
 * @param summary plain-text summary, whitespace collapsed and length-capped; may be empty
 */
public record NewsItem(String title, URI link, @Nullable Instant date, String summary) {
    public NewsItem {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(summary, "summary");
        if (title.isBlank()) throw new IllegalArgumentException("title must not be blank: '" + title + "'");
        if (!link.isAbsolute()) throw new IllegalArgumentException("link must be absolute: " + link);
    }
}
