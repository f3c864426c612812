package braid.mail;

import java.util.Objects;

/**
 * One client to mail: its stable id (from SAP), display name and e-mail address, exactly as the source gave them.
 *
 * <p>Values are not validated here because they come from outside systems: the mailer checks them and reports
 * invalid addresses instead of failing. Immutable and thread-safe; no component may be null.
 */
public record Recipient(String clientId, String name, String email) {
    public Recipient {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }

    /**
     * The address as it is mailed: stripped, a domain written in Unicode ({@code info@müller-bau.de}) in its ASCII
     * form ({@code info@xn--mller-bau-q9a.de}), so both spellings are seen as one address.
     */
    public String smtpAddress() {
        return braid.mail.internal.Addresses.forSmtp(email.strip());
    }
}
