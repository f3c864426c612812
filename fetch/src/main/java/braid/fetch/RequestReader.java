package braid.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads requests, one per line: a URL ({@code https://example.com/a}), or a JSON object
 * {@code {"url": …, "id": …, "method": …, "headers": {…}, "body": …}} (only {@code url} is required). Blank lines and
 * lines starting with {@code #} are skipped. A line that is neither comes back as a {@link Line} with its problem in
 * words, naming the line number, so that the caller can refuse the input or skip it. Not thread-safe.
 */
public final class RequestReader implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Set<String> FIELDS = Set.of("url", "id", "method", "headers", "body");

    private final BufferedReader in;
    private long number;

    public RequestReader(BufferedReader in) {
        this.in = in;
    }

    /**
     * One input line: the request it holds, or what is wrong with it.
     *
     * @param number  the 1-based line number
     * @param text    the line as read
     * @param request the request, or null when the line is bad
     * @param problem what is wrong, or null when the line is good
     */
    public record Line(long number, String text, @Nullable FetchRequest request, @Nullable String problem) {
        /** "line 7: not a URL: 'htp:/x'". */
        public String describe() {
            return "line " + number + ": " + problem;
        }
    }

    /** The next non-blank, non-comment line, or null at the end of the input. */
    public @Nullable Line next() throws IOException {
        String text;
        while ((text = in.readLine()) != null) {
            number++;
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            return parse(t, number);
        }
        return null;
    }

    /** Parses one line (already stripped). */
    public static Line parse(String text, long number) {
        if (text.startsWith("{")) return json(text, number);
        Url u = url(text);
        if (u.problem() != null) return new Line(number, text, null, u.problem());
        return new Line(number, text, new FetchRequest(Objects.requireNonNull(u.uri()), null, "GET", Map.of(), null, number, 0), null);
    }

    private static Line json(String text, long number) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return bad(number, text, "not valid JSON (" + m.replaceAll(" at \\[Source.*", "") + ")");
        }
        if (!n.isObject()) return bad(number, text, "a JSON line must be an object with \"url\"");
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) return bad(number, text, "unknown field \"" + f + "\" (known: url, id, method, headers, body)");
        }
        JsonNode url = n.get("url");
        if (url == null || !url.isTextual()) return bad(number, text, "no \"url\" string");
        Url u = url(url.asText().strip());
        if (u.problem() != null) return bad(number, text, u.problem());
        String id = null;
        if (n.has("id")) {
            JsonNode i = n.get("id");
            if (!i.isTextual() && !i.isNumber()) return bad(number, text, "\"id\" must be a string or a number");
            id = i.asText();
        }
        String method = "GET";
        if (n.has("method")) {
            method = n.get("method").asText().strip().toUpperCase(Locale.ROOT);
            if (!METHODS.contains(method)) return bad(number, text, "unknown method \"" + n.get("method").asText() + "\"");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (n.has("headers")) {
            JsonNode h = n.get("headers");
            if (!h.isObject()) return bad(number, text, "\"headers\" must be an object of strings");
            for (var it = h.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().isTextual()) return bad(number, text, "header \"" + e.getKey() + "\" must be a string");
                if (!e.getKey().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    return bad(number, text, "\"" + e.getKey() + "\" is not a header name");
                }
                headers.put(e.getKey(), e.getValue().asText());
            }
        }
        String body = null;
        if (n.has("body")) {
            JsonNode b = n.get("body");
            body = b.isTextual() ? b.asText() : b.toString(); // an object or array is sent as JSON
            if (!b.isTextual() && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Content-Type"))) {
                headers.put("Content-Type", "application/json");
            }
        }
        return new Line(number, text, new FetchRequest(Objects.requireNonNull(u.uri()), id, method, headers, body, number, 0), null);
    }

    private static Line bad(long number, String text, String problem) {
        return new Line(number, text, null, problem);
    }

    /** What is wrong with {@code text} as a URL to fetch, or null when nothing is. */
    public static @Nullable String urlProblem(String text) {
        return url(text).problem();
    }

    /** A URL to fetch, or what is wrong with it (the text is parsed once: a million lines parse a million URLs). */
    private record Url(@Nullable URI uri, @Nullable String problem) {}

    private static Url url(String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            int i = e.getIndex();
            String why;
            if (i >= 0 && i < text.length() && Character.isWhitespace(text.charAt(i))) {
                why = "a space at character " + (i + 1) + "; write it as %20";
            } else if (i >= 0 && i < text.length()) {
                why = "character " + (i + 1) + " '" + text.charAt(i) + "' is not allowed there";
            } else {
                why = "it ends too early";
            }
            return new Url(null, "not a URL: '" + abbreviate(text) + "' (" + why + ")");
        }
        if (u.getScheme() == null) return new Url(null, "not a URL: '" + abbreviate(text) + "' (no scheme; write https://…)");
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Url(null, "'" + u.getScheme() + ":' URLs cannot be fetched, only http and https: '" + abbreviate(text) + "'");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) return new Url(null, "no host in '" + abbreviate(text) + "'");
        return new Url(u, null);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "…";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
