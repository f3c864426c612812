package braid.sap;

import java.util.Objects;

/**
 * An e-mail address from SAP that failed the syntax check and must never be sent to.
 *
 * @param partnerId the {@code BusinessPartner} number
 * @param address   the address as SAP holds it
 * @param reason    why it was rejected
 */
public record InvalidEmail(String partnerId, String address, String reason) {
    public InvalidEmail {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reason, "reason");
    }
}
