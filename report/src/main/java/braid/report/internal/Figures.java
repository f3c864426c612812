package braid.report.internal;

import braid.logs.AccessSummary;
import braid.logs.Count;
import braid.logs.SiteFigures;
import braid.mail.TemplateModel;
import braid.report.config.BraidConfig;
import braid.sap.SapClient;
import braid.web.NewsItem;
import braid.web.NewsResult;
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
    private static final Locale LOCALE = Locale.ENGLISH;
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
        this.dayPhrase = dayPhrase(date, today);
        this.news = news;
        this.logs = logs;
    }

    /** The model for {@code client}, whose own virtual host is {@code site} (if any). */
    public Map<String, Object> modelFor(SapClient client, Optional<String> site) {
        TemplateModel m = TemplateModel.builder()
                .company(cfg.company().name(), cfg.website().map(w -> w.url().resolve("/").toString()).orElse(""))
                .reportDate(date, LOCALE);
        ZoneId zone = cfg.company().timeZone();
        int maxItems = cfg.website().map(w -> w.maxItems()).orElse(0);
        news.ifPresent(n -> {
            // newest first, undated last, then as many as website.maxItems allows
            List<NewsItem> items = n.items().stream()
                    .sorted(Comparator.comparing(NewsItem::date, Comparator.nullsLast(Comparator.reverseOrder())))
                    .limit(maxItems).toList();
            for (NewsItem i : items)
                m.news(i.title(), i.link() == null ? null : i.link().toString(),
                        i.date() == null ? null : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(LOCALE).format(i.date().atZone(zone)),
                        i.summary());
        });
        m.put("dayPhrase", dayPhrase);
        m.put("companyWide", false);
        Optional<SiteFigures> own = site.flatMap(s -> logs.map(l -> l.byVirtualHost().get(s)));
        if (own.isPresent()) {
            m.put("site", site.get());
            heading(m, "Your website " + dayPhrase);
            add(m, own.get());
        } else if (cfg.report().companyWideFigures() && logs.isPresent()) {
            // The company's own totals, never presented as the client's: the heading says whose they are.
            m.put("site", "all company sites");
            m.put("companyWide", true);
            heading(m, "Our websites " + dayPhrase);
            add(m, logs.get().overall());
        } else {
            m.put("siteNote", site.isPresent()
                    ? "Your site " + site.get() + " had no requests on this day."
                    : "We could not find your website in our server logs, so this report carries no visitor figures for it."
                      + " Reply to this e-mail if your site should be included.");
        }
        return m.build();
    }

    private static void heading(TemplateModel m, String heading) {
        m.put("figuresHeading", heading);
        m.put("figuresHeadingUpper", heading.toUpperCase(LOCALE));
    }

    /** "yesterday" when {@code date} is the day before {@code today}, else "on Thursday, 3 December 2026". */
    static String dayPhrase(LocalDate date, LocalDate today) {
        if (date.equals(today.minusDays(1))) return "yesterday";
        return "on " + DateTimeFormatter.ofPattern("EEEE, d MMMM uuuu", LOCALE).format(date);
    }

    private static void add(TemplateModel m, SiteFigures f) {
        m.figure("Requests", String.format(LOCALE, "%,d", f.requests()));
        m.figure("Unique visitors", String.format(LOCALE, "%,d", f.uniqueVisitors()));
        m.figure("Data sent", bytes(f.bytesSent()));
        long notFound = f.statusCodes().getOrDefault(404, 0L);
        long serverErrors = f.statusClasses().getOrDefault("5xx", 0L);
        m.figure("Pages not found (404)", String.format(LOCALE, "%,d", notFound));
        m.figure("Server errors (5xx)", String.format(LOCALE, "%,d", serverErrors));
        m.figure("Share of bot traffic", String.format(LOCALE, "%.1f %%", 100 * f.botShare()));
        int n = 0;
        for (Count c : f.topPaths()) {
            if (n++ == 5) break;
            m.topPage(c.key(), c.count());
        }
    }

    static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        do {
            v /= 1024;
            u++;
        } while (v >= 1024 && u < units.length - 1);
        return String.format(LOCALE, "%.1f %s", v, units[u]);
    }
}
