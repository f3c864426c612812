package braid.mail;

import org.jspecify.annotations.Nullable;

import braid.mail.internal.Addresses;
import braid.mail.internal.MessageComposer;
import braid.mail.internal.SmtpSessions;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Renders every message to an {@code .eml} file plus an {@code index.html} that previews them, without connecting
 * to any server and without touching the journal.
 *
 * <p>The same checks as a real send apply (suppression, invalid addresses, duplicate client ids), so the preview
 * shows exactly what would go out. Stateless and thread-safe.
 */
public final class DryRun {
    private DryRun() {
    }

    /**
     * What a dry run wrote, and what a real run would do now according to the date's send journal.
     *
     * @param messages    every message rendered (also those a real run would not send now)
     * @param alreadySent rendered, but the journal says the server accepted them: a real run skips them
     * @param uncertain   rendered, but the journal holds them as uncertain: a real run holds them back
     */
    public record Result(Path index, List<Path> messages, List<SendResult.Message> suppressed,
                         List<SendResult.Invalid> invalid, List<SendResult.Message> alreadySent,
                         List<SendResult.Message> uncertain) {
        public Result {
            messages = List.copyOf(messages);
            suppressed = List.copyOf(suppressed);
            invalid = List.copyOf(invalid);
            alreadySent = List.copyOf(alreadySent);
            uncertain = List.copyOf(uncertain);
        }

        /** How many a real run would send now. */
        public int wouldSend() {
            return messages.size() - alreadySent.size() - uncertain.size();
        }
    }

    /**
     * Writes the messages of {@code date} into {@code dir} (created if needed; existing files of the same names are
     * replaced), dated {@code now}.
     */
    public static Result write(Path dir, LocalDate date, List<OutgoingMessage> messages, MessageTemplates templates,
                               SenderIdentity identity, SendOptions options, Instant now) throws IOException {
        return write(dir, date, messages, templates, identity, options, now, null);
    }

