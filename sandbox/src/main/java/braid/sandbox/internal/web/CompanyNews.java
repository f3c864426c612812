package braid.sandbox.internal.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The stand-in company's news and its renderings: the news page (linking an RSS 2.0 and an Atom
 * feed), both feeds, a press page without a feed, and one page per article. Immutable and thread-safe.
 */
public final class CompanyNews {
    /** One article; {@code published} is an absolute instant fixed when the site started. */
    public record Article(String slug, String title, String summary, Instant published) {}

    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The XSS probe title: the report must show it as text, escaped, never as markup. */
    public static final String TRICKY_TITLE =
            "Web form hardening: <script>alert(1)</script>, \"quotes\" & ampersands now handled safely";

    private final List<Article> articles;

    public CompanyNews(List<Article> articles) {
        this.articles = articles.stream().sorted(Comparator.comparing(Article::published).reversed()).toList();
    }

    /** Twelve articles over the last nine weeks, relative to {@code now}, newest first. */
    public static CompanyNews initial(Instant now) {
        Instant base = now.truncatedTo(ChronoUnit.MINUTES);
        List<Article> a = new ArrayList<>();
        a.add(art(base, 1, 3, "q4-maintenance-window", "Planned maintenance of the customer portal on Saturday",
                "The customer portal will be unavailable on Saturday between 06:00 and 09:00 CET while we upgrade "
                        + "the database cluster. Orders placed by e-mail during that window are processed as usual."));
        a.add(art(base, 3, 5, "linz-plant-opening", "Northwind opens its new assembly plant in Linz",
                "After 14 months of construction the Linz plant has started production. It adds 120 jobs and "
                        + "doubles our capacity for precision flow meters."));
        a.add(art(base, 6, 2, "form-hardening", TRICKY_TITLE,
                "A customer reported that pasting markup into the support form echoed it back unescaped. "
                        + "We fixed it the same day; no data was exposed. Details & timeline inside."));
        a.add(art(base, 9, 7, "iso-50001", "Northwind certified to ISO 50001 for energy management",
                "TÜV Süd has certified our energy management system. Since 2023 the plants use 18 % less "
                        + "energy per unit produced."));
        a.add(art(base, 13, 4, "price-list-2027", "Price list 2027 available for download",
                "The 2027 price list applies to orders from 1 January. Framework-agreement customers keep "
                        + "their current prices until their agreement renews."));
        a.add(art(base, 17, 1, "fm-400-launch", "FM-400 ultrasonic flow meter: now shipping",
                "The FM-400 measures flow in pipes from DN 15 to DN 400 without contact with the medium. "
                        + "First deliveries leave the warehouse this week."));
        a.add(art(base, 21, 6, "trade-fair-essen", "Meet us at the Essen process-automation fair",
                "Hall 3, stand 3B41: live demonstrations of the FM-400 and the new calibration service."));
        a.add(art(base, 26, 3, "apprentices", "Eleven apprentices start their training at Northwind",
                "Mechatronics, industrial electronics and, for the first time, IT specialists: welcome aboard!"));
        a.add(art(base, 34, 2, "calibration-service", "On-site calibration service extended to Austria and Switzerland",
                "Our mobile calibration vans now also serve customers in Austria and Switzerland, with "
                        + "certificates issued the same day."));
        a.add(art(base, 41, 5, "supplier-portal", "New supplier portal replaces e-mail order confirmations",
                "Suppliers confirm orders and delivery dates in the portal; the old e-mail address stays "
                        + "active until the end of the quarter."));
        a.add(art(base, 52, 8, "q3-results", "Third-quarter results: revenue up 7 %",
                "Revenue grew to EUR 48.2 million, driven by export orders from Scandinavia and a strong "
                        + "service business."));
        a.add(art(base, 63, 4, "summer-party", "Thank you for 25 years: our anniversary summer party",
                "More than 600 employees, customers and neighbours celebrated 25 years of Northwind Instruments."));
        return new CompanyNews(a);
    }

    private static Article art(Instant base, int daysAgo, int hour, String slug, String title, String summary) {
        return new Article(slug, title, summary, base.minus(Duration.ofDays(daysAgo)).minus(Duration.ofHours(hour)));
    }

    public List<Article> articles() {
        return articles;
    }

    /** A new site with one more article. */
    public CompanyNews with(Article a) {
        List<Article> all = new ArrayList<>(articles);
        all.add(a);
        return new CompanyNews(all);
    }

