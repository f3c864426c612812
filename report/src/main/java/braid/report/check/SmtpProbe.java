package braid.report.check;

import braid.mail.SmtpException;
import braid.mail.SmtpSettings;
import braid.mail.internal.SmtpSessions;
import braid.report.config.MailConfig;
import braid.report.internal.Wiring;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.NoSuchProviderException;
import jakarta.mail.Session;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Opens one SMTP session the way the mailer does (EHLO, STARTTLS when configured, AUTH when
 * credentials are set) and closes it with QUIT; never sends a message. Stateless.
 *
 * <p>The session comes from the mail module's {@link SmtpSessions}, the same properties the run sends with
 * (required STARTTLS, finite timeouts, the configured trust store), so a pass here means the run can connect.
 */
final class SmtpProbe {
    private SmtpProbe() {}

    /** Connects and disconnects; returns what the server offered, e.g. {@code STARTTLS, AUTH as reports}. */
    static String connect(MailConfig mail) throws IOException {
        SmtpSettings s = Wiring.smtpSettings(mail);
        Session session = SmtpSessions.create(s);
        SMTPTransport t;
        try {
            t = (SMTPTransport) session.getTransport(s.security() == SmtpSettings.Security.SMTPS ? "smtps" : "smtp");
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
            String what = (code > 0 ? code + " " : "") + describe(e);
            throw new SmtpException(isTls(e) ? SmtpException.Kind.TLS : SmtpException.Kind.CONNECTION, s.host(), code,
                    code > 0 ? t.getLastServerResponse() : "", what, e);
        }
        List<String> offered = new ArrayList<>();
        offered.add(s.security() == SmtpSettings.Security.SMTPS ? "TLS (smtps)" : "EHLO ok");
        if (s.security() == SmtpSettings.Security.STARTTLS) offered.add("STARTTLS");
        if (s.username() != null) offered.add("AUTH as " + s.username());
        try {
            t.close(); // QUIT
        } catch (MessagingException e) {
            // The session already proved what the run needs; a QUIT that fails says nothing more.
        }
        return String.join(", ", offered);
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

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
