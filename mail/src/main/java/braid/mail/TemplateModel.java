package braid.mail;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds the template model shared by every client's report, with the keys the default templates use.
 *
 * <p>Keys (all optional for custom templates):
 * <ul>
 * <li>{@code company.name}, {@code company.website}, {@code company.address}</li>
 * <li>{@code reportDate} (e.g. "Monday, November 23, 2026" in the chosen locale), {@code reportDateIso}</li>
 * <li>{@code news}: list of {@code title, url, date, summary}; {@code hasNews}</li>
 * <li>{@code figures}: list of {@code label, value} (the site's figures, already formatted); {@code hasFigures}</li>
 * <li>{@code topPages}: list of {@code path, views}; {@code hasTopPages}</li>
 * <li>{@code siteNote}: a sentence shown instead of figures when the client has no site of its own (set with {@link #put})</li>
 * <li>{@code clockNote}: on a day the clocks change, what its rows per hour mean (set with {@link #put})</li>
 * <li>{@code siteHealth}: a sentence on how the client's website did in the health check, with
 *     {@code report.clientHealth: true} (set with {@link #put})</li>
 * <li>{@code dayPhrase}: how the text names the report day ("yesterday", or "on Thursday, 3 December 2026" for a
 *     backfill; default "on " and {@code reportDate}); {@code figuresHeading} and {@code figuresHeadingUpper}: the
 *     heading over the figures, whose they are ("Your website yesterday", "Our websites on …"; default "Your website"
 *     and the day phrase)</li>
 * <li>added per message by the mailer: {@code client.id}, {@code client.name}, {@code client.email},
 *     {@code unsubscribeUrl} and {@code hasUnsubscribe}</li>
 * </ul>
 * Only http and https links are kept: a news URL with any other scheme (javascript:, data:) is dropped. The
 * builder is not thread-safe; the map it builds is immutable.
 */
public final class TemplateModel {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<Map<String, Object>> news = new ArrayList<>();
    private final List<Map<String, Object>> figures = new ArrayList<>();
    private final List<Map<String, Object>> topPages = new ArrayList<>();
    private String companyName = "";
    private String website = "";
    private String address = "";

    private TemplateModel() {
    }

    public static TemplateModel builder() {
        return new TemplateModel();
    }

    /** The company's name and website (http/https or empty). */
    public TemplateModel company(String name, String website) {
        this.companyName = Objects.requireNonNull(name, "name");
        this.website = safeUrl(website);
        return this;
    }

    /** The postal address shown in the footer (many jurisdictions require one in commercial mail). */
    public TemplateModel companyAddress(String address) {
        this.address = Objects.requireNonNull(address, "address");
        return this;
    }

    /** The analysed day, formatted in {@code locale}. */
    public TemplateModel reportDate(LocalDate date, Locale locale) {
        values.put("reportDate", date.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale)));
        values.put("reportDateIso", date.toString());
        return this;
    }

    /** Adds a news item; {@code url}, {@code date} and {@code summary} may be null. */
    public TemplateModel news(String title, @Nullable String url, @Nullable String date, @Nullable String summary) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("title", Objects.requireNonNull(title, "title"));
        item.put("url", safeUrl(url));
        item.put("date", date == null ? "" : date);
        item.put("summary", summary == null ? "" : summary);
        news.add(Map.copyOf(item));
        return this;
    }

    /** Adds one of the site's figures, already formatted ("Visits", "12,345"). */
    public TemplateModel figure(String label, String value) {
        return figure(label, value, "", "");
    }

    /**
     * Adds one of the site's figures with its change against the day before and the same weekday a week earlier,
     * already formatted ("+12 %", "—" when there is nothing to compare with; empty for a figure that has none).
     * {@code compared} and {@code weekCompared} say whether there is a change to show (neither empty nor "—"), so a
     * text line can leave out "(— vs. day before, — vs. a week before)", which a client's first e-mails had on every
     * figure.
     */
    public TemplateModel figure(String label, String value, String change, String weekChange) {
        figures.add(Map.of("label", Objects.requireNonNull(label, "label"), "value", Objects.requireNonNull(value, "value"),
                "change", Objects.requireNonNull(change, "change"), "weekChange", Objects.requireNonNull(weekChange, "weekChange"),
                "compared", isChange(change), "weekCompared", isChange(weekChange)));
        return this;
    }

    private static boolean isChange(String formatted) {
        return !formatted.isEmpty() && !formatted.equals("—");
    }

    /** Adds a most-visited page. */
    public TemplateModel topPage(String path, long views) {
        topPages.add(Map.of("path", Objects.requireNonNull(path, "path"), "views", views));
        return this;
    }

    /** Any extra key for custom templates. */
    public TemplateModel put(String key, Object value) {
        values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    public Map<String, Object> build() {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put("company", Map.of("name", companyName, "website", website, "address", address));
        m.put("news", List.copyOf(news));
        m.put("hasNews", !news.isEmpty());
        m.put("figures", List.copyOf(figures));
        m.put("hasFigures", !figures.isEmpty());
        // any change to show: else the HTML table leaves out its two columns of dashes (a client's first e-mails)
        m.put("hasChanges", figures.stream().anyMatch(f -> Boolean.TRUE.equals(f.get("compared")) || Boolean.TRUE.equals(f.get("weekCompared"))));
        m.put("topPages", List.copyOf(topPages));
        m.put("hasTopPages", !topPages.isEmpty());
        m.putIfAbsent("reportDate", "");
        m.putIfAbsent("reportDateIso", "");
        m.putIfAbsent("dayPhrase", "on " + m.get("reportDate"));
        m.putIfAbsent("figuresHeading", "Your website " + m.get("dayPhrase"));
        m.putIfAbsent("figuresHeadingUpper", String.valueOf(m.get("figuresHeading")).toUpperCase(Locale.ROOT));
        return Map.copyOf(m);
    }

    private static String safeUrl(@Nullable String url) {
        if (url == null || url.isBlank()) {
            return "";
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    ? uri.toASCIIString() : "";
        } catch (java.net.URISyntaxException e) {
            return "";
        }
    }
}
