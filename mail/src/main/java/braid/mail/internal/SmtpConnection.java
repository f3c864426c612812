package braid.mail.internal;

import org.jspecify.annotations.Nullable;
import braid.mail.SmtpException;
import braid.mail.SmtpSettings;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;

/**
 * One long-lived SMTP connection that sends many messages and reports each outcome as a value. Confined to one
 * worker at a time.
 */
public final class SmtpConnection {
    /** What happened to one message on this connection. */
    public sealed interface Outcome {
    }

    /** The server answered 250 to the dot. */
    public record Accepted(String reply) implements Outcome {
    }

    /** A 4xx reply or a connection lost before the dot: not delivered, worth another attempt. */
    public record Transient(int code, String reply) implements Outcome {
    }

    /** A 5xx reply: not delivered, and retrying will not help. */
    public record Permanent(int code, String reply) implements Outcome {
    }

    /** The connection was lost after the dot: the server may or may not have the message. */
    public record Uncertain(String reason) implements Outcome {
    }

    private final SmtpSettings settings;
    private final TrackingTransport transport;
    /** The plain socket under the transport (also under STARTTLS), or null (SMTPS): closed by {@link #abort}. */
    private volatile java.net.@Nullable Socket socket;

    public SmtpConnection(Session session, SmtpSettings settings) {
        this.settings = settings;
        this.transport = new TrackingTransport(session, settings.security() == SmtpSettings.Security.SMTPS);
    }

    public boolean isOpen() {
        return transport.isOpen(); // not isConnected(): that sends a NOOP every time
    }

    /**
     * Connects, upgrades to TLS and authenticates as configured.
     *
     * @return null when connected, else the transient failure (e.g. 421 greeting, connection refused)
     * @throws SmtpException when sending must stop: authentication failed or TLS could not be established
     */
    public @Nullable Transient connect() throws SmtpException {
        try {
            OwnSockets.takeMade(); // nothing stale
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            socket = OwnSockets.takeMade();
            transport.holdWith(socket instanceof OwnSockets.HoldingSocket h ? h : null);
            return null;
        } catch (AuthenticationFailedException e) {
            closeQuietly();
            throw new SmtpException(SmtpException.Kind.AUTHENTICATION, settings.host(), lastCode(),
                    transport.getLastServerResponse(), "authentication as " + settings.username() + " at "
                    + settings.host() + " failed: " + e.getMessage(), e);
        } catch (MessagingException e) {
            closeQuietly();
            if (isTlsProblem(e)) {
                throw new SmtpException(SmtpException.Kind.TLS, settings.host(), lastCode(),
                        transport.getLastServerResponse(), "no verified TLS with " + settings.host() + ":"
                        + settings.port() + ": " + words(e, settings.connectTimeout()), e);
            }
            int code = lastCode();
            return new Transient(code, code > 0 ? trim(transport.getLastServerResponse()) : trim(beforeAnyReply(e, settings)));
        }
    }

    /** Sends one message to one envelope recipient and classifies the outcome. */
    public Outcome send(MimeMessage message, InternetAddress to) {
        try {
            transport.sendMessage(message, new Address[]{to});
            return new Accepted(trim(transport.getLastServerResponse()));
        } catch (MessagingException e) {
            int code = replyCode(e);
            if (code == 0 && transport.dotReplyCode() >= 200 && transport.dotReplyCode() < 300) {
                closeQuietly(); // the server took the message; whatever failed after its 250 does not undo that
                return new Accepted(trim(transport.dotReply()));
            }
            if (code == 0 && transport.dotReplyCode() >= 400) {
                // The server answered the dot with a definite refusal, then the automatic RSET failed on the
                // closed connection: the reply read is what counts, not the lost connection.
                int dot = transport.dotReplyCode();
                String reply = trim(transport.dotReply());
                closeQuietly();
                return dot >= 500 ? new Permanent(dot, reply) : new Transient(dot, reply);
            }
            if (code >= 500 && code < 600) {
                return new Permanent(code, replyText(e));
            }
            if (code >= 400 && code < 500) {
                if (code == 421) {
                    closeQuietly(); // 421: the server is closing the channel
                }
                return new Transient(code, replyText(e));
            }
            boolean afterDot = transport.phase() == TrackingTransport.Phase.DOT;
            closeQuietly();
            return afterDot ? new Uncertain("connection lost after the final dot: " + words(e, settings.readTimeout()))
                    : new Transient(0, "connection lost before the end of DATA: " + words(e, settings.readTimeout()));
        }
    }

