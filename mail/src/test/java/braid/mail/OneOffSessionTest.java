package braid.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import braid.testkit.FakeSmtpServer;
import braid.testkit.TestCertificates;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Mailer#checkSession} and {@link Mailer#sendNotice}: single sessions with the mailer's own settings. */
class OneOffSessionTest {
    @TempDir
    static Path certs;
    static TestCertificates trusted;

    @BeforeAll
    static void makeCertificates() throws Exception {
        trusted = TestCertificates.generate(certs, "trusted");
    }

    private static SmtpSettings startTls(int port, String password) {
        return SmtpSettings.builder("localhost").port(port).security(SmtpSettings.Security.STARTTLS)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .sslContext(trusted.clientTrustingServer).credentials("reports", password).build();
    }

    @Test
    void checkSessionLogsInOverStartTlsAndQuitsWithoutSending() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(trusted.server, false, "reports", "s3cret", new FakeSmtpServer.Script() {})) {
            Mailer.checkSession(startTls(server.port(), "s3cret"));

            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.commands()).anyMatch(c -> c.toUpperCase().startsWith("AUTH"));
            assertThat(server.commandsInClear()).noneMatch(c -> c.toUpperCase().startsWith("AUTH"));
            assertThat(server.commands()).noneMatch(c -> c.toUpperCase().startsWith("MAIL FROM"));
            assertThat(server.seen()).isEmpty();
        }
    }

    @Test
    void checkSessionWithRefusedCredentialsIsAnAuthenticationFailureWithTheReplyAndNotThePassword() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(trusted.server, false, "reports", "s3cret", new FakeSmtpServer.Script() {})) {
            SmtpException e = assertThrows(SmtpException.class, () -> Mailer.checkSession(startTls(server.port(), "Wr0ng-pw")));

            assertThat(e.kind()).isEqualTo(SmtpException.Kind.AUTHENTICATION);
            assertThat(e.replyCode()).isEqualTo(535);
            assertThat(e.getMessage()).startsWith("AUTH failed: 535").doesNotContain("Wr0ng-pw");
        }
    }

    @Test
    void checkSessionAgainstNothingListeningIsAConnectionFailure() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SmtpException e = assertThrows(SmtpException.class, () -> Mailer.checkSession(startTls(port, "s3cret")));
        assertThat(e.kind()).isEqualTo(SmtpException.Kind.CONNECTION);
        assertThat(e.replyCode()).isZero();
    }

    @Test
    void checkSessionAgainstAPortThatNeverGreetsSaysItIsNoMailServersInsteadOfReadTimedOut() throws Exception {
        // mail.smtp.port pointed at a web server (or at 465 without smtps): the connection opens, nobody speaks first
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (var c = silent.accept()) {
                    c.getInputStream().read(); // waits for the client to speak, as an HTTP server does
                } catch (java.io.IOException ignored) {
                    // the client gave up
                }
            });
            SmtpSettings s = SmtpSettings.builder("127.0.0.1").port(silent.getLocalPort()).security(SmtpSettings.Security.STARTTLS)
                    .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5)).build();
            SmtpException e = assertThrows(SmtpException.class, () -> Mailer.checkSession(s));
            assertThat(e.kind()).isEqualTo(SmtpException.Kind.CONNECTION);
            assertThat(e.getMessage()).contains("no SMTP greeting from 127.0.0.1:" + silent.getLocalPort() + " within 1.0 s",
                    "is this port a mail server's?", "mail.smtp.security: smtps").doesNotContain("Exception", "timed out");
        }
    }

    @Test
    void sendNoticeDeliversOnePlainTextMailMarkedAutoSubmitted() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(trusted.server, false, "reports", "s3cret", new FakeSmtpServer.Script() {})) {
            Notice notice = new Notice(new InternetAddress("news@example-outdoor.test", "Grüße Team", "UTF-8"),
                    List.of(new InternetAddress("ops@example-outdoor.test"), new InternetAddress("oncall@example-outdoor.test")),
                    "braid: report 2026-11-23 FAILED (exit 1)", "Grüße from the run", "bounces@example-outdoor.test");

            Mailer.sendNotice(startTls(server.port(), "s3cret"), notice);

            assertThat(server.accepted()).singleElement().satisfies(r -> {
                assertThat(r.envelopeFrom()).isEqualTo("bounces@example-outdoor.test");
                assertThat(r.recipients()).containsExactly("ops@example-outdoor.test", "oncall@example-outdoor.test");
                assertThat(r.text()).contains("Auto-Submitted: auto-generated", "Content-Type: text/plain; charset=UTF-8");
            });
        }
    }

    @Test
    void aNoticeKeepsItsAddressesWhateverTheCallerDoesWithThem() throws Exception {
        InternetAddress to = new InternetAddress("ops@example-outdoor.test");
        Notice notice = new Notice(new InternetAddress("news@example-outdoor.test"), List.of(to), "s", "t", "b@example-outdoor.test");
        to.setAddress("someone-else@example.test");
        notice.to().getFirst().setAddress("again-else@example.test");

        assertThat(notice.to().getFirst().getAddress()).isEqualTo("ops@example-outdoor.test");
    }
}
