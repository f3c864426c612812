package braid.sap.internal;

import org.jspecify.annotations.Nullable;
import braid.sap.Category;
import braid.sap.InvalidEmail;
import braid.sap.SapClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Turns a wire partner into a client or a reason to leave it out; stateless. */
public final class PartnerMapper {

    /** Why a partner is not a client. */
    public enum Exclusion { NONE, BLOCKED, ARCHIVED }

    /** The outcome for one partner: {@code client} is null unless {@code exclusion} is NONE. */
    public record Mapped(String id, @Nullable SapClient client, Exclusion exclusion, @Nullable InvalidEmail invalid, boolean noEmail) {}

    private PartnerMapper() {}

    public static Mapped map(RawPartner p) {
        if (p.blocked()) {
            return new Mapped(p.id(), null, Exclusion.BLOCKED, null, false);
        }
        if (p.archived()) {
            return new Mapped(p.id(), null, Exclusion.ARCHIVED, null, false);
        }
        Category category = Category.ofCode(p.category());
        String email = pick(p.emails());
        InvalidEmail invalid = null;
        if (email != null) {
            String problem = EmailSyntax.problem(email);
            if (problem != null) {
                invalid = new InvalidEmail(p.id(), email, problem);
                email = null;
            }
        }
        boolean noEmail = email == null && invalid == null;
        SapClient client = new SapClient(p.id(), name(p, category), email, website(pick(p.urls())), category);
        return new Mapped(p.id(), client, Exclusion.NONE, invalid, noEmail);
    }

    static String name(RawPartner p, Category category) {
        String name = switch (category) {
            case ORGANIZATION -> join(p.orgName1(), p.orgName2());
            case PERSON -> join(p.firstName(), p.lastName());
            default -> blankToNull(p.fullName());
        };
        if (name == null) {
            name = blankToNull(p.fullName());
        }
        return name == null ? p.id() : name;
    }

    private static @Nullable String join(@Nullable String a, @Nullable String b) {
        String s = ((a == null ? "" : a.strip()) + " " + (b == null ? "" : b.strip())).strip();
        return s.isEmpty() ? null : s;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The default entry, else the first non-blank one, else null. */
    static @Nullable String pick(List<RawPartner.Address> entries) {
        String first = null;
        // by index: the lists are List.of/copyOf (random access), and an iterator per partner was garbage
        for (int i = 0, n = entries.size(); i < n; i++) {
            RawPartner.Address a = entries.get(i);
            if (a.value() == null || a.value().isBlank()) {
                continue;
            }
            if (a.isDefault()) {
                return a.value().strip();
            }
            if (first == null) {
                first = a.value().strip();
            }
        }
        return first;
    }

    /**
     * SAP stores WebsiteURL as typed; a bare host gets https. A URL as a browser's address bar takes it is kept in
     * the form the wire and the access logs use: an internationalized host ({@code www.müller-bau.de}) as its ASCII
     * name ({@code www.xn--mller-bau-q9a.de}, what browsers send and web servers log), a space or umlaut in the path
     * percent-encoded. {@code java.net.URI} takes neither (a host outside ASCII parses without a host), so such a
     * client had silently no site. What has no site's host even so is dropped: two URLs in one field, "-", and a
     * name without a dot ("n/a" would be the host "n": its health check would tell the client their site is down).
     * The URI made to check it is garbage at once: the client keeps the string (see {@link SapClient#website()}).
     */
    static @Nullable String website(@Nullable String url) {
        if (url == null) {
            return null;
        }
        String s = url.contains("://") ? url : "https://" + url;
        if (plain(s)) {
            return s; // what java.net.URI would accept with a site's host, without its parse
        }
        try {
            String host = new URI(s).getHost();
            if (host != null) {
                return siteHost(host) ? s : null;
            }
        } catch (URISyntaxException e) {
            // perhaps characters a URI must encode: below
        }
        return browserForm(s);
    }

    /**
     * Whether {@code s} is the common website, {@code http(s)://} a host name with a dot and an optional path, all in
     * characters a URI takes as they are: then {@link #website} returns it as it is, as it would after
     * {@code new URI(s)}. Checked by hand because that parse is most of a page's mapping: 130–200 ms per 100,000
     * websites under C1, the JIT {@code braid report} runs with. Anything else (a port, user info, a query, an
     * IP address, a label that starts or ends with '-', a space, an umlaut, '%' without two hex digits) is left to
     * {@code java.net.URI}; {@code PartnerMapperTest} holds the two to the same answers.
     */
    static boolean plain(String s) {
        int start = s.startsWith("https://") ? 8 : s.startsWith("http://") ? 7 : -1;
        if (start < 0) {
            return false;
        }
        int n = s.length();
        int i = start;
        int labelStart = i;
        int dots = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                // a label of letters, digits and inner hyphens
                if (i == labelStart || s.charAt(i - 1) == '-') {
                    return false;
                }
                dots++;
                labelStart = i + 1;
            } else if (c == '-') {
                if (i == labelStart) {
                    return false;
                }
            } else if (c == '/') {
                break;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        // the last label: not empty, no hyphen at its end, starting with a letter (a top-level domain)
        if (dots == 0 || i == labelStart || s.charAt(i - 1) == '-') {
            return false;
        }
        char top = s.charAt(labelStart);
        if (!(top >= 'a' && top <= 'z' || top >= 'A' && top <= 'Z')) {
            return false;
        }
        for (; i < n; i++) { // the path: RFC 2396's pchar and '/', '%' with two hex digits
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= n || HEX.indexOf(s.charAt(i + 1)) < 0 || HEX.indexOf(s.charAt(i + 2)) < 0) {
                    return false;
                }
                i += 2;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || PATH.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static final String HEX = "0123456789abcdefABCDEF";
    private static final String PATH = "/-_.!~*'();:@&=+$,";

    /** A host a client's website can have: a name with a dot (not "n", "localhost", "intranet") or an IP literal. */
    private static boolean siteHost(String host) {
        int dot = host.indexOf('.');
        return host.startsWith("[") || dot > 0 && dot < host.length() - 1;
    }

    /** {@code s} with its host in ASCII and what a URI cannot hold encoded, if it then has a host; else null. */
    private static @Nullable String browserForm(String s) {
        int colon = s.indexOf("://");
        String scheme = s.substring(0, colon);
        String rest = s.substring(colon + 3);
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if ("/?#".indexOf(rest.charAt(i)) >= 0) {
                end = i;
                break;
            }
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        int at = authority.lastIndexOf('@');
        int port = authority.lastIndexOf(':');
        String host = authority.substring(at + 1, port > at && !authority.endsWith("]") ? port : authority.length());
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            return null;
        }
        try {
            String ascii = java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED);
            String authorityAscii = authority.substring(0, at + 1) + ascii + authority.substring(at + 1 + host.length());
            int q = tail.indexOf('?');
            int h = tail.indexOf('#');
            int pathEnd = q >= 0 ? q : h >= 0 ? h : tail.length();
            String path = tail.substring(0, pathEnd);
            String query = q >= 0 ? tail.substring(q + 1, h > q ? h : tail.length()) : null;
            String fragment = h >= 0 ? tail.substring(h + 1) : null;
            // the multi-argument constructor quotes what the single-argument one refuses; toASCIIString encodes the rest
            URI uri = new URI(scheme, authorityAscii, path.isEmpty() ? null : path, query, fragment);
            return uri.getHost() == null || !siteHost(uri.getHost()) ? null : uri.toASCIIString();
        } catch (IllegalArgumentException | URISyntaxException e) {
            return null;
        }
    }
}