    /**
     * As {@link #write(Path, LocalDate, List, MessageTemplates, SenderIdentity, SendOptions, Instant)}, and tells per
     * message what a real run would do now by the send journal under {@code stateDir} (null: no journal): send,
     * skip (already sent) or hold (uncertain). The journal is read, never written; a date without one sends all.
     */
    public static Result write(Path dir, LocalDate date, List<OutgoingMessage> messages, MessageTemplates templates,
                               SenderIdentity identity, SendOptions options, Instant now, @Nullable Path stateDir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Map<String, SendJournal.Entry> journal = new java.util.HashMap<>();
        Map<String, SendJournal.Entry> byClient = new java.util.HashMap<>();
        if (stateDir != null && options.redirectTo() == null && !options.resendAll()
                && Files.exists(stateDir.resolve("mail-journal").resolve(date + ".journal"))) {
            try (SendJournal j = SendJournal.open(stateDir, date)) {
                for (SendJournal.Entry e : j.entries()) {
                    journal.put(e.messageId(), e);
                    if (e.state() == SendJournal.State.ACCEPTED || e.state() == SendJournal.State.UNCERTAIN) {
                        byClient.put(e.clientId(), e);
                    }
                }
            }
        }
        List<SendResult.Message> alreadySent = new ArrayList<>();
        List<SendResult.Message> uncertain = new ArrayList<>();
        Files.createDirectories(dir);
        MessageComposer composer = new MessageComposer(SmtpSessions.offline(), identity, templates);
        List<Path> files = new ArrayList<>();
        List<SendResult.Message> suppressed = new ArrayList<>();
        List<SendResult.Invalid> invalid = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (OutgoingMessage m : messages) {
            Recipient r = m.recipient();
            String id = MessageComposer.messageId(date, r.clientId(), identity.messageIdDomain());
            if (!seen.add(r.clientId())) {
                invalid.add(new SendResult.Invalid(r.clientId(), r.email(), "duplicate client id in this send"));
                continue;
            }
            if (options.suppression().suppresses(r)) {
                suppressed.add(new SendResult.Message(r.clientId(), r.email(), id));
                continue;
            }
            String problem = Addresses.problemWithAddress(r.email().strip());
            if (problem != null) {
                invalid.add(new SendResult.Invalid(r.clientId(), r.email(), problem));
                continue;
            }
            MessageComposer.Composed c;
            try {
                c = composer.compose(m, id, now, options.unsubscribeUrlTemplate(), options.redirectTo());
            } catch (MessagingException | RuntimeException e) {
                invalid.add(new SendResult.Invalid(r.clientId(), r.email(), "cannot compose: " + e.getMessage()));
                continue;
            }
            n++;
            Path file = dir.resolve(String.format("%05d-%s.eml", n, fileSafe(r.clientId())));
            try (OutputStream out = Files.newOutputStream(file)) {
                c.mime().writeTo(out);
            } catch (MessagingException e) {
                throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            files.add(file);
            SendJournal.Entry known = journal.get(id);
            if (known == null || (known.state() != SendJournal.State.ACCEPTED && known.state() != SendJournal.State.UNCERTAIN)) {
                known = byClient.get(r.clientId()); // the same message under an earlier Message-ID (mail.from edited)
            }
            boolean forced = options.resendIds().stream().map(x -> x.strip().startsWith("<") ? x.strip() : "<" + x.strip() + ">")
                    .anyMatch(x -> x.equals(id));
            String decision = "a real run would send it";
            if (known != null && !forced && known.state() == SendJournal.State.ACCEPTED) {
                alreadySent.add(new SendResult.Message(r.clientId(), r.email(), known.messageId()));
                decision = "already sent: a real run skips it";
            } else if (known != null && !forced && !options.resendUncertain() && known.state() == SendJournal.State.UNCERTAIN) {
                uncertain.add(new SendResult.Message(r.clientId(), r.email(), known.messageId()));
                decision = "uncertain: a real run holds it (--resend ID or --resend-uncertain)";
            }
            rows.append("<section><h2>").append(html(c.rendered().subject())).append("</h2><p><b>")
                    .append(html(decision)).append("</b></p><p>To: ")
                    .append(html(r.name())).append(" &lt;").append(html(r.email())).append("&gt; · ")
                    .append(html(id)).append(" · <a href=\"").append(html(file.getFileName().toString()))
                    .append("\">.eml</a></p><iframe sandbox srcdoc=\"").append(html(c.rendered().html()))
                    .append("\"></iframe></section>\n");
        }
        StringBuilder page = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>braid dry run</title>
                <style>body{font-family:sans-serif;margin:2em;background:#eee}section{background:#fff;padding:1em;margin:0 0 2em}
                iframe{width:100%;height:600px;border:1px solid #ccc}h2{margin:0 0 .3em;font-size:1.1em}</style></head><body>
                """);
        page.append("<h1>Dry run for ").append(date).append(": ").append(files.size()).append(" messages</h1>\n");
        page.append("<p>Nothing was sent. A real run now would send ").append(files.size() - alreadySent.size() - uncertain.size())
                .append(", skip ").append(alreadySent.size()).append(" already sent and hold ").append(uncertain.size())
                .append(" uncertain.</p>\n");
        if (!suppressed.isEmpty() || !invalid.isEmpty()) {
            page.append("<p>Suppressed: ").append(suppressed.size()).append(". Invalid: ").append(invalid.size())
                    .append(".</p><ul>");
            for (SendResult.Invalid i : invalid) {
                page.append("<li>").append(html(i.clientId())).append(" &lt;").append(html(i.email()))
                        .append("&gt;: ").append(html(i.reason())).append("</li>");
            }
            page.append("</ul>\n");
        }
        page.append(rows).append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, page, StandardCharsets.UTF_8);
        return new Result(index, files, suppressed, invalid, alreadySent, uncertain);
    }

    private static String fileSafe(String s) {
        String safe = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.length() > 40 ? safe.substring(0, 40) : safe;
    }

    private static String html(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
