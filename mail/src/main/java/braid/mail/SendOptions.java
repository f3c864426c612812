package braid.mail;

import org.jspecify.annotations.Nullable;

import java.util.Objects;
import java.util.Set;

/**
 * What one send should do beyond the defaults: deliberate resends, suppression, unsubscribe links, canary redirect.
 *
 * <p>By default a rerun of a date sends only what has no intent yet (or failed for sure) and lists uncertain
 * messages without resending them. {@code resendIds} (Message-IDs, with or without angle brackets) and
 * {@code resendUncertain} resend on purpose; {@code resendAll} starts the date over. {@code unsubscribeUrlTemplate}
 * may use {@code {clientId}}, {@code {email}} and {@code {messageId}} (URL-encoded when substituted) and must give
 * an https URL; when set, every message carries {@code List-Unsubscribe} and RFC 8058 one-click headers.
 * {@code redirectTo}, when set, sends every message to that one address instead (a canary) without reading or
 * writing the journal. Immutable and thread-safe.
 *
 * @param resendIds              Message-IDs to send again even if accepted or uncertain
 * @param resendUncertain        resend every message whose outcome is unknown
 * @param resendAll              forget the date's journal and send everything again
 * @param suppression            who is never mailed
 * @param unsubscribeUrlTemplate the unsubscribe URL pattern, or null for none
 * @param redirectTo             the canary address, or null
 */
public record SendOptions(Set<String> resendIds, boolean resendUncertain, boolean resendAll, Suppression suppression,
                          @Nullable String unsubscribeUrlTemplate, @Nullable String redirectTo) {
    /** No resends, no suppression, no unsubscribe header, no redirect. */
    public static final SendOptions DEFAULT = new SendOptions(Set.of(), false, false, Suppression.none(), null, null);

    public SendOptions {
        resendIds = Set.copyOf(Objects.requireNonNull(resendIds, "resendIds"));
        Objects.requireNonNull(suppression, "suppression");
        if (unsubscribeUrlTemplate != null && !unsubscribeUrlTemplate.startsWith("https://")) {
            throw new IllegalArgumentException("unsubscribeUrlTemplate must be an https URL (RFC 8058): '"
                    + unsubscribeUrlTemplate + "'");
        }
        if (unsubscribeUrlTemplate != null && unsubscribeUrlTemplate.chars().anyMatch(c -> c <= ' ' || c == '>' || c == 0x7f)) {
            throw new IllegalArgumentException("unsubscribeUrlTemplate contains a space, control character or '>': '"
                    + unsubscribeUrlTemplate + "'");
        }
        if (redirectTo != null) {
            String problem = braid.mail.internal.Addresses.problemWithAddress(redirectTo);
            if (problem != null) {
                throw new IllegalArgumentException("redirectTo '" + redirectTo + "': " + problem);
            }
        }
    }

    public SendOptions withResend(String messageId) {
        java.util.HashSet<String> ids = new java.util.HashSet<>(resendIds);
        ids.add(messageId);
        return new SendOptions(ids, resendUncertain, resendAll, suppression, unsubscribeUrlTemplate, redirectTo);
    }

    public SendOptions withResendUncertain() {
        return new SendOptions(resendIds, true, resendAll, suppression, unsubscribeUrlTemplate, redirectTo);
    }

    public SendOptions withResendAll() {
        return new SendOptions(resendIds, resendUncertain, true, suppression, unsubscribeUrlTemplate, redirectTo);
    }

    public SendOptions withSuppression(Suppression suppression) {
        return new SendOptions(resendIds, resendUncertain, resendAll, suppression, unsubscribeUrlTemplate, redirectTo);
    }

    public SendOptions withUnsubscribeUrl(String template) {
        return new SendOptions(resendIds, resendUncertain, resendAll, suppression, template, redirectTo);
    }

    public SendOptions withRedirectTo(String address) {
        return new SendOptions(resendIds, resendUncertain, resendAll, suppression, unsubscribeUrlTemplate, address);
    }
}
