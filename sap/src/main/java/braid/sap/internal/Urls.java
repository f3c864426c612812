package braid.sap.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/** URL building, resolving and secret stripping; stateless. */
public final class Urls {

    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([?&](?:sap-password|password|passwd|pwd|client_secret|secret|apikey|api_key|access_token|token)=)[^&#]*");

    private Urls() {}

    /**
     * Percent-encodes a query value, keeping the characters OData expressions use literally.
     * Hand-written because {@code URLEncoder} does form encoding ('+' for space), which SAP Gateway reads
     * differently from RFC 3986 and which would hide a literal '+'.
     */
    public static String encode(String value) {
        StringBuilder b = new StringBuilder();
        for (byte raw : value.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~$,/()':*@!;".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    /** Resolves a {@code __next} link (absolute or relative) against the URL of the page that sent it. */
    public static URI resolve(URI request, String next) {
        URI link;
        try {
            link = new URI(next);
        } catch (URISyntaxException e) {
            // Some servers send characters (spaces, quotes in $filter) unencoded; encode only those.
            link = URI.create(encodeIllegal(next));
        }
        return request.resolve(link);
    }

    private static String encodeIllegal(String s) {
        StringBuilder b = new StringBuilder();
        for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
            int c = raw & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /**
     * The origin of a URL as RFC 6454 defines it: scheme and host in lower case and the port, the scheme's
     * default when none is given ({@code https://sap.example.com:443} is {@code https://sap.example.com}).
     */
    public static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port < 0) {
            port = switch (scheme) {
                case "http" -> 80;
                case "https" -> 443;
                default -> -1;
            };
        }
        return scheme + "://" + host + (port < 0 ? "" : ":" + port);
    }

    /** Whether two URLs share scheme, host and port. */
    public static boolean sameOrigin(URI a, URI b) {
        return a.getHost() != null && origin(a).equals(origin(b));
    }

    /** The URL without user info and with secret-looking query parameters masked, safe for messages. */
    public static URI sanitize(URI uri) {
        String s = uri.toString();
        if (uri.getRawUserInfo() != null) {
            s = s.replace(uri.getRawUserInfo() + "@", "");
        }
        s = SECRET_PARAM.matcher(s).replaceAll("$1***");
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + uri.getRawPath());
        }
    }
}
