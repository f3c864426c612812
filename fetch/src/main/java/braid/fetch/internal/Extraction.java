package braid.fetch.internal;

import braid.fetch.FetchRequest;
import braid.fetch.FetchResult;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jspecify.annotations.Nullable;

/** What is kept of a body: a CSS selection, a JSON pointer's value, the text, or a saved file; and links to crawl. */
public final class Extraction {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final @Nullable Evaluator css;
    private final @Nullable String attribute;
    private final @Nullable JsonPointer pointer;

    private Extraction(@Nullable Evaluator css, @Nullable String attribute, @Nullable JsonPointer pointer) {
        this.css = css;
        this.attribute = attribute;
        this.pointer = pointer;
    }

    /**
     * {@code selector} or {@code selector@attribute}.
     *
     * @throws IllegalArgumentException naming the selector when jsoup cannot parse it
     */
    public static Extraction css(String selectorAndAttribute) {
        String sel = selectorAndAttribute;
        String attr = null;
        int at = sel.lastIndexOf('@');
        if (at > 0 && sel.substring(at + 1).matches("[A-Za-z_:][-A-Za-z0-9_:.]*")) {
            attr = sel.substring(at + 1);
            sel = sel.substring(0, at);
        }
        try {
            return new Extraction(QueryParser.parse(sel), attr, null);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a CSS selector: '" + selectorAndAttribute + "' (" + e.getMessage() + ")");
        }
    }

    /** @throws IllegalArgumentException when {@code pointer} is not a JSON pointer ("/a/0/b") */
    public static Extraction jsonPointer(String pointer) {
        try {
            return new Extraction(null, null, JsonPointer.compile(pointer));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JSON pointer: '" + pointer + "' (it starts with / and names keys or indexes: /items/0/name)");
        }
    }

    /** The result of a fetched answer. */
    public static FetchResult result(FetchRequest req, Exchange.Answer ans, long ms, int attempts,
                                     @Nullable Extraction extraction, @Nullable Path saveDir, @Nullable String follow)
            throws Exchange.AttemptFailure {
        String contentType = ans.headers().firstValue("Content-Type").orElse(null);
        byte[] bytes = ans.body();
        boolean html = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("html");
        Document doc = null;
        List<String> extracted = null;
        if (extraction != null && extraction.pointer != null) {
            extracted = extraction.pointer(bytes);
        } else if (extraction != null) {
            doc = parse(bytes, contentType, ans.finalUrl());
            extracted = extraction.select(doc);
        }
        List<URI> links = List.of();
        if (follow != null && html && ans.status() / 100 == 2) {
            if (doc == null) doc = parse(bytes, contentType, ans.finalUrl());
            links = links(doc, follow, ans.finalUrl());
        }
        Path saved = null;
        String text = null;
        if (saveDir != null) {
            saved = save(saveDir, req, contentType, bytes);
        } else if (extracted == null && textual(contentType, bytes)) {
            text = new String(bytes, charset(contentType));
        }
        return new FetchResult(req, ans.finalUrl(), ans.status(), ms, attempts, bytes.length, contentType, null, null,
                text, extracted, saved, links);
    }

    private List<String> pointer(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes).at(java.util.Objects.requireNonNull(pointer));
            if (n.isMissingNode()) return List.of();
            return List.of(n.isValueNode() ? n.asText() : n.toString());
        } catch (IOException e) {
            return List.of(); // not JSON: nothing found
        }
    }

    private List<String> select(Document doc) {
        List<String> out = new ArrayList<>();
        for (Element e : doc.select(java.util.Objects.requireNonNull(css))) {
            if (attribute == null) {
                out.add(e.text());
            } else if (e.hasAttr(attribute)) {
                String abs = e.absUrl(attribute);
                out.add(abs.isEmpty() ? e.attr(attribute) : abs);
            }
        }
        return out;
    }

    private static List<URI> links(Document doc, String follow, URI page) {
        Set<URI> out = new LinkedHashSet<>();
        for (Element e : doc.select(follow)) {
            String href = e.hasAttr("href") ? e.absUrl("href") : e.hasAttr("src") ? e.absUrl("src") : "";
            if (href.isEmpty()) continue;
            try {
                URI n = Links.normalize(new URI(href.replace(" ", "%20")));
                if (n != null && Links.sameSite(page, n)) out.add(n);
            } catch (java.net.URISyntaxException ignored) {
                // a link that is not a URL is not followed
            }
        }
        return List.copyOf(out);
    }

    private static Document parse(byte[] bytes, @Nullable String contentType, URI base) throws Exchange.AttemptFailure {
        try {
            String cs = charsetName(contentType);
            return Jsoup.parse(new ByteArrayInputStream(bytes), cs, base.toString());
        } catch (IOException e) {
            throw Exchange.AttemptFailure.permanent("the page cannot be parsed: " + e.getMessage(), braid.http.HttpFailure.Kind.OTHER);
        }
    }

    private static boolean textual(@Nullable String contentType, byte[] bytes) {
        if (contentType == null) return bytes.length == 0 || looksLikeText(bytes);
        String t = contentType.toLowerCase(Locale.ROOT);
        return t.startsWith("text/") || t.contains("json") || t.contains("xml") || t.contains("javascript")
                || t.contains("x-www-form-urlencoded");
    }

    private static boolean looksLikeText(byte[] bytes) {
        int n = Math.min(bytes.length, 512);
        for (int i = 0; i < n; i++) if (bytes[i] == 0) return false;
        return true;
    }

    private static @Nullable String charsetName(@Nullable String contentType) {
        if (contentType == null) return null;
        for (String p : contentType.split(";")) {
            String s = p.strip();
            if (s.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String cs = s.substring(8).replace("\"", "").strip();
                return Charset.isSupported(cs) ? cs : null;
            }
        }
        return null;
    }

    private static Charset charset(@Nullable String contentType) {
        String cs = charsetName(contentType);
        return cs != null ? Charset.forName(cs) : StandardCharsets.UTF_8;
    }

    /** Saves the body as {@code <id or hash of the URL><extension>}, through a temporary file. */
    private static Path save(Path dir, FetchRequest req, @Nullable String contentType, byte[] bytes) throws Exchange.AttemptFailure {
        String name = req.id() != null ? req.id().replaceAll("[^A-Za-z0-9._-]", "_") : hash(req.url().toString());
        if (name.isEmpty() || name.startsWith(".")) name = "_" + name;
        Path file = dir.resolve(name + extension(contentType));
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".part-", ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw Exchange.AttemptFailure.permanent("cannot save the body to " + file + ": " + e.getMessage(), braid.http.HttpFailure.Kind.OTHER);
        }
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String extension(@Nullable String contentType) {
        if (contentType == null) return "";
        String t = contentType.toLowerCase(Locale.ROOT);
        if (t.contains("html")) return ".html";
        if (t.contains("json")) return ".json";
        if (t.contains("xml")) return ".xml";
        if (t.startsWith("text/")) return ".txt";
        if (t.contains("png")) return ".png";
        if (t.contains("jpeg")) return ".jpg";
        if (t.contains("pdf")) return ".pdf";
        return "";
    }
}
