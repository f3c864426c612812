package braid.web;

import java.util.Objects;
import org.jsoup.select.Selector;

/**
 * The jsoup CSS selectors that find news items on an HTML page that links no feed.
 *
 * <p>{@code title}, {@code date} and {@code summary} are evaluated inside each element matched by
 * {@code item}. The item's link is the title element's {@code href} (or that of the first link
 * inside or around it). The date is read from a {@code datetime} or {@code content} attribute,
 * else from the element's text. Immutable and thread-safe; no component is null.
 *
 * @param item    selects one element per news item
 * @param title   selects the title (usually a link) inside an item
 * @param date    selects the date inside an item
 * @param summary selects the summary inside an item
 */
public record PageSelectors(String item, String title, String date, String summary) {
    /** {@code article}, {@code h2 a}, {@code time}, {@code p}: what most CMS templates produce. */
    public static final PageSelectors DEFAULT = new PageSelectors("article", "h2 a", "time", "p");

    /** Validates each selector, naming the bad one in the {@link IllegalArgumentException}. */
    public PageSelectors {
        item = check("item", item);
        title = check("title", title);
        date = check("date", date);
        summary = check("summary", summary);
    }

    public PageSelectors withItem(String s) { return new PageSelectors(s, title, date, summary); }
    public PageSelectors withTitle(String s) { return new PageSelectors(item, s, date, summary); }
    public PageSelectors withDate(String s) { return new PageSelectors(item, title, s, summary); }
    public PageSelectors withSummary(String s) { return new PageSelectors(item, title, date, s); }

    private static String check(String what, String css) {
        Objects.requireNonNull(css, what);
        if (css.isBlank()) throw new IllegalArgumentException(what + " selector must not be blank: '" + css + "'");
        try {
            Selector.evaluatorOf(css);
        } catch (Selector.SelectorParseException e) {
            throw new IllegalArgumentException("invalid " + what + " selector '" + css + "': " + e.getMessage(), e);
        }
        return css.strip();
    }
}
