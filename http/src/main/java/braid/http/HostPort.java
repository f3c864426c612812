package braid.http;

import java.net.InetSocketAddress;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/** "host:port" and short URLs as braid's messages show them: one wording for every HTTP client. */
public final class HostPort {
    private HostPort() {}

    /** The port a URL connects to: its own, else 443 for https and 80 otherwise. */
    public static int port(URI uri) {
        if (uri.getPort() > 0) return uri.getPort();
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** "host:port" of {@code uri}, the port always shown ("example.com:443"). */
    public static String of(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    /** "host:port" of a socket address. */
    public static String of(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /**
     * The URL without its query, fragment and user info (which may hold secrets or be long):
     * "https://example.com:8443/path", the port only when the URL names one.
     */
    public static String shortUrl(@Nullable URI uri) {
        if (uri == null || uri.getHost() == null) return String.valueOf(uri);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }
}
