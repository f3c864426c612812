package braid.report.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the personalized reports are e-mailed (section {@code mail}).
 *
 * @param smtp            the SMTP server
 * @param from            the From address
 * @param replyTo         Reply-To, if set
 * @param envelopeFrom    the SMTP envelope sender (bounces go there); defaults to {@code from}'s address
 * @param templates       directory with {@code subject.mustache}, {@code text.mustache},
 *                        {@code html.mustache}; empty for the built-in templates
 * @param concurrency     SMTP connections at a time
 * @param ratePerMinute   most e-mails per minute, 0 for unlimited
 * @param unsubscribeUrl  https URL template for List-Unsubscribe ({@code {clientId}}, {@code {email}}, {@code {messageId}}), if set
 * @param suppressionFile file of addresses or client ids not to mail, if set
 * @param testRecipient   address that receives every e-mail instead of the clients, when test mode is used
 */
public record MailConfig(SmtpConfig smtp, MailAddress from, Optional<MailAddress> replyTo, String envelopeFrom,
        Optional<Path> templates, int concurrency, int ratePerMinute, Optional<String> unsubscribeUrl,
        Optional<Path> suppressionFile, Optional<MailAddress> testRecipient, int stopAfterFailures) {

    public MailConfig {
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(envelopeFrom, "envelopeFrom");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(unsubscribeUrl, "unsubscribeUrl");
        Objects.requireNonNull(suppressionFile, "suppressionFile");
        Objects.requireNonNull(testRecipient, "testRecipient");
    }
}
