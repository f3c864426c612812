package braid.sap;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One client as read from SAP: a business partner that is neither blocked nor archived.
 *
 * @param id       the {@code BusinessPartner} number
 * @param name     display name by category (organization: name 1 + 2; person: first + last; else full name)
 * @param email    the default e-mail address (else the first), syntax-checked; null when it has none or it
 *                 is invalid (then it is listed in {@link ClientList#invalid()})
 * @param website  the default URL (else the first) as SAP holds it, {@code https://} put before a bare host, an
 *                 internationalized host in its ASCII form ({@code xn--…}, as browsers send it and servers log it)
 *                 and a space or umlaut in the path percent-encoded; only one
 *                 that parses as a {@link java.net.URI} with a host (so {@code URI.create(website)} cannot fail), else
 *                 null. A string, as SAP's {@code WebsiteURL} is: a {@code URI} per partner was 11 objects kept
 *                 through the fetch, and their copying in young collections slowed a fetch of 100,000 partners by
 *                 about 7 % (bench/results/sap.md, session 14)
 * @param category the partner's category
 */
public record SapClient(String id, String name, @Nullable String email, @Nullable String website, Category category) {
    public SapClient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
    }
}
