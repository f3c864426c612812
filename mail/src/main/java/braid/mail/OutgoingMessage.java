package braid.mail;

import java.util.Map;
import java.util.Objects;

/**
 * One report e-mail to render and send: a recipient and the template model (see {@link TemplateModel} for keys).
 *
 * <p>The mailer adds the {@code client} and {@code unsubscribeUrl} keys itself. Immutable and thread-safe.
 */
public record OutgoingMessage(Recipient recipient, Map<String, Object> model, java.util.List<Inline> inline) {
    /**
     * An image shown inside the HTML part, referenced there as {@code cid:} + {@link #contentId()} (RFC 2392), such
     * as the chart of the day's requests per hour.
     *
     * @param contentId the id without angle brackets, e.g. {@code hours-1000001@braid}
     * @param mimeType  e.g. {@code image/png}
     * @param data      the image's bytes
     * @param filename  a name for clients that show it as an attachment
     */
    public record Inline(String contentId, String mimeType, byte[] data, String filename) {
        public Inline {
            Objects.requireNonNull(contentId, "contentId");
            Objects.requireNonNull(mimeType, "mimeType");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(filename, "filename");
            if (contentId.indexOf('<') >= 0 || contentId.indexOf('>') >= 0 || contentId.isBlank()) {
                throw new IllegalArgumentException("contentId without angle brackets: '" + contentId + "'");
            }
        }
    }

    public OutgoingMessage {
        Objects.requireNonNull(recipient, "recipient");
        model = Map.copyOf(Objects.requireNonNull(model, "model"));
        inline = java.util.List.copyOf(Objects.requireNonNull(inline, "inline"));
    }

    /** A message without inline images. */
    public OutgoingMessage(Recipient recipient, Map<String, Object> model) {
        this(recipient, model, java.util.List.of());
    }
}
