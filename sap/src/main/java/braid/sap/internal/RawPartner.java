package braid.sap.internal;

import java.util.List;

/** The fields of one {@code A_BusinessPartner} entry that the client uses, as they came over the wire. */
public record RawPartner(String id, String category, String fullName, String firstName, String lastName,
                         String orgName1, String orgName2, boolean blocked, boolean archived,
                         List<Address> emails, List<Address> urls) {

    /** One e-mail address or URL with its default flag. */
    public record Address(String value, boolean isDefault) {}
}
