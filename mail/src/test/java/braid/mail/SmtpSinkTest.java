package braid.mail;

import braid.sandbox.SmtpSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static braid.mail.MailFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's GreenMail sink as an independent server: what the mailer sends arrives as parseable .eml files. */
class SmtpSinkTest {
    @TempDir
    Path dir;

    @Test
    void sinkWritesEveryReceivedMessageAsEmlAndListsIt() throws Exception {
        try (SmtpSink sink = SmtpSink.start(dir.resolve("sink"));
             Mailer mailer = mailer(plainSettings(sink.port()).build(), dir.resolve("state"))) {
            SendResult r = send(engine(2), mailer, messages(5), SendOptions.DEFAULT);
            assertThat(r.sent()).hasSize(5);
            assertThat(sink.awaitMessages(5, Duration.ofSeconds(10))).isTrue();

            List<SmtpSink.Received> got = sink.list();
            assertThat(got).hasSize(5);
            assertThat(got).extracting(SmtpSink.Received::messageId)
                    .containsExactlyInAnyOrderElementsOf(r.sent().stream().map(SendResult.Message::messageId).toList());
            assertThat(got).flatExtracting(SmtpSink.Received::recipients).contains("client1@example.com", "client5@example.com");
            SmtpSink.Received first = got.getFirst();
            assertThat(first.subject()).contains("daily report for Client Nr.");
            var parsed = parse(Files.readAllBytes(first.file()));
            assertThat(parsed.getMessageID()).isEqualTo(first.messageId());
            assertThat(parsed.getContentType()).startsWith("multipart/alternative");
            assertThat(sink.list()).hasSize(5); // listing again writes nothing twice
            try (var files = Files.list(sink.folder())) {
                assertThat(files.filter(p -> p.toString().endsWith(".eml")).count()).isEqualTo(5);
            }
        }
    }
}
