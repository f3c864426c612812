package braid.sandbox;

import braid.sandbox.internal.smtp.EmlFolder;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An embedded SMTP server (GreenMail) on 127.0.0.1 and a free port that writes every message it receives as an
 * {@code .eml} file into a folder and lists them, for the demo and for tests of the mailer.
 *
 * <pre>{@code
 * try (SmtpSink sink = SmtpSink.start(Path.of("run/mail"))) {
 *     // point the mailer at 127.0.0.1:sink.port() with Security.NONE and no credentials
 *     sink.awaitMessages(10, Duration.ofSeconds(5));
 *     sink.list().forEach(m -> System.out.println(m.recipients() + " " + m.subject()));
 * }
 * }</pre>
 *
 * <p>Plain SMTP without authentication: it stands in for a local relay, not for a TLS submission server. Any
 * recipient is accepted. A started sink is thread-safe.
 */
public final class SmtpSink implements AutoCloseable {

    /** One received message: its file, its recipients (To and Cc), subject and Message-ID (empty if absent). */
    public record Received(Path file, List<String> recipients, String subject, String messageId) {
        public Received {
            Objects.requireNonNull(file, "file");
            recipients = List.copyOf(recipients);
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(messageId, "messageId");
        }
    }

    private final GreenMail greenMail;
    private final EmlFolder folder;
    private final Thread writer;

    private SmtpSink(GreenMail greenMail, EmlFolder folder) {
        this.greenMail = greenMail;
        this.folder = folder;
        this.writer = Thread.ofVirtual().name("smtp-sink writer").start(this::writeLoop);
    }

    /** Starts a sink on 127.0.0.1 and a free port, writing into {@code folder} (created if needed). */
    public static SmtpSink start(Path folder) throws IOException {
        Files.createDirectories(folder);
        GreenMail gm = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        gm.start();
        return new SmtpSink(gm, new EmlFolder(folder, gm));
    }

    /** Always 127.0.0.1. */
    public String host() {
        return "127.0.0.1";
    }

    /** The port the sink listens on. */
    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Where the {@code .eml} files go. */
    public Path folder() {
        return folder.dir();
    }

    /** Writes what arrived since the last call and lists every message received so far, in arrival order. */
    public List<Received> list() throws IOException {
        return folder.sync();
    }

    /** Waits until at least {@code count} messages have arrived; false on timeout. */
    public boolean awaitMessages(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (greenMail.getReceivedMessages().length < count) {
            if (System.nanoTime() >= end) {
                return false;
            }
            Thread.sleep(20); // GreenMail offers no arrival callback; the sink is a demo/test tool, polling is fine
        }
        return true;
    }

    /** Writes any last messages, then stops the server. */
    @Override
    public void close() throws IOException {
        writer.interrupt();
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            folder.sync();
        } finally {
            greenMail.stop();
        }
    }

    private void writeLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(200);
                folder.sync();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a failed write is retried on the next round; list() reports errors to its caller
            }
        }
    }
}
