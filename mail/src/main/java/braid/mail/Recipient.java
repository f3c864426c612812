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
}
