package braid.sap.internal;

import org.jspecify.annotations.Nullable;
import java.util.List;

/** The fields of one {@code A_BusinessPartner} entry that the client uses, as they came over the wire. */
public record RawPartner(String id, @Nullable String category, @Nullable String fullName, @Nullable String firstName,
                         @Nullable String lastName, @Nullable String orgName1, @Nullable String orgName2, boolean blocked, boolean archived,
                         List<Address> emails, List<Address> urls) {

    /** One e-mail address or URL with its default flag. */
    public record Address(@Nullable String value, boolean isDefault) {}
}
