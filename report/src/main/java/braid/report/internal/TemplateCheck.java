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
        Optional<Path> dir = Wiring.templatesDir(cfg);
        if (dir.isEmpty()) return List.of();
        List<MessageTemplates.Problem> problems = MessageTemplates.check(dir.get(), sampleModels(cfg));
        return problems.isEmpty() ? language(dir.get(), cfg) : problems;
    }

    /** Words that mark a text as English or as German: common short words and the words of a report e-mail. */
    private static final java.util.Set<String> ENGLISH = java.util.Set.of("the", "and", "is", "are", "here", "your", "you",
            "for", "of", "to", "this", "with", "from", "report", "day", "before", "week", "website", "visitors", "news",
            "hello", "pages", "requests", "unsubscribe", "yesterday", "receive", "receiving", "stop", "our", "daily");
    private static final java.util.Set<String> GERMAN = java.util.Set.of("der", "die", "das", "und", "ist", "sind", "hier",
            "ihr", "ihre", "ihrer", "ihnen", "sie", "für", "von", "zu", "diese", "dieser", "mit", "bericht", "tag", "vortag",
            "woche", "webseite", "besucher", "nachrichten", "hallo", "seiten", "anfragen", "abmelden", "gestern", "unsere",
            "erhalten", "abbestellen", "guten", "tagesbericht", "täglicher");

    /**
     * A template whose own words are in the other of the two languages the e-mails' labels and dates come in (English,
     * or German with {@code company.locale: de}): a copy of braid's English templates with {@code locale: de} would
     * send "Hello …, here is the report for Freitag, 4. Dezember 2026" and "Anfragen: 4.864 (— vs. day before)". Only
     * a clear case counts (at least five marker words, two in the subject, three times as many as of the other language); a language
     * braid has no labels in (French: English labels) is not judged.
     */
    static List<MessageTemplates.Problem> language(Path dir, BraidConfig cfg) {
        boolean german = cfg.company().mailLocale().getLanguage().equals("de");
        List<MessageTemplates.Problem> out = new ArrayList<>();
        for (String name : MessageTemplates.FILES) {
            String text;
            try {
                text = java.nio.file.Files.readString(dir.resolve(name));
            } catch (java.io.IOException e) {
                continue; // read and reported by the check before
            }
            // the template's own words: without its tags, HTML tags and entities
            String words = text.replaceAll("(?s)\\{\\{.*?}}", " ").replaceAll("(?s)<[^>]*>", " ").replaceAll("&[#\\w]+;", " ")
                    .toLowerCase(java.util.Locale.ROOT);
            List<String> en = new ArrayList<>();
            List<String> de = new ArrayList<>();
            for (String w : words.split("[^\\p{L}]+")) {
                if (ENGLISH.contains(w)) en.add(w);
                if (GERMAN.contains(w)) de.add(w);
            }
            List<String> wrong = german ? en : de;
            List<String> right = german ? de : en;
            // a subject is a line: two marker words and none of the other language are clear there
            int least = name.equals(MessageTemplates.SUBJECT) ? 2 : 5;
            if (wrong.size() >= least && wrong.size() >= 3 * right.size()) {
                String lang = cfg.company().mailLocale().toLanguageTag();
                String sample = String.join(", ", new java.util.LinkedHashSet<>(wrong).stream().limit(5).map(w -> "'" + w + "'").toList());
                out.add(new MessageTemplates.Problem(dir.resolve(name), 0, german
                        ? "its own words are English (" + sample + ") but company.locale is " + lang + ", so the labels and"
                                + " dates inside it come in German: the e-mails would mix the two languages. Put German templates"
                                + " in " + cfg.mail().templates().orElseThrow().resolve("de") + " (braid's own are in"
                                + " mail/src/main/resources/braid/mail/templates/de/), translate these, or set company.locale: en"
                        : "its own words are German (" + sample + ") but with company.locale " + lang + " the labels and"
                                + " dates inside it come in English: the e-mails would mix the two languages. Set"
                                + " company.locale: de, or write these templates in English"));
            }
        }
        return out;
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
        SapClient own = new SapClient("C1", "Sample Client", "client@example.com", "https://www.sample.example/",
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
                URI.create("https://www.sample.example/"), braid.health.Status.OK, true, 200, java.time.Duration.ofMillis(240), java.time.Duration.ofDays(54), "HTTP 200 in 240 ms"),
                Instant.parse("2026-11-24T05:12:00Z")));
        // a day the clocks change (in any zone: a template copied from braid's own uses clockNote)
        Map<String, Object> clockDay = new java.util.HashMap<>(f.modelFor(own, Optional.of("www.sample.example")));
        f.clockNote(LocalDate.of(2026, 10, 25), java.time.ZoneId.of("Europe/Berlin")).ifPresent(n -> clockDay.put("clockNote", n));
        models.add(clockDay);
        return models;
    }
}
