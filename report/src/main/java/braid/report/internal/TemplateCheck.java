package braid.report.internal;

import braid.logs.AccessSummary;
import braid.logs.Count;
import braid.logs.Coverage;
import braid.logs.SiteFigures;
import braid.mail.MessageTemplates;
import braid.report.config.BraidConfig;
import braid.sap.SapClient;
import braid.web.NewsItem;
import braid.web.NewsResult;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The company's own templates ({@code mail.templates}) checked when the configuration is loaded, before anything runs:
 * rendered against sample clients built by the same {@link Figures} as a real run (a client with a site of its own,
 * one without, with and without news and an unsubscribe link), every name a tag uses must exist. Stateless.
 */
public final class TemplateCheck {
    private TemplateCheck() {}

    /** The problems of {@code cfg}'s templates, each with file and line; empty without own templates or when sound. */
    public static List<MessageTemplates.Problem> problems(BraidConfig cfg) {
        Optional<Path> dir = cfg.mail().templates();
        if (dir.isEmpty()) return List.of();
        return MessageTemplates.check(dir.get(), sampleModels(cfg));
    }

    /** Models of every kind a run produces, for sample clients. */
    public static List<Map<String, Object>> sampleModels(BraidConfig cfg) {
        LocalDate day = LocalDate.of(2026, 11, 23);
        SiteFigures site = new SiteFigures(1234, 321, 5_000_000, Map.of("2xx", 1200L, "4xx", 30L, "5xx", 4L),
                Map.of(200, 1200L, 404, 30L, 500, 4L), List.of(new Count("/", 400), new Count("/shop", 100)),
                List.of(new Count("/old", 20)), List.of(new Count("/api", 4)), List.of(new Count("www.google.com", 50)),
                Collections.nCopies(24, 51L), 100);
        AccessSummary logs = new AccessSummary(List.of(Path.of("access.log")), "combined", cfg.company().timeZone(), day,
                site, Map.of("www.sample.example", site), 2000, 700, 0, 0, 0, List.of(), List.of(), 200_000,
                new Coverage(Instant.parse("2026-11-22T23:00:01Z"), Instant.parse("2026-11-23T22:59:59Z"), 10, 10));
        NewsResult news = new NewsResult(List.of(new NewsItem("Sample news", URI.create("https://example.com/news/1"),
                Instant.parse("2026-11-22T10:00:00Z"), "A summary.")), NewsResult.Source.FEED, URI.create("https://example.com/"));
        SapClient own = new SapClient("C1", "Sample Client", "client@example.com", URI.create("https://www.sample.example/"),
                braid.sap.Category.ORGANIZATION);
        SapClient none = new SapClient("C2", "Another Client", "other@example.com", null, braid.sap.Category.PERSON);
        List<Map<String, Object>> models = new ArrayList<>();
        for (Optional<NewsResult> n : List.of(Optional.of(news), Optional.<NewsResult>empty())) {
            for (LocalDate today : List.of(day.plusDays(1), day.plusDays(10))) {
                Figures f = new Figures(cfg, day, today, n, Optional.of(logs));
                models.add(f.modelFor(own, Optional.of("www.sample.example")));
                models.add(f.modelFor(none, Optional.empty()));
            }
        }
        // report.clientHealth: how the client's site did in the health check
        Figures f = new Figures(cfg, day, day.plusDays(1), Optional.of(news), Optional.of(logs));
        models.add(f.withSiteHealth(f.modelFor(own, Optional.of("www.sample.example")), own, new braid.health.SiteHealth("C1",
                own.website(), braid.health.Status.OK, true, 200, java.time.Duration.ofMillis(240), 54L, "HTTP 200 in 240 ms"),
                Instant.parse("2026-11-24T05:12:00Z")));
        // a day the clocks change (in any zone: a template copied from braid's own uses clockNote)
        Map<String, Object> clockDay = new java.util.HashMap<>(f.modelFor(own, Optional.of("www.sample.example")));
        f.clockNote(LocalDate.of(2026, 10, 25), java.time.ZoneId.of("Europe/Berlin")).ifPresent(n -> clockDay.put("clockNote", n));
        models.add(clockDay);
        return models;
    }
}
