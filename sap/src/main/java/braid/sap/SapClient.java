package braid.sap;

import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One client as read from SAP: a business partner that is neither blocked nor archived.
 *
 * @param id       the {@code BusinessPartner} number
 * @param name     display name by category (organization: name 1 + 2; person: first + last; else full name)
 * @param email    the default e-mail address (else the first), syntax-checked; null when it has none or it
 *                 is invalid (then it is listed in {@link ClientList#invalid()})
 * @param website  the default URL, or null
 * @param category the partner's category
 */
public record SapClient(String id, String name, @Nullable String email, @Nullable URI website, Category category) {
    public SapClient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(category, "category");
    }
}
