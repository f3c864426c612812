package braid.mail;

import java.util.Map;
import java.util.Objects;

/**
 * One report e-mail to render and send: a recipient and the template model (see {@link TemplateModel} for keys).
 *
 * <p>The mailer adds the {@code client} and {@code unsubscribeUrl} keys itself. Immutable and thread-safe.
 */
public record OutgoingMessage(Recipient recipient, Map<String, Object> model) {
    public OutgoingMessage {
        Objects.requireNonNull(recipient, "recipient");
        model = Map.copyOf(Objects.requireNonNull(model, "model"));
    }
}
