package braid.mail.internal;

import org.jspecify.annotations.Nullable;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An Angus SMTP transport that remembers how far the current message got, because only a failure after the final
 * dot leaves its delivery unknown; before that, the server discards an incomplete transaction and a resend is safe.
 * Confined to one worker at a time.
 *
 * <p>With a server that offers PIPELINING (RFC 2920) the envelope goes out without waiting: MAIL FROM, RCPT TO and
 * DATA are sent one after another and their three replies read together when DATA's is needed, so a message takes
 * two round trips instead of four. Angus has no pipelining; it is added here by answering Angus's reads of the MAIL
 * and RCPT replies with the expected 250 and reading the real ones before DATA's. A refused sender or recipient then
 * ends the message exactly as without pipelining: the transaction is reset (RSET) and the refusal, with its own code
 * and text, is what the caller sees; a connection lost on the way is a failure before DATA, so a resend is safe.
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
    private volatile @Nullable String dotReply;

    /** The envelope command whose reply Angus is about to read, while pipelining; null otherwise. */
    private @Nullable Deferred sending;
    /** Envelope commands sent whose replies are not read yet, in order. */
    private final java.util.List<Deferred> unread = new java.util.ArrayList<>(2);
    private @Nullable InternetAddress envelopeFrom;
    private Address[] recipients = new Address[0];

    private enum Deferred { MAIL, RCPT }

    /** The socket whose output holds a pipelined envelope until DATA (one write instead of three), or null. */
    private OwnSockets.@Nullable HoldingSocket holder;

    /** Holds pipelined envelopes on this socket (the plain one, also under STARTTLS); null: write each command. */
    void holdWith(OwnSockets.@Nullable HoldingSocket socket) {
        this.holder = socket;
    }

    private void hold(boolean on) throws MessagingException {
        if (holder == null) return;
        try {
            holder.hold(on);
        } catch (java.io.IOException e) {
            throw new MessagingException("cannot write to the SMTP connection", e);
        }
    }

    /** Service's connected flag, kept here: SMTPTransport's isConnected() asks the server with a NOOP every time. */
    private volatile boolean connected;
    private volatile long lastReplyNanos;
    /** After this long without a reply the connection is asked (NOOP) before it is used again. */
    private static final long IDLE_NANOS = 2_000_000_000L;

    public TrackingTransport(Session session, boolean ssl) {
        super(session, new URLName(ssl ? "smtps" : "smtp", null, -1, null, null, null), ssl ? "smtps" : "smtp", ssl);
    }

    @Override
    protected void setConnected(boolean connected) {
        this.connected = connected;
        super.setConnected(connected);
    }

    /**
     * Whether the connection can take the next message: the flag while replies keep coming (a connection dropped
     * meanwhile fails the next command, before DATA, and is reopened by the retry); after {@link #IDLE_NANOS}
     * without a reply, the server is asked with a NOOP as Angus always does. Saves a round trip per message.
     */
    public boolean isOpen() {
        if (!connected) return false;
        if (System.nanoTime() - lastReplyNanos < IDLE_NANOS) return true;
        return isConnected();
    }

    /** Whether the envelope of the next message is pipelined: the server offers PIPELINING. */
    public boolean pipelining() {
        return supportsExtension("PIPELINING");
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
    public @Nullable String dotReply() {
        return dotReply;
    }

    @Override
    protected int readServerResponse() throws MessagingException {
        Deferred d = sending;
        if (d != null) {
            // pipelining: the command went out; its reply is read with DATA's (one per recipient for RCPT TO)
            unread.add(d);
            return 250;
        }
        if (phase == Phase.DATA && !unread.isEmpty()) {
            return readEnvelopeReplies();
        }
        int code = super.readServerResponse();
        if (code > 0) lastReplyNanos = System.nanoTime();
        if (phase == Phase.DOT && code >= 200 && code < 600) {
            dotCode = code;
            dotReply = getLastServerResponse();
            phase = Phase.DONE;
        }
        return code;
    }

    /** The pipelined MAIL and RCPT replies, then DATA's; a refusal among them ends the message as it would unpipelined. */
    private int readEnvelopeReplies() throws MessagingException {
        MessagingException refused = null;
        try {
            int rcpt = 0;
            for (Deferred d : unread) {
                int code = super.readServerResponse();
                Address to = d == Deferred.RCPT && rcpt < recipients.length ? recipients[rcpt] : null;
                if (d == Deferred.RCPT) rcpt++;
                if (code != 250 && code != 251 && refused == null) {
                    String reply = getLastServerResponse();
                    refused = d == Deferred.MAIL
                            ? new SMTPSenderFailedException(envelopeFrom, "MAIL FROM", code, reply)
                            : new SMTPAddressFailedException(to instanceof InternetAddress a ? a : null, "RCPT TO", code, reply);
                }
            }
            unread.clear();
            int data = super.readServerResponse();
            if (refused == null) {
                return data; // Angus goes on with 354, or resets and reports any other reply to DATA
            }
            if (data == 354) {
                // the server took DATA for the other recipients: closing is the only way out that sends nothing
                closeQuietly();
            } else {
                reset();
            }
        } catch (MessagingException lost) {
            unread.clear();
            closeQuietly();
            if (refused == null) throw lost; // lost before DATA: nothing was delivered
        }
        throw refused;
    }

    /** RSET after a refused envelope; a connection that does not take it cleanly is closed, not reused. */
    private void reset() {
        try {
            sendCommand("RSET");
            if (super.readServerResponse() != 250) closeQuietly();
        } catch (MessagingException e) {
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (MessagingException | RuntimeException ignored) {
            // nothing left to release
        }
    }

    @Override
    protected void mailFrom() throws MessagingException {
        sending = pipelining() ? Deferred.MAIL : null;
        if (sending != null) hold(true); // MAIL and RCPT go out with DATA, in one write
        try {
            super.mailFrom();
        } finally {
            sending = null;
        }
    }

    @Override
    protected void rcptTo() throws MessagingException {
        sending = pipelining() ? Deferred.RCPT : null;
        try {
            super.rcptTo();
        } finally {
            sending = null;
        }
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        dotCode = 0;
        dotReply = null;
        phase = Phase.ENVELOPE;
        recipients = addresses == null ? new Address[0] : addresses.clone();
        envelopeFrom = null;
        if (message instanceof org.eclipse.angus.mail.smtp.SMTPMessage m && m.getEnvelopeFrom() != null) {
            try {
                envelopeFrom = new InternetAddress(m.getEnvelopeFrom());
            } catch (jakarta.mail.internet.AddressException e) {
                // only named in a refusal
            }
        }
        try {
            super.sendMessage(message, addresses);
        } finally {
            // a failure on the way (a write to a closed connection) may leave replies unread: they belong to this
            // message only; the next connection's greeting must not be taken for one of them
            unread.clear();
            sending = null;
            if (holder != null) {
                try {
                    holder.discardHeld(); // an envelope held but never sent (failed before DATA) reached nobody
                } catch (java.io.IOException ignored) {
                    // the socket is gone: nothing held can go out either
                }
            }
        }
        phase = Phase.DONE;
    }

    @Override
    protected OutputStream data() throws MessagingException {
        phase = Phase.DATA;
        hold(false); // DATA's write sends the held MAIL and RCPT with it
        return super.data();
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        phase = Phase.DOT;
        super.finishData();
    }
}