    /** Strong validator for everything rendered from this content. */
    public String etag() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Article a : articles) {
                md.update((a.slug() + '\u0000' + a.title() + '\u0000' + a.summary() + '\u0000' + a.published()).getBytes(StandardCharsets.UTF_8));
            }
            return "\"" + HexFormat.of().formatHex(md.digest(), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The newest article's date, the natural Last-Modified of every rendering. */
    public Instant lastModified() {
        return articles.isEmpty() ? Instant.EPOCH : articles.getFirst().published();
    }

    public static String httpDate(Instant t) {
        return RFC_1123.format(t);
    }

    /** The news page; {@code charset} is what its meta tag declares. */
    public String newsPage(String charset) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"").append(charset).append("\">\n")
                .append("<title>News – Northwind Instruments</title>\n")
                .append("<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Northwind news (RSS)\" href=\"/news/feed.xml\">\n")
                .append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Northwind news (Atom)\" href=\"/news/atom.xml\">\n")
                .append("<link rel=\"stylesheet\" href=\"/assets/site.css\"></head>\n<body>\n")
                .append("<header><nav><a href=\"/\">Home</a> <a href=\"/products/\">Products</a> <a href=\"/news/\">News</a></nav></header>\n")
                .append("<main><h1>News</h1>\n");
        for (Article a : articles) {
            sb.append("<article class=\"news-item\">\n  <h2><a href=\"").append(a.slug()).append(".html\">")
                    .append(html(a.title())).append("</a></h2>\n  <time datetime=\"").append(a.published())
                    .append("\">").append(HUMAN.format(a.published())).append("</time>\n  <p>")
                    .append(html(a.summary())).append("</p>\n</article>\n");
        }
        sb.append("</main>\n<footer><p>© Northwind Instruments GmbH · <a href=\"/imprint\">Imprint</a></p></footer>\n</body></html>\n");
        return sb.toString();
    }

    /** A press page with its own markup and no feed link, for CSS-selector scraping. */
    public String pressPage() {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Press – Northwind Instruments</title></head>\n")
                .append("<body><div id=\"press\">\n");
        for (Article a : articles) {
            sb.append("<div class=\"press-release\"><h3><a href=\"/news/").append(a.slug()).append(".html\">")
                    .append(html(a.title())).append("</a></h3><span class=\"date\">").append(HUMAN.format(a.published()))
                    .append("</span><div class=\"teaser\">").append(html(a.summary())).append("</div></div>\n");
        }
        return sb.append("</div></body></html>\n").toString();
    }

    /** One article's own page. */
    public String articlePage(Article a) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + html(a.title()) + "</title></head>\n<body><article><h1>"
                + html(a.title()) + "</h1><time datetime=\"" + a.published() + "\">" + HUMAN.format(a.published())
                + "</time><p>" + html(a.summary()) + "</p></article></body></html>\n";
    }

    /**
     * RSS 2.0. Item titles and descriptions are HTML, entity-encoded into the XML, as RSS readers
     * expect; so a title whose text contains markup characters is HTML-escaped first, then XML-escaped.
     */
    public String rss(String baseUrl, String encoding) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<?xml version=\"1.0\" encoding=\"").append(encoding).append("\"?>\n")
                .append("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n")
                .append("<title>Northwind Instruments – News</title>\n<link>").append(baseUrl).append("news/</link>\n")
                .append("<atom:link href=\"").append(baseUrl).append("news/feed.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n")
                .append("<description>News from Northwind Instruments GmbH</description>\n<language>en</language>\n")
                .append("<lastBuildDate>").append(httpDate(lastModified())).append("</lastBuildDate>\n");
        for (Article a : articles) {
            sb.append("<item>\n  <title>").append(xml(html(a.title()))).append("</title>\n")
                    .append("  <link>").append(baseUrl).append("news/").append(a.slug()).append(".html</link>\n")
                    .append("  <guid isPermaLink=\"false\">northwind-").append(a.slug()).append("</guid>\n")
                    .append("  <pubDate>").append(httpDate(a.published())).append("</pubDate>\n")
                    .append("  <description>").append(xml("<p>" + html(a.summary()) + "</p>")).append("</description>\n</item>\n");
        }
        return sb.append("</channel>\n</rss>\n").toString();
    }

    /** Atom 1.0 with text-typed titles and summaries, relative links resolved via xml:base. */
    public String atom(String baseUrl) {
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"")
                .append(baseUrl).append("news/\">\n<title>Northwind Instruments – News</title>\n")
                .append("<id>tag:northwind.example,2026:news</id>\n<updated>").append(lastModified()).append("</updated>\n")
                .append("<link rel=\"self\" href=\"atom.xml\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"./\"/>\n");
        for (Article a : articles) {
            sb.append("<entry>\n  <title type=\"text\">").append(xml(a.title())).append("</title>\n")
                    .append("  <link rel=\"alternate\" type=\"text/html\" href=\"").append(a.slug()).append(".html\"/>\n")
                    .append("  <id>tag:northwind.example,2026:").append(a.slug()).append("</id>\n")
                    .append("  <published>").append(a.published()).append("</published>\n")
                    .append("  <updated>").append(a.published()).append("</updated>\n")
                    .append("  <summary type=\"text\">").append(xml(a.summary())).append("</summary>\n</entry>\n");
        }
        return sb.append("</feed>\n").toString();
    }

    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String xml(String s) {
        return html(s);
    }
}
