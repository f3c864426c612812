package braid.report.config;

import java.util.Objects;

/**
 * A validated e-mail address with an optional display name.
 *
 * @param address     the bare address, {@code reports@example.com}
 * @param displayName the display name, empty if none
 */
public record MailAddress(String address, String displayName) {
    public MailAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(displayName, "displayName");
    }

    /** {@code Name <address>}, or just the address; not header-encoded (the mail module does that). */
    @Override
    public String toString() {
        return displayName.isEmpty() ? address : displayName + " <" + address + ">";
    }
}
