package braid.mail.internal;

import org.jspecify.annotations.Nullable;
import braid.mail.Notice;
import braid.mail.SmtpException;
import braid.mail.SmtpSettings;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.util.Date;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * SMTP sessions outside a mailing run, with the properties of {@link SmtpSessions#create}: a check that opens and
 * closes one, and a single plain-text notice. Stateless.
 */
public final class OneOffSessions {
    private OneOffSessions() {}

    /** Connect (greeting, EHLO, STARTTLS when configured, AUTH when credentials are set), then QUIT. */
    public static void check(SmtpSettings s) throws SmtpException {
        Session session = SmtpSessions.create(s);
        SMTPTransport t;
        try {
            t = (SMTPTransport) session.getTransport(protocol(s));
        } catch (NoSuchProviderException e) {
            throw new IllegalStateException("Angus Mail's SMTP provider is missing from the classpath", e);
        }
        try {
            t.connect(s.host(), s.port(), s.username(), s.password());
        } catch (AuthenticationFailedException e) {
            int code = lastCode(t);
            String reply = reply(t, e);
            close(t);
            throw new SmtpException(SmtpException.Kind.AUTHENTICATION, s.host(), code, reply, "AUTH failed: " + reply, e);
        } catch (MessagingException e) {
            int code = lastCode(t);
            close(t);
            String what = code > 0 ? code + " " + describe(e) : isTls(e) ? describe(e) : SmtpConnection.beforeAnyReply(e, s);
            throw new SmtpException(isTls(e) ? SmtpException.Kind.TLS : SmtpException.Kind.CONNECTION, s.host(), code,
                    code > 0 ? t.getLastServerResponse() : "", what, e);
        }
        try {
            t.close(); // QUIT
        } catch (MessagingException e) {
            // The session already proved what a run needs; a QUIT that fails says nothing more.
        }
    }

    /** Sends {@code n} in a session of its own. */
    public static void send(SmtpSettings s, Notice n) throws MessagingException {
        Session session = SmtpSessions.create(s);
        SMTPMessage m = new SMTPMessage(session);
        m.setFrom(n.from());
        m.setRecipients(Message.RecipientType.TO, n.to().toArray(Address[]::new));
        m.setSubject(n.subject(), "UTF-8");
        m.setSentDate(new Date());
        m.setText(n.text(), "UTF-8");
        // RFC 3834: automatic mail, so vacation responders stay quiet.
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setEnvelopeFrom(n.envelopeFrom());
        try (Transport t = session.getTransport(protocol(s))) {
            t.connect(s.host(), s.port(), s.username(), s.password());
            t.sendMessage(m, m.getAllRecipients());
        }
    }

    private static String protocol(SmtpSettings s) {
        return s.security() == SmtpSettings.Security.SMTPS ? "smtps" : "smtp";
    }

    private static void close(SMTPTransport t) {
        try {
            t.close();
        } catch (MessagingException | RuntimeException ignored) {
            // closing a connection that failed to open; nothing left to release
        }
    }

    private static int lastCode(SMTPTransport t) {
        int code = t.getLastReturnCode();
        return code >= 200 && code < 600 ? code : 0;
    }

    private static boolean isTls(Throwable e) {
        for (Throwable c = e; c != null; c = next(c)) {
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) return true;
            if (c.getMessage() != null && c.getMessage().contains("STARTTLS")) return true;
        }
        return false;
    }

    private static String reply(SMTPTransport t, MessagingException e) {
        String last = t.getLastServerResponse();
        if (last != null && !last.isBlank()) return last.strip();
        return describe(e);
    }

    /** The messages along the exception chain, e.g. {@code Couldn't connect to host: Connection refused}. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = e; c != null && b.length() < 300; c = next(c)) {
            String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage().strip();
            if (b.indexOf(m) >= 0) continue;
            if (!b.isEmpty()) b.append(": ");
            b.append(m);
        }
        return b.toString().replaceAll("\\s+", " ");
    }

    private static @Nullable Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
