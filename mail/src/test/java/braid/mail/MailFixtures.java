package braid.mail;

import braid.core.Engine;
import braid.core.RunFailedException;
import braid.core.TaskFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Shared test data and helpers: a report model, recipients, and running a send inside an engine. */
final class MailFixtures {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    static final SenderIdentity IDENTITY = new SenderIdentity("ACME Reports <reports@acme.example>",
            "Kundenservice ACME <service@acme.example>", "bounces@acme.example", "acme.example");

    private MailFixtures() {
    }

    static Map<String, Object> model() {
        return TemplateModel.builder()
                .company("ACME Süd GmbH", "https://acme.example/")
                .companyAddress("Hauptstraße 1, 80331 München")
                .reportDate(DATE, Locale.GERMANY)
                .news("Neue Filiale in Köln", "https://acme.example/news/koeln", "2026-11-22", "Wir eröffnen <bald>.")
                .news("Bad link", "javascript:alert(1)", null, null)
                .figure("Visits", "12,345")
                .figure("Page views", "45,678")
                .topPage("/products?id=1&x=2", 321)
                .build();
    }

    static List<OutgoingMessage> messages(int n) {
        List<OutgoingMessage> list = new ArrayList<>();
        Map<String, Object> model = model();
        for (int i = 1; i <= n; i++) {
            list.add(new OutgoingMessage(new Recipient("C" + (1000 + i), "Client Nr. " + i,
                    "client" + i + "@example.com"), model));
        }
        return list;
    }

    static SmtpSettings.Builder plainSettings(int port) {
        return SmtpSettings.builder("127.0.0.1").port(port).security(SmtpSettings.Security.NONE)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .retries(3, Duration.ofMillis(20), Duration.ofMillis(100))
                .heloName("test.client");
    }

    static Engine engine(int pool) {
        return Engine.builder().limit(Mailer.RESOURCE, pool).build();
    }

    /** Runs one send as a task of a scope, unwrapping the task's own exception. */
    static SendResult send(Engine engine, Mailer mailer, List<OutgoingMessage> msgs, SendOptions options)
            throws Exception {
        try {
            return engine.scope("mail", s -> s.fork("send", ctx -> mailer.send(ctx, DATE, msgs, options)).join());
        } catch (RunFailedException e) {
            Throwable t = e;
            while ((t instanceof RunFailedException || t instanceof TaskFailedException) && t.getCause() != null) {
                t = t.getCause();
            }
            if (t instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    static Mailer mailer(SmtpSettings settings, Path state) {
        return Mailer.create(settings, IDENTITY, MessageTemplates.defaults(), state);
    }
}
