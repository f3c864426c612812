package braid.report.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a client's website is found among the virtual hosts of the logs (section
 * {@code report.siteMatch}).
 *
 * @param rule      the matching rule
 * @param overrides client id to normalized virtual host, replacing the rule for that client
 * @param noSite    client ids that have no site of their own ({@code none} in {@code overrides})
 */
public record SiteMatchConfig(Rule rule, Map<String, String> overrides, Set<String> noSite) {

    /** Matching rules. */
    public enum Rule {
        /** The client's website host from SAP, normalized, equals a virtual host, normalized. */
        HOST
    }

    /** The default: rule {@code host}, no overrides. */
    public static final SiteMatchConfig DEFAULT = new SiteMatchConfig(Rule.HOST, Map.of(), Set.of());

    public SiteMatchConfig {
        Objects.requireNonNull(rule, "rule");
        overrides = Map.copyOf(overrides);
        noSite = Set.copyOf(noSite);
    }

    /**
     * Normalizes a host or URL for matching: scheme, path, port and a leading {@code www.} are
     * stripped and the rest lower-cased ({@code https://WWW.Shop.example.com:8443/x} gives
     * {@code shop.example.com}); an internationalized name becomes its ASCII form, as browsers send it and web
     * servers log it ({@code müller-bau.de} gives {@code xn--mller-bau-q9a.de}), so an override or a log written
     * either way matches. Returns an empty string for blank input.
     */
    public static String normalizeHost(String hostOrUrl) {
        String h = hostOrUrl.strip().toLowerCase(Locale.ROOT);
        int scheme = h.indexOf("://");
        if (scheme >= 0) {
            h = h.substring(scheme + 3);
        }
        int slash = indexOfAny(h, "/?#");
        if (slash >= 0) {
            h = h.substring(0, slash);
        }
        int at = h.lastIndexOf('@');
        if (at >= 0) {
            h = h.substring(at + 1);
        }
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!h.chars().allMatch(c -> c < 128)) {
            try {
                h = java.net.IDN.toASCII(h, java.net.IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException notAName) {
                // left as it is: it matches only itself
            }
        }
        if (h.startsWith("www.")) {
            h = h.substring(4);
        }
        return h;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
