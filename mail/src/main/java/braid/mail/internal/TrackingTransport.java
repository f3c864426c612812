package braid.mail.internal;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An Angus SMTP transport that remembers how far the current message got, because only a failure after the final
 * dot leaves its delivery unknown; before that, the server discards an incomplete transaction and a resend is safe.
 * Confined to one worker at a time.
 */
public final class TrackingTransport extends SMTPTransport {
    /** How far the current transaction got. */
    public enum Phase {
        /** MAIL FROM / RCPT TO: nothing is delivered if it fails here. */
        ENVELOPE,
        /** DATA issued or content streaming: an incomplete transaction is discarded by the server. */
        DATA,
        /** The final dot may have reached the server: a failure without a reply leaves the outcome unknown. */
        DOT,
        /** The server answered the dot. */
        DONE
    }

    private volatile Phase phase = Phase.DONE;
    private volatile int dotCode;
    private volatile String dotReply;

    public TrackingTransport(Session session, boolean ssl) {
        super(session, new URLName(ssl ? "smtps" : "smtp", null, -1, null, null, null), ssl ? "smtps" : "smtp", ssl);
    }

    public Phase phase() {
        return phase;
    }

    /**
     * The server's reply code to the current message's final dot, or 0 when none was read. Angus follows a
     * non-250 reply with an automatic RSET; when the server has closed the connection that RSET fails and the
     * exception Angus throws no longer carries the reply. Kept here, so a definite 5xx/4xx stays definite.
     */
    public int dotReplyCode() {
        return dotCode;
    }

    /** The text of that reply, or null. */
    public String dotReply() {
        return dotReply;
    }

    @Override
    protected int readServerResponse() throws MessagingException {
        int code = super.readServerResponse();
        if (phase == Phase.DOT && code >= 200 && code < 600) {
            dotCode = code;
            dotReply = getLastServerResponse();
            phase = Phase.DONE;
        }
        return code;
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        dotCode = 0;
        dotReply = null;
        phase = Phase.ENVELOPE;
        super.sendMessage(message, addresses);
        phase = Phase.DONE;
    }

    @Override
    protected OutputStream data() throws MessagingException {
        phase = Phase.DATA;
        return super.data();
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        phase = Phase.DOT;
        super.finishData();
    }
}
