package braid.mail;

import org.jspecify.annotations.Nullable;

import braid.mail.internal.Addresses;

import java.util.Objects;

/**
 * Who the report comes from: the {@code From} and {@code Reply-To} mailboxes, the envelope sender that receives
 * bounces, and the stable domain used in deterministic Message-IDs.
 *
 * <p>{@code from} and {@code replyTo} are RFC 5322 mailboxes such as {@code "ACME News <news@acme.example>"};
 * {@code envelopeFrom} is a bare address; {@code messageIdDomain} is a host name that must not change between runs
 * (it is part of every Message-ID the journal remembers). {@code replyTo}, {@code envelopeFrom} and
 * {@code messageIdDomain} may be null or blank: they then default to {@code from}, its address and its address's
 * domain. Validated on construction; immutable and thread-safe.
 */
public record SenderIdentity(String from, String replyTo, String envelopeFrom, String messageIdDomain) {
    public SenderIdentity {
        Objects.requireNonNull(from, "from");
        String fromAddress = Addresses.parseMailbox(from).getAddress();
        // the other three are optional in the company's configuration: absent means "derive from From"
        if (replyTo == null || replyTo.isBlank()) {
            replyTo = from;
        }
        if (envelopeFrom == null || envelopeFrom.isBlank()) {
            envelopeFrom = fromAddress;
        }
        if (messageIdDomain == null || messageIdDomain.isBlank()) {
            messageIdDomain = fromAddress.substring(fromAddress.lastIndexOf('@') + 1);
        }
        Addresses.parseMailbox(replyTo);
        String problem = Addresses.problemWithAddress(envelopeFrom);
        if (problem != null) {
            throw new IllegalArgumentException("envelopeFrom '" + envelopeFrom + "': " + problem);
        }
        if (!messageIdDomain.matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("messageIdDomain is not a host name: '" + messageIdDomain + "'");
        }
    }

    /** Uses {@code from} for Reply-To and its address for bounces, and the address's domain for Message-IDs. */
    public static SenderIdentity of(String from) {
        return new SenderIdentity(from, "", "", ""); // blank: derived from From
    }

    /**
     * The Message-ID of {@code clientId}'s report of {@code date} under this identity: the same on every run, which
     * the send journal and {@code --resend} rely on.
     */
    public String messageIdFor(java.time.LocalDate date, String clientId) {
        return braid.mail.internal.MessageComposer.messageId(date, clientId, messageIdDomain);
    }
}
