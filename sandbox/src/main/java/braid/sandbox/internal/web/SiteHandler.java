package braid.sandbox.internal.web;

import org.jspecify.annotations.Nullable;
import braid.sandbox.WebsiteStandIn.Behaviour;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the stand-in website: routes, validators and 304s, gzip, and the hard-case behaviours.
 * Thread-safe: all mutable state lives behind {@link Site}.
 */
public final class SiteHandler implements HttpHandler {
    /** What the handler needs from the running stand-in. */
    public interface Site {
        CompanyNews news();

        Behaviour behaviour();

        Duration slowDelay();

        /** Waits up to {@code d}; returns early when the site shuts down. */
        void pause(Duration d) throws InterruptedException;

        void record(String method, String path, com.sun.net.httpserver.Headers headers, int status);

        /** Whether this request should fail with 503 (consumes one of the failures ordered with failNext). */
        boolean takeFailure();
    }

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final long HUGE_BYTES = 32L * 1024 * 1024;
    private static volatile byte @Nullable [] gzipBomb;

    private final Site site;

    public SiteHandler(Site site) {
        this.site = site;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        int status = 500;
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Behaviour b = site.behaviour();
            String prefix = "";
            if (path.startsWith("/cases/")) {
                int slash = path.indexOf('/', "/cases/".length());
                String name = slash < 0 ? path.substring(7) : path.substring(7, slash);
                Optional<Behaviour> forced = Behaviour.fromPathName(name);
                if (forced.isEmpty()) {
                    status = send(ex, 404, "text/plain; charset=utf-8", "no such case: " + name);
                    return;
                }
                b = forced.get();
                prefix = "/cases/" + name;
                path = slash < 0 ? "/" : path.substring(slash);
            }
            status = route(ex, b, prefix, path);
        } catch (IOException | UncheckedIOException e) {
            status = -1; // the client went away: expected with timeouts and size limits
        } catch (InterruptedException e) {
            status = -1;
            Thread.currentThread().interrupt();
        } finally {
            site.record(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(), status);
        }
    }

    private int route(HttpExchange ex, Behaviour b, String prefix, String path) throws IOException, InterruptedException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            return send(ex, 405, "text/plain; charset=utf-8", "method not allowed");
        }
        if (path.equals("/old-news")) {
            return redirect(ex, prefix + "/news/");
        }
        boolean newsArea = path.equals("/news") || path.startsWith("/news/") || path.startsWith("/newsroom/") || path.equals("/press/");
        if (!newsArea && !path.equals("/")) {
            return send(ex, 404, "text/html; charset=utf-8", "<!DOCTYPE html><title>Not found</title><h1>Not found</h1>");
        }
        if (site.takeFailure()) {
            ex.getResponseHeaders().set("Retry-After", "1");
            return send(ex, 503, "text/html; charset=utf-8", "<!DOCTYPE html><h1>Service temporarily unavailable</h1>");
        }
        switch (b) {
            case SLOW -> site.pause(site.slowDelay());
            case SERVER_ERROR -> {
                return send(ex, 500, "text/html; charset=utf-8",
                        "<!DOCTYPE html><title>500</title><h1>Internal Server Error</h1><p>Proxy error: upstream CMS not responding.</p>");
            }
            case UNAVAILABLE -> {
                ex.getResponseHeaders().set("Retry-After", "2");
                return send(ex, 503, "text/html; charset=utf-8", "<!DOCTYPE html><h1>Down for maintenance</h1>");
            }
            case HUGE -> {
                if (path.equals("/news/") || path.equals("/news")) return huge(ex);
            }
            case GZIP_BOMB -> {
                if (path.equals("/news/") || path.equals("/news")) return bomb(ex);
            }
            case REDIRECT -> {
                if (path.equals("/news/") || path.equals("/news")) return redirect(ex, prefix + "/newsroom/");
            }
            default -> { /* served normally below */ }
        }
        CompanyNews news = site.news();
        String base = "http://" + ex.getRequestHeaders().getFirst("Host") + prefix + "/";
        boolean wrongCharset = b == Behaviour.WRONG_CHARSET;
        if (path.equals("/")) {
            return send(ex, 200, "text/html; charset=utf-8", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Northwind Instruments</title></head>"
                    + "<body><h1>Northwind Instruments</h1><p><a href=\"news/\">News</a> · <a href=\"press/\">Press</a></p></body></html>");
        }
        if (path.equals("/news") || path.equals("/news/") || path.equals("/newsroom/")) {
            return wrongCharset
                    ? cached(ex, news, "page-1252", "text/html; charset=utf-8", news.newsPage("windows-1252").getBytes(WINDOWS_1252))
                    : cached(ex, news, "page", "text/html; charset=utf-8", news.newsPage("utf-8").getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/news/feed.xml")) {
            return wrongCharset
                    ? cached(ex, news, "rss-1252", "application/rss+xml; charset=utf-8", news.rss(base, "windows-1252").getBytes(WINDOWS_1252))
                    : cached(ex, news, "rss", "application/rss+xml; charset=utf-8", news.rss(base, "utf-8").getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/news/atom.xml")) {
            return cached(ex, news, "atom", "application/atom+xml", news.atom(base).getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/press/")) {
            return cached(ex, news, "press", "text/html; charset=utf-8", news.pressPage().getBytes(StandardCharsets.UTF_8));
        }
        String slug = path.substring(path.lastIndexOf('/') + 1).replace(".html", "");
        for (CompanyNews.Article a : news.articles()) {
            if (a.slug().equals(slug)) {
                return cached(ex, news, "article-" + slug, "text/html; charset=utf-8", news.articlePage(a).getBytes(StandardCharsets.UTF_8));
            }
        }
        return send(ex, 404, "text/html; charset=utf-8", "<!DOCTYPE html><title>Not found</title><h1>Not found</h1>");
    }

    /** Sends with ETag and Last-Modified, answers conditional requests with 304, gzips when asked. */
    private static int cached(HttpExchange ex, CompanyNews news, String variant, String type, byte[] body) throws IOException {
        boolean gzip = acceptsGzip(ex) && body.length > 1024;
        String tag = news.etag();
        String etag = tag.substring(0, tag.length() - 1) + "-" + variant + (gzip ? "-gz" : "") + "\"";
        Instant lastModified = news.lastModified();
        ex.getResponseHeaders().set("ETag", etag);
        ex.getResponseHeaders().set("Last-Modified", CompanyNews.httpDate(lastModified));
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.getResponseHeaders().set("Vary", "Accept-Encoding");
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        String ims = ex.getRequestHeaders().getFirst("If-Modified-Since");
        // RFC 9110 13.2.2: If-None-Match wins; If-Modified-Since only counts without it.
        boolean notModified = inm != null
                ? inm.equals("*") || java.util.Arrays.stream(inm.split(",")).map(String::strip).anyMatch(etag::equals)
                : ims != null && notModifiedSince(ims, lastModified);
        if (notModified) {
            ex.sendResponseHeaders(304, -1);
            return 304;
        }
        ex.getResponseHeaders().set("Content-Type", type);
        if (gzip) {
            body = gzip(body);
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return 200;
        }
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        return 200;
    }

    private static boolean notModifiedSince(String ims, Instant lastModified) {
        try {
            Instant since = ZonedDateTime.parse(ims.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !lastModified.isAfter(since.plusSeconds(1)); // HTTP dates have whole seconds
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean acceptsGzip(HttpExchange ex) {
        String ae = ex.getRequestHeaders().getFirst("Accept-Encoding");
        return ae != null && ae.toLowerCase(Locale.ROOT).contains("gzip");
    }

    private static int redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        byte[] body = ("<!DOCTYPE html><title>Moved</title><a href=\"" + location + "\">Moved here</a>").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(301, body.length);
        ex.getResponseBody().write(body);
        return 301;
    }

    /** A page far beyond any sensible limit, streamed chunked so the server never holds it. */
    private static int huge(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        byte[] block = ("<article><h2><a href=\"/news/x.html\">Filler headline</a></h2><p>"
                + "Lorem ipsum dolor sit amet. ".repeat(30) + "</p></article>\n").getBytes(StandardCharsets.UTF_8);
        OutputStream out = ex.getResponseBody();
        out.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>News</title></head><body>\n".getBytes(StandardCharsets.UTF_8));
        for (long sent = 0; sent < HUGE_BYTES; sent += block.length) out.write(block);
        out.write("</body></html>\n".getBytes(StandardCharsets.UTF_8));
        return 200;
    }

    /** About 100 KB on the wire that inflate to 100 MB. */
    private static int bomb(HttpExchange ex) throws IOException {
        byte[] b = gzipBomb;
        if (b == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                byte[] zeros = new byte[1 << 20];
                for (int i = 0; i < 100; i++) gz.write(zeros);
            }
            gzipBomb = b = out.toByteArray();
        }
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.getResponseHeaders().set("Content-Encoding", "gzip");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        return 200;
    }

    private static int send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        return status;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
