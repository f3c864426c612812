package braid.report.internal;

import org.jspecify.annotations.Nullable;
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
    private final History.Comparison history;
    private final Map<String, byte[]> charts = new java.util.concurrent.ConcurrentHashMap<>();

    public Figures(BraidConfig cfg, LocalDate date, LocalDate today, Optional<NewsResult> news, Optional<AccessSummary> logs) {
        this(cfg, date, today, news, logs, History.Comparison.NONE);
    }

    /** @param history the figures kept of the day before and the week before, for the changes */
    public Figures(BraidConfig cfg, LocalDate date, LocalDate today, Optional<NewsResult> news, Optional<AccessSummary> logs,
                   History.Comparison history) {
        this.history = history;
        this.cfg = cfg;
        this.date = date;
        this.locale = cfg.company().mailLocale();
        this.texts = texts(locale);
        this.dayPhrase = dayPhrase(date, today);
        this.news = news;
        this.logs = logs;
    }

    /** The e-mail texts braid puts into the model, in {@code locale}'s language (English or German). */
    static java.util.ResourceBundle texts(Locale locale) {
        // The root bundle is English; no fallback to the JVM's default locale, whatever the machine runs in.
        // Read by hand: ResourceBundle.Control (which says "no fallback") is refused in a named module.
        java.util.ResourceBundle english = java.util.Objects.requireNonNull(bundle("/braid/report/mail.properties", null));
        if (locale.getLanguage().isEmpty() || locale.getLanguage().equals("en")) {
            return english;
        }
        java.util.ResourceBundle own = bundle("/braid/report/mail_" + locale.getLanguage() + ".properties", english);
        return own != null ? own : english;
    }

    private static java.util.@Nullable ResourceBundle bundle(String resource, java.util.@Nullable ResourceBundle parent) {
        try (java.io.InputStream in = Figures.class.getResourceAsStream(resource)) {
            if (in == null) {
                if (parent == null) {
                    throw new IllegalStateException("braid's e-mail texts are missing: " + resource);
                }
                return null;
            }
            return new java.util.PropertyResourceBundle(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)) {
                {
                    setParent(parent);
                }
            };
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String text(String key, Object... args) {
        String t = texts.getString(key);
        return args.length == 0 ? t : java.text.MessageFormat.format(t.replace("'", "''"), args);
    }

    /**
     * {@code model} with {@code siteHealth}: one sentence in the client's language on how their website did in the
     * {@code clientWebsites} check (up and the response time, or an error status, or no answer; and the certificate's
     * days). Unchanged when the client's site was not checked (no website in SAP).
     */
    public Map<String, Object> withSiteHealth(Map<String, Object> model, SapClient client, braid.health.@Nullable SiteHealth h,
                                              java.time.Instant checkedAt) {
        return withSiteHealth(model, client, h, checkedAt, true);
    }

    /**
     * As {@link #withSiteHealth(Map, SapClient, braid.health.SiteHealth, java.time.Instant)}; with {@code
     * tellUnanswered} false a site that gave no answer is not mentioned (when most sites gave none, the cause is
     * more likely this machine's network than theirs: {@link #unansweredHere}).
     */
    public Map<String, Object> withSiteHealth(Map<String, Object> model, SapClient client, braid.health.@Nullable SiteHealth h,
                                              java.time.Instant checkedAt, boolean tellUnanswered) {
        // not checked (the proxy on this side failed): nothing is known of the site
        if (h == null || h.unchecked() || (!tellUnanswered && h.unanswered())) return model;
        Map<String, Object> m = new java.util.LinkedHashMap<>(model);
        ZoneId zone = cfg.company().timeZone();
        String time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(checkedAt.atZone(zone));
        LocalDate checkedOn = checkedAt.atZone(zone).toLocalDate();
        // "at 6:12 AM" is the morning the e-mail arrives; a backfill's check was days after the report day: say which
        String at = checkedOn.equals(date.plusDays(1)) ? text("health.at", time)
                : text("health.atOn", time, DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(checkedOn));
        String host = readable(String.valueOf(h.url().getHost()));
        // A certificate refused for a reason that may be this side's (a trust store without the site's CA, a chain
        // browsers complete and Java does not): nothing is said to the client; the operator has it in the health summary.
        if (!h.up() && h.httpStatus() == 0 && h.tlsFailed() && !h.certificateExpired()) return model;
        // An answer that refuses this checker (a bot protection's challenge — Cloudflare's is a 403 —, a login, a proxy,
        // a rate limit): it says nothing of what the site's visitors get; the operator has it in the health summary.
        if (!h.up() && braid.health.SiteHealth.REFUSALS.contains(h.httpStatus())) return model;
        StringBuilder b = new StringBuilder();
        if (!h.up() && h.httpStatus() == 0 && h.certificateExpired()) {
            b.append(text("health.expired", host, at));
        } else if (h.up() && h.responseTime() != null) {
            b.append(text("health.up", host, at, java.text.NumberFormat.getIntegerInstance(locale).format(h.responseTime().toMillis())));
        } else if (h.httpStatus() > 0) {
            b.append(text("health.error", host, at, String.valueOf(h.httpStatus())));
        } else {
            b.append(text("health.down", host, at));
        }
        if (h.certificateDays() != null && h.certificateDays() >= 0) {
            long days = h.certificateDays();
            String n = java.text.NumberFormat.getIntegerInstance(locale).format(days);
            if (days == 0 || h.status() != braid.health.Status.OK && h.up()) {
                String on = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale)
                        .format(checkedAt.atZone(zone).plusDays(days));
                // less than a day left is "today", not "in 0 days"
                b.append(' ').append(text(days == 0 ? "health.certificateSoon0" : days == 1 ? "health.certificateSoon1"
                        : "health.certificateSoon", n, on));
            } else {
                b.append(' ').append(text(days == 1 ? "health.certificate1" : "health.certificate", n));
            }
        }
        m.put("siteHealth", b.toString());
        return m;
    }

    /**
     * The operator's warning when at least half of the client websites, and more than one, gave no answer at all:
     * then the cause is more likely this machine's network (its DNS, a firewall, a proxy it needs and health.proxy does
     * not name) than theirs, and no client is told that their site did not answer; empty otherwise.
     */
    public static Optional<String> unansweredHere(java.util.Collection<braid.health.SiteHealth> sites) {
        braid.health.SiteHealth.Silence silence = braid.health.SiteHealth.silence(sites);
        if (!silence.mostly()) return Optional.empty();
        return Optional.of(silence.silent() + " of " + silence.checked() + " client websites gave no answer when they were checked: more"
                + " likely this machine's network (DNS, a firewall, a proxy it needs: health.proxy) than theirs, so the e-mails say"
                + " nothing about those sites");
    }


    /** Endings of the files a page loads (styles, scripts, images, fonts), as GoAccess counts them static. */
    private static final java.util.Set<String> ASSETS = java.util.Set.of("css", "js", "mjs", "map", "jpg", "jpeg", "png", "gif",
            "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "woff", "woff2", "ttf", "otf", "eot");

    /** Whether {@code path} is a file a page loads rather than a page: by its ending, without a query. */
    static boolean isAsset(String path) {
        int q = path.indexOf('?');
        String p = q < 0 ? path : path.substring(0, q);
        int slash = p.lastIndexOf('/');
        int dot = p.lastIndexOf('.');
        return dot > slash && ASSETS.contains(p.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The model for {@code client}, whose own virtual host is {@code site} (if any). */
    public Map<String, Object> modelFor(SapClient client, Optional<String> site) {
        return modelFor(client, site, Optional.empty());
    }

    /**
     * As {@link #modelFor(SapClient, Optional)}, for a client whose website host is in the logs but is not theirs
     * alone: the note says so instead of "we could not find your website".
     */
    public Map<String, Object> modelFor(SapClient client, Optional<String> site, Optional<SiteMatcher.Unattributed> unattributed) {
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
        m.put("hasChart", false);
        m.put("hasTopReferrers", false);
        m.put("hasTop404", false);
        Optional<Shown> shown = shown(site);
        if (shown.isPresent()) {
            Shown f = shown.get();
            m.put("site", f.label());
            if (f.companyWide()) {
                // The company's own totals, never presented as the client's: the heading says whose they are.
                m.put("companyWide", true);
                heading(m, text("heading.company", dayPhrase));
            } else {
                heading(m, text("heading.own", dayPhrase));
            }
            add(m, f.figures(), f.key());
        } else {
            m.put("siteNote", site.isPresent() ? text("note.noRequests", readable(site.get()))
                    : unattributed.map(u -> text(u.company() ? "note.company" : "note.shared", readable(u.vhost())))
                    .orElseGet(() -> text("note.notFound")));
        }
        return m.build();
    }

    /**
     * A virtual host as its client reads it: an internationalized name as written ({@code www.müller-bau.de}), not in
     * the ASCII form web servers log ({@code www.xn--mller-bau-q9a.de}).
     */
    static String readable(String vhost) {
        return vhost.contains("xn--") ? java.net.IDN.toUnicode(vhost, java.net.IDN.ALLOW_UNASSIGNED) : vhost;
    }

    /** Whose figures a client's e-mail shows: its own site's, or (opted in) the company's; none otherwise. */
    private record Shown(String key, String label, SiteFigures figures, boolean companyWide) {}

    private Optional<Shown> shown(Optional<String> site) {
        Optional<SiteFigures> own = site.flatMap(s -> logs.map(l -> l.byVirtualHost().get(s)));
        if (own.isPresent()) return Optional.of(new Shown(site.get(), readable(site.get()), own.get(), false));
        if (cfg.report().companyWideFigures() && logs.isPresent())
            return Optional.of(new Shown(History.OVERALL, text("site.company"), logs.get().overall(), true));
        return Optional.empty();
    }

    /** The images {@code client}'s e-mail shows inline: the chart of its figures' requests per hour. */
    public List<braid.mail.OutgoingMessage.Inline> inlineFor(Optional<String> site) {
        return shown(site).filter(f -> f.figures().requests() > 0).map(f -> List.of(new braid.mail.OutgoingMessage.Inline(
                chartCid(f.key()), "image/png", charts.computeIfAbsent(f.key(),
                        k -> HourlyChart.png(f.figures().requestsPerHour(), locale)), "requests-per-hour.png")))
                .orElse(List.of());
    }

    /** {@code hours-www.example.com@braid}: one Content-ID per site, the same in the model and the image part. */
    static String chartCid(String key) {
        return "hours-" + (key.equals(History.OVERALL) ? "all" : key.replaceAll("[^A-Za-z0-9.-]", "_")) + "@braid";
    }

    private void heading(TemplateModel m, String heading) {
        m.put("figuresHeading", heading);
        m.put("figuresHeadingUpper", heading.toUpperCase(locale));
    }

    /** "yesterday" when {@code date} is the day before {@code today}, else "on Thursday, December 3, 2026" (as the header). */
    private String dayPhrase(LocalDate date, LocalDate today) {
        if (date.equals(today.minusDays(1))) return text("day.yesterday");
        return text("day.on", DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(date));
    }

    private void add(TemplateModel m, SiteFigures f, String key) {
        History.Day today = History.Day.of(f);
        Optional<History.Day> before = history.dayBefore(key);
        Optional<History.Day> week = history.weekBefore(key);
        figure(m, "figure.requests", String.format(locale, "%,d", f.requests()), today.requests(),
                before.map(History.Day::requests), week.map(History.Day::requests));
        figure(m, "figure.visitors", String.format(locale, "%,d", f.uniqueVisitors()), today.visitors(),
                before.map(History.Day::visitors), week.map(History.Day::visitors));
        figure(m, "figure.bytes", bytes(f.bytesSent(), locale), today.bytes(), before.map(History.Day::bytes),
                week.map(History.Day::bytes));
        figure(m, "figure.notFound", String.format(locale, "%,d", today.notFound()), today.notFound(),
                before.map(History.Day::notFound), week.map(History.Day::notFound));
        figure(m, "figure.serverErrors", String.format(locale, "%,d", today.serverErrors()), today.serverErrors(),
                before.map(History.Day::serverErrors), week.map(History.Day::serverErrors));
        m.figure(text("figure.bots"), String.format(locale, "%.1f %%", 100 * f.botShare()), "", "");
        int n = 0;
        for (Count c : f.topPaths()) {
            if (n == 5) break;
            if (isAsset(c.key())) continue; // "most visited pages": a stylesheet or a logo is no page a client visits
            m.topPage(c.key(), c.count());
            n++;
        }
        List<Map<String, Object>> referrers = f.topReferringSites().stream().limit(5)
                .map(c -> Map.<String, Object>of("site", c.key(), "count", String.format(locale, "%,d", c.count()))).toList();
        m.put("topReferrers", referrers);
        m.put("hasTopReferrers", !referrers.isEmpty());
        List<Map<String, Object>> missing = f.top404Paths().stream().limit(5)
                .map(c -> Map.<String, Object>of("path", c.key(), "count", String.format(locale, "%,d", c.count()))).toList();
        m.put("top404", missing);
        m.put("hasTop404", !missing.isEmpty());
        // the chart (an inline image, see inlineFor) and its numbers as text for readers without images
        List<Map<String, Object>> hours = new java.util.ArrayList<>();
        long peak = -1;
        int peakHour = 0;
        for (int h = 0; h < 24; h++) {
            long v = f.requestsPerHour().get(h);
            hours.add(Map.of("hour", String.format("%02d–%02d", h, h + 1), "requests", String.format(locale, "%,d", v)));
            if (v > peak) {
                peak = v;
                peakHour = h;
            }
        }
        m.put("hours", hours);
        clockNote(date, cfg.company().timeZone()).ifPresent(note -> m.put("clockNote", note));
        m.put("hasChart", f.requests() > 0);
        m.put("chartCid", chartCid(key));
        m.put("chartAlt", text("chart.alt", String.format("%02d:00–%02d:00", peakHour, peakHour + 1),
                String.format(locale, "%,d", peak)));
    }

    /**
     * On a day the clocks change, what its rows per hour mean: the hour summer time skips has none, the hour it
     * repeats counts twice (both fall into the same row of the local clock); empty on every other day.
     */
    Optional<String> clockNote(LocalDate day, java.time.ZoneId zone) {
        java.time.Instant start = day.atStartOfDay(zone).toInstant();
        java.time.zone.ZoneOffsetTransition t = zone.getRules().nextTransition(start.minusSeconds(1));
        if (t == null || !t.getInstant().isBefore(day.plusDays(1).atStartOfDay(zone).toInstant())) return Optional.empty();
        java.time.LocalTime before = t.getDateTimeBefore().toLocalTime();
        java.time.LocalTime after = t.getDateTimeAfter().toLocalTime();
        java.time.LocalTime from = t.isGap() ? before : after;
        java.time.LocalTime to = t.isGap() ? after : before;
        String hours = from.getMinute() == 0 && to.getMinute() == 0 && to.getHour() == from.getHour() + 1
                ? String.format("%02d–%02d", from.getHour(), to.getHour()) : from + "–" + to;
        return Optional.of(text(t.isGap() ? "clock.forward" : "clock.back", before.toString(), after.toString(), hours));
    }

    private void figure(TemplateModel m, String label, String value, long now, Optional<Long> dayBefore, Optional<Long> weekBefore) {
        m.figure(text(label), value, change(now, dayBefore), change(now, weekBefore));
    }

    /** {@code +12 %}, {@code −3 %}, {@code ±0 %}; {@code —} without a figure to compare with (never "0 %"). */
    String change(long now, Optional<Long> before) {
        if (before.isEmpty() || before.get() <= 0) return "—";
        double pct = 100.0 * (now - before.get()) / before.get();
        long rounded = Math.round(pct);
        if (rounded == 0) return "±0 %";
        return (rounded > 0 ? "+" : "−") + String.format(locale, "%,d", Math.abs(rounded)) + " %";
    }

    /**
     * Bytes for a client in SI units (kB, MB, GB, TB of 1000): what "MB" means to a reader, and what hosting panels
     * and browsers show. (Dividing by 1024 under the label "MB" showed 116.4 MB for 122 million bytes.)
     */
    static String bytes(long b, Locale locale) {
        if (b < 1000) return b + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        do {
            v /= 1000;
            u++;
        } while (v >= 999.95 && u < units.length - 1);
        return String.format(locale, "%.1f %s", v, units[u]);
    }
}
