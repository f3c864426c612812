package braid.sap.internal;

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
    public record Mapped(String id, SapClient client, Exclusion exclusion, InvalidEmail invalid, boolean noEmail) {}

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

    private static String join(String a, String b) {
        String s = ((a == null ? "" : a.strip()) + " " + (b == null ? "" : b.strip())).strip();
        return s.isEmpty() ? null : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The default entry, else the first non-blank one, else null. */
    static String pick(List<RawPartner.Address> entries) {
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
     * SAP stores WebsiteURL as typed; a bare host gets https. Unparseable URLs and those without a host are dropped.
     * The URI made to check it is garbage at once: the client keeps the string (see {@link SapClient#website()}).
     */
    static String website(String url) {
        if (url == null) {
            return null;
        }
        String s = url.contains("://") ? url : "https://" + url;
        try {
            return new URI(s).getHost() == null ? null : s;
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
