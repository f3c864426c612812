package braid.web.internal;

import org.jspecify.annotations.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Resolves the hrefs found in feeds and pages to absolute http(s) URIs. Stateless and thread-safe. */
public final class Links {
    private Links() {}

    /**
     * The absolute http or https URI that {@code href} denotes relative to {@code base}, or null
     * when it is empty, malformed beyond repair, or of another scheme ({@code javascript:},
     * {@code mailto:}): such links must not end up in an e-mail.
     */
    public static @Nullable URI resolve(URI base, @Nullable String href) {
        if (href == null) return null;
        String h = href.strip();
        if (h.isEmpty()) return null;
        URI uri = parse(h);
        if (uri == null) return null;
        try {
            URI abs = base == null ? uri : base.resolve(uri);
            String scheme = abs.getScheme();
            if (scheme == null) return null;
            scheme = scheme.toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) return null;
            if (abs.getHost() == null) return null;
            // "http://host" and "http://host/" are the same page; keep the canonical form.
            if (abs.getRawPath() == null || abs.getRawPath().isEmpty()) abs = abs.resolve("/");
            return abs;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // Real hrefs contain spaces, pipes and braces; java.net.URI rejects them, browsers quote them.
    private static @Nullable URI parse(String h) {
        try {
            return new URI(h);
        } catch (URISyntaxException e) {
            StringBuilder sb = new StringBuilder(h.length() + 16);
            for (int i = 0; i < h.length(); i++) {
                char c = h.charAt(i);
                if (c == ' ') sb.append("%20");
                else if (c == '|') sb.append("%7C");
                else if (c == '"') sb.append("%22");
                else if (c == '<') sb.append("%3C");
                else if (c == '>') sb.append("%3E");
                else if (c == '^') sb.append("%5E");
                else if (c == '`') sb.append("%60");
                else if (c == '{') sb.append("%7B");
                else if (c == '}') sb.append("%7D");
                else if (c == '\\') sb.append("%5C");
                else sb.append(c);
            }
            try {
                return new URI(sb.toString());
            } catch (URISyntaxException e2) {
                return null;
            }
        }
    }
}
