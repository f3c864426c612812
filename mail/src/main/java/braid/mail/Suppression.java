package braid.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Addresses and client ids that must never be mailed (unsubscribed, bounced, legal hold).
 *
 * <p>An entry containing {@code @} matches an address case-insensitively; any other entry matches a client id
 * exactly. Immutable and thread-safe.
 */
public final class Suppression {
    private static final Suppression NONE = new Suppression(Set.of(), Set.of());

    private final Set<String> addresses;
    private final Set<String> clientIds;

    private Suppression(Set<String> addresses, Set<String> clientIds) {
        this.addresses = Set.copyOf(addresses);
        this.clientIds = Set.copyOf(clientIds);
    }

    /** Suppresses nothing. */
    public static Suppression none() {
        return NONE;
    }

    /** Suppresses these addresses and client ids. */
    public static Suppression of(Collection<String> entries) {
        Set<String> addresses = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (String raw : entries) {
            String e = Objects.requireNonNull(raw, "suppression entry").strip();
            if (e.isEmpty()) {
                continue;
            }
            if (e.indexOf('@') >= 0) {
                addresses.add(braid.mail.internal.Addresses.forSmtp(e).toLowerCase(Locale.ROOT));
            } else {
                ids.add(e);
            }
        }
        return new Suppression(addresses, ids);
    }

    /**
     * Reads a UTF-8 file with one address or client id per line; blank lines and lines starting with {@code #}
     * are ignored.
     */
    public static Suppression fromFile(Path file) throws IOException {
        return of(Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList());
    }

    /** Whether {@code r} must not be mailed. */
    public boolean suppresses(Recipient r) {
        return clientIds.contains(r.clientId()) || addresses.contains(r.smtpAddress().toLowerCase(Locale.ROOT));
    }

    /** The number of entries. */
    public int size() {
        return addresses.size() + clientIds.size();
    }
}
