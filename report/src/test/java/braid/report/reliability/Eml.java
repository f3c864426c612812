package braid.report.reliability;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A received .eml parsed with Jakarta Mail, as a mail client would read it. */
record Eml(MimeMessage message, String text, String html) {
    static Eml read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), in);
            MimeMultipart mp = (MimeMultipart) m.getContent();
            Object second = mp.getBodyPart(1).getContent();
            // with an inline chart the HTML is the first part of a multipart/related
            String html = second instanceof MimeMultipart related ? (String) related.getBodyPart(0).getContent() : (String) second;
            return new Eml(m, (String) mp.getBodyPart(0).getContent(), html);
        }
    }
}
