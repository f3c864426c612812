package braid.report.check;

import braid.report.config.WebsiteConfig;
import braid.report.internal.Wiring;
import braid.web.NewsFetchException;
import braid.web.NewsReader;
import braid.web.NewsResult;
import braid.web.PageSelectors;

/**
 * Reads the news page (and the feed it links) once through {@link NewsReader}. Stateless.
 *
 * <p>The reader is built like {@code Wiring.newsReader} but without the conditional-GET cache: a check
 * must leave the run's state alone, and a 304 from a cached copy would skip parsing with the selectors.
 */
final class WebsiteProbe {
    private WebsiteProbe() {}

    static NewsResult read(WebsiteConfig w) throws NewsFetchException, InterruptedException {
        WebsiteConfig.Selectors s = w.selectors();
        NewsReader.Builder b = NewsReader.builder()
                .requestTimeout(w.timeout())
                .maxBytes(w.maxBytes())
                .window(w.window())
                .maxItems(w.maxItems())
                .selectors(new PageSelectors(s.item(), s.title(), s.date(), s.summary()));
        // The loader resolved the environment (https_proxy, no_proxy) and `none` into w.proxy(), as for the run.
        Wiring.proxy(b, w.proxy());
        try (NewsReader reader = b.build()) {
            return reader.read(w.url());
        }
    }
}
