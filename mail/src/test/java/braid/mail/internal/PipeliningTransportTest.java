package braid.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.mail.SmtpSettings;
import braid.testkit.FakeSmtpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;

/**
 * The pipelined envelope with several recipients: one deferred RCPT TO reply per recipient, read in order; a refused
 * one is named, and since the server already took DATA for the others, the connection is closed rather than a partial
 * message sent.
 */
class PipeliningTransportTest {

    private static MimeMessage message(Session session, String... to) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress("reports@acme.example"));
        for (String t : to) m.addRecipient(Message.RecipientType.TO, new InternetAddress(t));
        m.setSubject("test");
        m.setText("hello\n");
        m.saveChanges();
        return m;
    }

    @Test
    void everyRecipientsReplyIsReadAndTheRefusedOneIsNamed() throws Exception {
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {
            @Override
            public String rcpt(String to) {
                return to.startsWith("nobody@") ? "550 5.1.1 <" + to + ">: user unknown" : "250 2.1.5 OK";
            }
        })) {
            SmtpSettings s = SmtpSettings.builder("127.0.0.1").port(server.port()).security(SmtpSettings.Security.NONE)
                    .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
            Session session = SmtpSessions.create(s);
            TrackingTransport t = new TrackingTransport(session, false);
            t.connect("127.0.0.1", server.port(), null, null);
            try {
                assertThat(t.pipelining()).isTrue();
                // both accepted: one message to two recipients
                MimeMessage both = message(session, "a@example.com", "b@example.com");
                t.sendMessage(both, both.getAllRecipients());
                // the second refused: its refusal, with its address; then the connection still serves
                MimeMessage second = message(session, "c@example.com", "nobody@example.com");
                assertThatThrownBy(() -> t.sendMessage(second, second.getAllRecipients()))
                        .isInstanceOfSatisfying(SMTPAddressFailedException.class, e -> {
                            assertThat(e.getReturnCode()).isEqualTo(550);
                            assertThat(e.getAddress().getAddress()).isEqualTo("nobody@example.com");
                            assertThat(e.getMessage()).contains("user unknown");
                        });
                // the other recipient was accepted, so the server took DATA (354): the only way out without sending
                // c@ a message is to close the connection; the next message goes over a new one
                assertThat(t.isOpen()).isFalse();
                t.connect("127.0.0.1", server.port(), null, null);
                MimeMessage third = message(session, "d@example.com");
                t.sendMessage(third, new Address[]{new InternetAddress("d@example.com")});
            } finally {
                t.close();
            }
            assertThat(server.accepted()).extracting(FakeSmtpServer.Received::recipients)
                    .containsExactly(java.util.List.of("a@example.com", "b@example.com"), java.util.List.of("d@example.com"));
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.seen()).as("nothing reached the server for c@ (no DATA content)").hasSize(2);
        }
    }
}
