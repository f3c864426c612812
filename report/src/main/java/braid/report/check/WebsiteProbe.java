package braid.report.check;

import braid.report.config.ProxyConfig;
import braid.report.config.WebsiteConfig;
import braid.web.NewsFetchException;
import braid.web.NewsReader;
import braid.web.NewsResult;
import braid.web.PageSelectors;
import braid.web.ProxySettings;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.util.Map;

/**
 * Reads the news page (and the feed it links) once through {@link NewsReader}. Stateless.
 *
 * <p>The reader is built like {@code Wiring.newsReader} but without the conditional-GET cache: a check
 * must leave the run's state alone, and a 304 from a cached copy would skip parsing with the selectors.
 */
final class WebsiteProbe {
    private WebsiteProbe() {}

    static NewsResult read(WebsiteConfig w, Map<String, String> env) throws NewsFetchException, InterruptedException {
        WebsiteConfig.Selectors s = w.selectors();
        NewsReader.Builder b = NewsReader.builder()
                .requestTimeout(w.timeout())
                .maxBytes(w.maxBytes())
                .window(w.window())
                .maxItems(w.maxItems())
                .selectors(new PageSelectors(s.item(), s.title(), s.date(), s.summary()));
        if (w.proxy().isPresent()) {
            ProxyConfig p = w.proxy().get();
            b.proxy(ProxySelector.of(new InetSocketAddress(p.host(), p.port())));
        } else {
            ProxySettings.fromEnvironment(env).ifPresent(b::proxy);
        }
        try (NewsReader reader = b.build()) {
            return reader.read(w.url());
        }
    }
}
