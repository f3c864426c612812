package braid.report.config;

import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
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

    /**
     * {@code Name <address>} with the name quoted where RFC 5322 needs it, or just the address; not
     * header-encoded (the mail module does that).
     */
    @Override
    public String toString() {
        if (displayName.isEmpty()) {
            return address;
        }
        try {
            return new InternetAddress(address, displayName, "UTF-8").toUnicodeString();
        } catch (UnsupportedEncodingException e) {
            throw new AssertionError("UTF-8 is always supported", e);
        }
    }
}
