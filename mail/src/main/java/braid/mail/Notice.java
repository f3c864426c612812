package braid.mail;

import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A single plain-text e-mail sent outside a report run, such as a notice to the operators; send it with
 * {@link Mailer#sendNotice}. Immutable and thread-safe: the addresses are copied in and out (Jakarta's
 * {@link InternetAddress} is mutable).
 *
 * @param from         the {@code From} mailbox
 * @param to           the recipients, at least one
 * @param subject      the subject (any Unicode; encoded as UTF-8)
 * @param text         the body (UTF-8 plain text)
 * @param envelopeFrom the envelope sender that receives bounces, a bare address
 */
public record Notice(InternetAddress from, List<InternetAddress> to, String subject, String text, String envelopeFrom) {
    public Notice {
        from = copy(Objects.requireNonNull(from, "from"));
        to = Objects.requireNonNull(to, "to").stream().map(Notice::copy).toList();
        if (to.isEmpty()) {
            throw new IllegalArgumentException("a notice needs at least one recipient: " + to);
        }
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
    }

    @Override
    public InternetAddress from() {
        return copy(from);
    }

    @Override
    public List<InternetAddress> to() {
        return to.stream().map(Notice::copy).toList();
    }

    private static InternetAddress copy(InternetAddress a) {
        return (InternetAddress) Objects.requireNonNull(a, "address").clone();
    }
}
