package braid.mail;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.Optional;

/**
 * Sending stopped for every message that was left: the SMTP server refused to go on ({@link SmtpException}), or the
 * send journal could not be written (a full disk). {@link #result()} tells what was done before: sent, failed,
 * uncertain, and the messages not attempted (listed as failed with code 0), so a stopped run can still say exactly
 * what reached whom.
 */
public class SendStoppedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient @Nullable SendResult result;

    public SendStoppedException(@Nullable String message, @Nullable Throwable cause, @Nullable SendResult result) {
        super(message, cause);
        this.result = result;
    }

    /** What the send did before it stopped, if known. */
    public Optional<SendResult> result() {
        return Optional.ofNullable(result);
    }
}