    /**
     * Ends whatever the connection is doing by closing its socket, from any thread, without waiting for the
     * transport (whose lock the blocked worker holds). The worker's command then fails as a lost connection: before
     * the final dot nothing was delivered; after it the message is uncertain, as with any lost connection.
     */
    public void abort() {
        java.net.Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (java.io.IOException | RuntimeException ignored) {
                // closed already
            }
        }
    }

    public void closeQuietly() {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException ignored) {
            // closing a broken connection can fail; there is nothing left to release
        }
    }

    private int lastCode() {
        int code = transport.getLastReturnCode();
        return code >= 200 && code < 600 ? code : 0;
    }

    private static boolean isTlsProblem(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.contains("STARTTLS is required")) {
                return true;
            }
        }
        return false;
    }

    /** The SMTP reply code carried by the exception chain, or 0 when the failure had no reply. */
    static int replyCode(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            int code = switch (t) {
                case SMTPAddressFailedException a -> a.getReturnCode();
                case SMTPSenderFailedException s -> s.getReturnCode();
                case SMTPSendFailedException s -> s.getReturnCode();
                default -> 0;
            };
            if (code >= 200 && code < 600) {
                return code;
            }
        }
        return 0;
    }

    private static String replyText(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if ((t instanceof SMTPAddressFailedException || t instanceof SMTPSenderFailedException
                    || t instanceof SMTPSendFailedException) && t.getMessage() != null) {
                return trim(t.getMessage());
            }
        }
        return describe(e);
    }

    private static @Nullable Throwable next(Throwable t) {
        if (t instanceof SendFailedException s && s.getNextException() != null && s.getNextException() != t) {
            return s.getNextException();
        }
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    /**
     * A session that failed before the server said anything, in words: a connection that opened but stayed silent
     * is not a mail server's (an SMTP server greets at once; an HTTP server, or a port that expects TLS from the first
     * byte, waits for the client to speak), and the timeout that ran out is the read timeout; anything else as every
     * connector words a network failure ("connection refused by host:port", …).
     */
    public static String beforeAnyReply(Throwable e, braid.mail.SmtpSettings s) {
        for (Throwable c = e; c != null; c = next(c)) {
            if (c instanceof java.net.SocketTimeoutException && (c.getMessage() == null
                    || !c.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connect"))) {
                return "no SMTP greeting from " + s.host() + ":" + s.port() + " within "
                        + braid.core.Failures.duration(s.readTimeout()) + ": the connection opened, but a mail server greets"
                        + " at once; is this port a mail server's?" + (s.security() == braid.mail.SmtpSettings.Security.SMTPS ? ""
                        : " (one that expects TLS from the first byte, usually 465, needs mail.smtp.security: smtps)");
            }
        }
        return braid.core.Failures.network(e, s.host(), s.port(), s.connectTimeout());
    }

    /** A network failure in the words every connector uses ("connection refused by host:port", …). */
    private String words(Throwable e, java.time.Duration timeout) {
        return trim(braid.core.Failures.network(e, settings.host(), settings.port(), timeout));
    }

    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 300; t = next(t)) {
            if (!b.isEmpty()) {
                b.append(": ");
            }
            b.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return trim(b.toString());
    }

    private static String trim(@Nullable String s) {
        return s == null ? "" : Addresses.headerText(s);
    }
}
