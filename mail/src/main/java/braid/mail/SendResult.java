package braid.mail;

import java.time.LocalDate;
import java.util.List;

/**
 * What one send did for a report date, message by message.
 *
 * <p>{@code uncertain} lists messages whose intent is journaled without acceptance (from this run or an earlier
 * one): the server may have them, so they are not resent unless asked. Immutable and thread-safe.
 *
 * @param date         the report date
 * @param sent         accepted by the server in this run
 * @param alreadySent  accepted in an earlier run, skipped
 * @param suppressed   on the suppression list, never mailed
 * @param failed       refused by the server or given up after retries; not delivered
 * @param uncertain    outcome unknown (connection lost after the final dot, or a crash)
 * @param invalid      skipped before sending: bad address, duplicate client id, template error
 * @param canary       true when everything went to the redirect address and the journal was left alone
 * @param warnings     journal recovery notes (torn lines) and similar
 */
public record SendResult(LocalDate date, List<Message> sent, List<Message> alreadySent, List<Message> suppressed,
                         List<Failure> failed, List<Message> uncertain, List<Invalid> invalid, boolean canary,
                         List<String> warnings) {

    /** The overall outcome. */
    public enum Outcome {
        /** Every message that may be mailed is accepted, now or before. */
        COMPLETE,
        /** Some messages failed, are uncertain or had invalid addresses. */
        PARTIAL
    }

    /** One message: whose it is and its Message-ID (with angle brackets). */
    public record Message(String clientId, String email, String messageId) {
    }

    /** A message the server refused: the SMTP reply code (0 when none, e.g. connection lost) and text. */
    public record Failure(Message message, int replyCode, String reply) {
    }

    /** A recipient skipped before sending, and why. */
    public record Invalid(String clientId, String email, String reason) {
    }

    public SendResult {
        sent = List.copyOf(sent);
        alreadySent = List.copyOf(alreadySent);
        suppressed = List.copyOf(suppressed);
        failed = List.copyOf(failed);
        uncertain = List.copyOf(uncertain);
        invalid = List.copyOf(invalid);
        warnings = List.copyOf(warnings);
    }

    public Outcome outcome() {
        return failed.isEmpty() && uncertain.isEmpty() && invalid.isEmpty() ? Outcome.COMPLETE : Outcome.PARTIAL;
    }

    /** One line for logs: counts per category. */
    public String summary() {
        return date + (canary ? " (canary)" : "") + ": sent " + sent.size() + ", already sent " + alreadySent.size()
                + ", suppressed " + suppressed.size() + ", failed " + failed.size() + ", uncertain "
                + uncertain.size() + ", invalid " + invalid.size();
    }
}
