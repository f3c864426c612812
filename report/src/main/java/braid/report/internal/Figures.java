package braid.report.internal;

import braid.logs.AccessSummary;
import braid.logs.Count;
import braid.logs.SiteFigures;
import braid.mail.TemplateModel;
import braid.report.config.BraidConfig;
import braid.sap.SapClient;
import braid.web.NewsItem;
import braid.web.NewsResult;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Builds each client's template model: the shared news plus that client's own site figures. */
public final class Figures {
    private final Locale locale;
    private final java.util.ResourceBundle texts;
    private final BraidConfig cfg;
    private final LocalDate date;
    private final Optional<NewsResult> news;
    private final Optional<AccessSummary> logs;

    private final String dayPhrase;

    /**
     * @param today the day the run runs on in the company's zone: "yesterday" only when the report day is the day
     *              before it (a backfill names its day)
     */
    public Figures(BraidConfig cfg, LocalDate date, LocalDate today, Optional<NewsResult> news, Optional<AccessSummary> logs) {
        this.cfg = cfg;
        this.date = date;
        this.locale = cfg.company().mailLocale();
        this.texts = texts(locale);
        this.dayPhrase = dayPhrase(date, today);
        this.news = news;
        this.logs = logs;
    }

    /** The model for {@code client}, whose own virtual host is {@code site} (if any). */
    /** The e-mail texts braid puts into the model, in {@code locale}'s language (English or German). */
    static java.util.ResourceBundle texts(Locale locale) {
        // The root bundle is English; no fallback to the JVM's default locale, whatever the machine runs in.
        return java.util.ResourceBundle.getBundle("braid.report.mail", locale,
                java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private String text(String key, Object... args) {
        String t = texts.getString(key);
        return args.length == 0 ? t : java.text.MessageFormat.format(t.replace("'", "''"), args);
    }

    /** The model for {@code client}, whose own virtual host is {@code site} (if any). */
    public Map<String, Object> modelFor(SapClient client, Optional<String> site) {
        String website = cfg.company().website().map(URI::toString)
                .orElse(cfg.website().map(w -> w.url().resolve("/").toString()).orElse(""));
        TemplateModel m = TemplateModel.builder()
                .company(cfg.company().name(), website)
                .reportDate(date, locale);
        cfg.company().address().ifPresent(m::companyAddress);
        ZoneId zone = cfg.company().timeZone();
        int maxItems = cfg.website().map(w -> w.maxItems()).orElse(0);
        news.ifPresent(n -> {
            // newest first, undated last, then as many as website.maxItems allows
            List<NewsItem> items = n.items().stream()
                    .sorted(Comparator.comparing(NewsItem::date, Comparator.nullsLast(Comparator.reverseOrder())))
                    .limit(maxItems).toList();
            for (NewsItem i : items)
                m.news(i.title(), i.link() == null ? null : i.link().toString(),
                        i.date() == null ? null : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale).format(i.date().atZone(zone)),
                        i.summary());
        });
        m.put("dayPhrase", dayPhrase);
        m.put("companyWide", false);
        Optional<SiteFigures> own = site.flatMap(s -> logs.map(l -> l.byVirtualHost().get(s)));
        if (own.isPresent()) {
            m.put("site", site.get());
            heading(m, text("heading.own", dayPhrase));
            add(m, own.get());
        } else if (cfg.report().companyWideFigures() && logs.isPresent()) {
            // The company's own totals, never presented as the client's: the heading says whose they are.
            m.put("site", text("site.company"));
            m.put("companyWide", true);
            heading(m, text("heading.company", dayPhrase));
            add(m, logs.get().overall());
        } else {
            m.put("siteNote", site.isPresent() ? text("note.noRequests", site.get()) : text("note.notFound"));
        }
        return m.build();
    }

    private void heading(TemplateModel m, String heading) {
        m.put("figuresHeading", heading);
        m.put("figuresHeadingUpper", heading.toUpperCase(locale));
    }

    /** "yesterday" when {@code date} is the day before {@code today}, else "on Thursday, 3 December 2026". */
    private String dayPhrase(LocalDate date, LocalDate today) {
        if (date.equals(today.minusDays(1))) return text("day.yesterday");
        return text("day.on", DateTimeFormatter.ofPattern(text("day.pattern"), locale).format(date));
    }

    private void add(TemplateModel m, SiteFigures f) {
        m.figure(text("figure.requests"), String.format(locale, "%,d", f.requests()));
        m.figure(text("figure.visitors"), String.format(locale, "%,d", f.uniqueVisitors()));
        m.figure(text("figure.bytes"), bytes(f.bytesSent(), locale));
        long notFound = f.statusCodes().getOrDefault(404, 0L);
        long serverErrors = f.statusClasses().getOrDefault("5xx", 0L);
        m.figure(text("figure.notFound"), String.format(locale, "%,d", notFound));
        m.figure(text("figure.serverErrors"), String.format(locale, "%,d", serverErrors));
        m.figure(text("figure.bots"), String.format(locale, "%.1f %%", 100 * f.botShare()));
        int n = 0;
        for (Count c : f.topPaths()) {
            if (n++ == 5) break;
            m.topPage(c.key(), c.count());
        }
    }

    static String bytes(long b, Locale locale) {
        if (b < 1024) return b + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(locale, "%.1f %s", v, units[u]);
    }
}
