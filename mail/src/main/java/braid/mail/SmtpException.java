package braid.mail;

import org.jspecify.annotations.Nullable;

import java.io.IOException;

/**
 * The SMTP server (or the way to it) refused to go on, with the server's reply code and text when there was one.
 *
 * <p>Thrown by {@link Mailer#send} only when sending had to stop for every message: authentication failed, STARTTLS
 * was required but not offered, the certificate did not verify, or the server could not be reached at all.
 * Failures of single messages are reported in {@link SendResult} instead.
 */
public class SmtpException extends SendStoppedException {
    private static final long serialVersionUID = 1L;

    /** Why sending stopped. */
    public enum Kind {
        /** The server rejected the credentials (AUTH failed). */
        AUTHENTICATION,
        /** TLS could not be established: STARTTLS missing while required, or the certificate did not verify. */
        TLS,
        /** The server could not be reached or kept refusing connections. */
        CONNECTION,
        /**
         * The circuit breaker opened: many messages in a row failed the same way (the same reply code, or no
         * reply to the final dot), so sending stopped and the rest was left for a rerun.
         */
        REPEATED_FAILURES
    }

    private final Kind kind;
    private final String host;
    private final int replyCode;
    private final String reply;

    public SmtpException(Kind kind, String host, int replyCode, String reply, @Nullable String message, @Nullable Throwable cause) {
        this(kind, host, replyCode, reply, message, cause, null);
    }

    public SmtpException(Kind kind, String host, int replyCode, String reply, @Nullable String message, @Nullable Throwable cause,
                         @Nullable SendResult result) {
        super(message, cause, result);
        this.kind = kind;
        this.host = host;
        this.replyCode = replyCode;
        this.reply = reply == null ? "" : reply;
    }


    public Kind kind() {
        return kind;
    }

    /** The server's host name as configured. */
    public String host() {
        return host;
    }

    /** The last SMTP reply code, or 0 when the server gave none (no connection, TLS handshake). */
    public int replyCode() {
        return replyCode;
    }

    /** The last SMTP reply text, or empty. */
    public String reply() {
        return reply;
    }
}
