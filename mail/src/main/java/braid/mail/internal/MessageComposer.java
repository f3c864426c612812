package braid.mail.internal;

import org.jspecify.annotations.Nullable;
import braid.mail.MessageTemplates;
import braid.mail.OutgoingMessage;
import braid.mail.Recipient;
import braid.mail.SenderIdentity;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns one outgoing message into a MIME message: multipart/alternative (text, then HTML), UTF-8, deterministic
 * Message-ID, clean headers. Thread-safe (templates and session are shared read-only).
 */
public final class MessageComposer {
    static {
        // jakarta.mail-api 2.1 looks the StreamProvider up with ServiceLoader in every BodyPart/Multipart
        // constructor, scanning the classpath each time (jakartaee/mail-api#699, #861); naming the provider makes it
        // a plain Class.forName. Angus is the only provider we ship, so this changes nothing else.
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    private final Session session;
    private final SenderIdentity identity;
    private final MessageTemplates templates;
    private final InternetAddress from;
    private final InternetAddress replyTo;

    public MessageComposer(Session session, SenderIdentity identity, MessageTemplates templates) {
        this.session = session;
        this.identity = identity;
        this.templates = templates;
        this.from = Addresses.parseMailbox(identity.from());
        this.replyTo = Addresses.parseMailbox(identity.replyTo());
    }

    /** A composed message and what went into it. */
    public record Composed(SMTPMessage mime, String messageId, InternetAddress envelopeTo, MessageTemplates.Rendered rendered) {
    }

    /**
     * The Message-ID of a client's report for a date: the same on every run, so the journal and mail clients can
     * recognise a resend. Readable part plus a hash, because client ids may hold characters a Message-ID cannot.
     */
    public static String messageId(LocalDate date, String clientId, String domain) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < clientId.length() && safe.length() < 40; i++) {
            char c = clientId.charAt(i);
            safe.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ? c : '_');
        }
        String hash = sha256Hex(date + "\n" + clientId).substring(0, 12);
        return "<braid." + date.toString().replace("-", "") + "." + safe + "." + hash + "@" + domain + ">";
    }

    /** The model a template sees: the caller's keys plus {@code client.*} and the unsubscribe link. */
    public static Map<String, Object> model(OutgoingMessage m, @Nullable String unsubscribeUrl) {
        Map<String, Object> model = new HashMap<>(m.model());
        Recipient r = m.recipient();
        model.put("client", Map.of("id", r.clientId(), "name", r.name(), "email", r.email()));
        model.put("unsubscribeUrl", unsubscribeUrl == null ? "" : unsubscribeUrl);
        model.put("hasUnsubscribe", unsubscribeUrl != null);
        return model;
    }

    /** Fills {@code {clientId}}, {@code {email}} and {@code {messageId}} with URL-encoded values. */
    public static @Nullable String unsubscribeUrl(@Nullable String template, Recipient r, String messageId) {
        if (template == null) {
            return null;
        }
        return template.replace("{clientId}", URLEncoder.encode(r.clientId(), StandardCharsets.UTF_8))
                .replace("{email}", URLEncoder.encode(r.email(), StandardCharsets.UTF_8))
                .replace("{messageId}", URLEncoder.encode(messageId, StandardCharsets.UTF_8));
    }

    /**
     * Composes the message for {@code m}; {@code redirectTo} (a canary address, or null) replaces the recipient.
     *
     * @throws MessagingException if the MIME structure cannot be built (a template value Jakarta Mail refuses)
     */
    public Composed compose(OutgoingMessage m, String messageId, Instant now, @Nullable String unsubscribeTemplate,
                            @Nullable String redirectTo) throws MessagingException {
        Recipient r = m.recipient();
        String unsubscribe = unsubscribeUrl(unsubscribeTemplate, r, messageId);
        MessageTemplates.Rendered rendered = templates.render(model(m, unsubscribe));

        InternetAddress to = redirectTo == null ? Addresses.mailbox(r.smtpAddress(), r.name())
                : Addresses.mailbox(redirectTo, r.name());
        ReportMessage msg = new ReportMessage(session, messageId);
        msg.setFrom(from);
        msg.setReplyTo(new InternetAddress[]{replyTo});
        msg.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
        msg.setSubject(rendered.subject(), StandardCharsets.UTF_8.name());
        msg.setSentDate(Date.from(now));
        if (unsubscribe != null) {
            msg.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
            msg.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        if (redirectTo != null) {
            msg.setHeader("X-Braid-Canary-For", Addresses.headerText(r.clientId()));
        }
        MimeBodyPart text = encodedPart(rendered.text(), "plain");
        MimeBodyPart html = encodedPart(rendered.html(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        // Only the images the HTML shows: a company template without the chart's <img src="cid:…"> would otherwise
        // carry it as an unnamed attachment that mail clients list below the message.
        List<braid.mail.OutgoingMessage.Inline> shown = m.inline().stream()
                .filter(i -> rendered.html().contains("cid:" + i.contentId())).toList();
        if (shown.isEmpty()) {
            alternative.addBodyPart(html);
        } else {
            // multipart/related: the HTML and the images it shows by cid: (RFC 2387, 2392)
            MimeMultipart related = new MimeMultipart("related");
            related.addBodyPart(html);
            for (braid.mail.OutgoingMessage.Inline i : shown) {
                MimeBodyPart image = new MimeBodyPart();
                image.setDataHandler(new jakarta.activation.DataHandler(
                        new jakarta.mail.util.ByteArrayDataSource(i.data(), i.mimeType())));
                image.setContentID("<" + i.contentId() + ">");
                image.setDisposition(jakarta.mail.Part.INLINE);
                image.setFileName(i.filename());
                image.setHeader("Content-Transfer-Encoding", "base64");
                related.addBodyPart(image);
            }
            MimeBodyPart relatedPart = new MimeBodyPart();
            relatedPart.setContent(related);
            alternative.addBodyPart(relatedPart);
        }
        msg.setContent(alternative);
        msg.setEnvelopeFrom(identity.envelopeFrom());
        msg.saveChanges();
        return new Composed(msg, messageId, new InternetAddress(to.getAddress()), rendered);
    }

    /**
     * A UTF-8 text part whose transfer encoding is chosen and applied once, here: 7bit when the bytes allow it,
     * else quoted-printable by Jakarta Mail's own encoder. Parts built with setText are scanned for the encoding
     * and then re-encoded through several stream layers on every save and write, which was about 40 % of the
     * CPU per message in MailBench; a part made from encoded bytes is written as it is.
     */
    static MimeBodyPart encodedPart(String content, String subtype) throws MessagingException {
        byte[] utf8 = content.getBytes(StandardCharsets.UTF_8);
        boolean sevenBit = isSevenBitText(utf8);
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", "text/" + subtype + "; charset=UTF-8");
        headers.setHeader("Content-Transfer-Encoding", sevenBit ? "7bit" : "quoted-printable");
        byte[] body;
        if (sevenBit) {
            body = withCrlf(utf8);
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + utf8.length / 8 + 64);
            try (OutputStream qp = MimeUtility.encode(out, "quoted-printable")) {
                qp.write(utf8);
            } catch (IOException e) {
                throw new MessagingException("cannot encode a " + subtype + " part", e);
            }
            body = out.toByteArray();
        }
        return new MimeBodyPart(headers, body);
    }

    /** ASCII without NUL or bare CR, lines at most 998 octets (RFC 5322 2.1.1). */
    private static boolean isSevenBitText(byte[] b) {
        int line = 0;
        for (int i = 0; i < b.length; i++) {
            int c = b[i];
            if (c <= 0 || (c == '\r' && (i + 1 >= b.length || b[i + 1] != '\n'))) {
                return false;
            }
            if (c == '\n') {
                line = 0;
            } else if (c != '\r' && ++line > 998) {
                return false;
            }
        }
        return true;
    }

    /** Every bare LF made CRLF (the body is sent as it is, so its line ends must be SMTP's). */
    static byte[] withCrlf(byte[] b) {
        int bare = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')) bare++;
        }
        if (bare == 0) return b;
        byte[] out = new byte[b.length + bare];
        int o = 0;
        int from = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' && (i == 0 || b[i - 1] != '\r')) {
                System.arraycopy(b, from, out, o, i - from);
                o += i - from;
                out[o++] = '\r';
                from = i; // the LF itself goes with the next run
            }
        }
        System.arraycopy(b, from, out, o, b.length - from);
        return out;
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** Keeps our deterministic Message-ID: Jakarta Mail would otherwise invent a random one in saveChanges(). */
    private static final class ReportMessage extends SMTPMessage {
        private final String id;

        ReportMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
