package braid.examples;

import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jsoup.Jsoup;

/**
 * A scraper that parses each page as soon as it arrives (not after the slowest one): the fetches run at once under
 * a per-host limit, and the owner parses in completion order with {@link braid.core.Scope#forEachCompleted}. A page
 * that fails is skipped and the rest go on.
 */
public final class Scraper {
    private Scraper() {}

    /** A page's title, parsed with jsoup. */
    public record Page(URI uri, String title) {}

    /** Fetches every URL, handing each parsed page to {@code onPage} as it arrives; returns how many failed. */
    public static int scrape(List<URI> urls, int perHost, Consumer<Page> onPage) {
        Engine engine = Engine.builder().keyedLimit("host", perHost).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return engine.scope("scrape", scope -> {
                List<Fork<String>> forks = new ArrayList<>();
                for (URI u : urls) {
                    forks.add(scope.fork(u.toString(), Policy.DEFAULT.optional().withLimit("host:" + u.getHost() + ":" + u.getPort()),
                            ctx -> http.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString()).body()));
                }
                int[] failed = {0};
                scope.forEachCompleted(forks, f -> {
                    var html = f.joinOptional();
                    if (html.isEmpty()) {
                        failed[0]++;
                        return;
                    }
                    URI u = URI.create(f.name());
                    onPage.accept(new Page(u, Jsoup.parse(html.get(), u.toString()).title()));
                });
                return failed[0];
            });
        }
    }
}
