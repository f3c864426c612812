package braid.report.check;

import braid.mail.Mailer;
import braid.mail.SmtpSettings;
import braid.report.config.MailConfig;
import braid.report.internal.Wiring;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens one SMTP session the way the mailer does (EHLO, STARTTLS when configured, AUTH when
 * credentials are set) and closes it with QUIT; never sends a message. Stateless.
 *
 * <p>{@link Mailer#checkSession} uses the session properties the run sends with (required STARTTLS, finite
 * timeouts, the configured trust store), so a pass here means the run can connect.
 */
final class SmtpProbe {
    private SmtpProbe() {}

    /** Connects and disconnects; returns what the session went through, e.g. {@code EHLO ok, STARTTLS, AUTH as reports}. */
    static String connect(MailConfig mail) throws IOException {
        SmtpSettings s = Wiring.smtpSettings(mail);
        Mailer.checkSession(s);
        List<String> offered = new ArrayList<>();
        offered.add(s.security() == SmtpSettings.Security.SMTPS ? "TLS (smtps)" : "EHLO ok");
        if (s.security() == SmtpSettings.Security.STARTTLS) offered.add("STARTTLS");
        if (s.username() != null) offered.add("AUTH as " + s.username());
        return String.join(", ", offered);
    }
}
