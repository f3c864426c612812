package braid.sandbox.internal.smtp;

import braid.sandbox.SmtpSink;
import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes the messages GreenMail holds into a folder, each once, and remembers what it wrote. Thread-safe. */
public final class EmlFolder {
    private final Path dir;
    private final GreenMail greenMail;
    private final List<SmtpSink.Received> written = new ArrayList<>();
    private final Map<String, Integer> seenKeys = new HashMap<>();

    public EmlFolder(Path dir, GreenMail greenMail) {
        this.dir = dir;
        this.greenMail = greenMail;
    }

    public Path dir() {
        return dir;
    }

    /** Writes messages not yet written and returns all written so far. */
    public synchronized List<SmtpSink.Received> sync() throws IOException {
        Map<String, Integer> occurrences = new HashMap<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            try {
                String id = m.getMessageID() == null ? "" : m.getMessageID();
                List<String> to = new ArrayList<>();
                for (Message.RecipientType t : new Message.RecipientType[]{Message.RecipientType.TO, Message.RecipientType.CC}) {
                    Address[] a = m.getRecipients(t);
                    if (a != null) {
                        for (Address x : a) {
                            to.add(x instanceof jakarta.mail.internet.InternetAddress ia ? ia.getAddress() : x.toString());
                        }
                    }
                }
                // GreenMail keeps one copy per recipient mailbox; the n-th copy of the same message is its own file
                String base = id + "|" + to + "|" + (id.isEmpty() ? m.getSentDate() + "|" + m.getSubject() : "");
                int n = occurrences.merge(base, 1, Integer::sum);
                String key = base + "#" + n;
                if (seenKeys.containsKey(key)) {
                    continue;
                }
                Path file = dir.resolve(String.format("%05d-%s.eml", written.size() + 1, fileSafe(id)));
                Path tmp = dir.resolve(file.getFileName() + ".tmp");
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    m.writeTo(out);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                seenKeys.put(key, written.size());
                written.add(new SmtpSink.Received(file, to, m.getSubject() == null ? "" : m.getSubject(), id));
            } catch (MessagingException e) {
                throw new IOException("cannot write a received message: " + e.getMessage(), e);
            }
        }
        return List.copyOf(written);
    }

    private static String fileSafe(String id) {
        String s = id.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (s.isEmpty()) {
            return "message";
        }
        return s.length() > 60 ? s.substring(0, 60) : s;
    }
}
