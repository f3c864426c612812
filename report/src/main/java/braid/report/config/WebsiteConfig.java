package braid.report.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to read the company website's news (section {@code website}).
 *
 * @param url        the news page
 * @param required   whether a failed fetch fails the whole run
 * @param timeout    per attempt
 * @param retries    extra attempts after the first
 * @param window     items older than this are dropped
 * @param maxBytes   largest page accepted
 * @param maxItems   news items per e-mail
 * @param selectors  CSS selectors that find the items in the page
 * @param proxy      HTTP proxy, empty for a direct connection
 */
public record WebsiteConfig(URI url, boolean required, Duration timeout, int retries, Duration window,
        long maxBytes, int maxItems, Selectors selectors, Optional<ProxyConfig> proxy) {

    public WebsiteConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(selectors, "selectors");
        Objects.requireNonNull(proxy, "proxy");
    }

    /**
     * CSS selectors (jsoup syntax): {@code item} selects each news item, the others are evaluated
     * inside an item.
     */
    public record Selectors(String item, String title, String date, String summary) {
        /** The defaults: {@code article}, {@code h2 a}, {@code time}, {@code p}. */
        public static final Selectors DEFAULT = new Selectors("article", "h2 a", "time", "p");

        public Selectors {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(summary, "summary");
        }
    }
}
