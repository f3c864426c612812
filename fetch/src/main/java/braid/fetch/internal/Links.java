package braid.fetch.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Links as a crawler compares them: normalised, same-site, keyed once. */
public final class Links {
    private Links() {}

    /**
     * {@code link} normalised: scheme and host lower-case, the default port dropped, the fragment dropped, an empty
     * path made "/", dot segments removed; null when it is not an http(s) URL.
     */
    public static @Nullable URI normalize(URI link) {
        String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || link.getHost() == null) return null;
        int port = link.getPort();
        if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) port = -1;
        String path = link.getRawPath() == null || link.getRawPath().isEmpty() ? "/" : link.getRawPath();
        try {
            URI u = new URI(scheme + "://" + link.getHost().toLowerCase(Locale.ROOT) + (port > 0 ? ":" + port : "")
                    + path + (link.getRawQuery() != null ? "?" + link.getRawQuery() : ""));
            return u.normalize();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The key under which a page is fetched once. */
    public static String key(URI url) {
        URI n = normalize(url);
        return n != null ? n.toString() : url.toString();
    }

    /** Whether {@code link} is on the same site (host) as {@code page}. */
    public static boolean sameSite(URI page, URI link) {
        return page.getHost() != null && link.getHost() != null && page.getHost().equalsIgnoreCase(link.getHost());
    }
}
