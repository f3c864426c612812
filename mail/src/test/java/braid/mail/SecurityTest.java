package braid.mail;

import braid.testkit.FakeSmtpServer;
import braid.testkit.TestCertificates;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static braid.mail.MailFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SecurityTest {
    @TempDir
    static Path certs;
    static TestCertificates trusted;
    static TestCertificates untrusted;

    @TempDir
    Path state;

    @BeforeAll
    static void makeCertificates() throws Exception {
        trusted = TestCertificates.generate(certs, "trusted");
        untrusted = TestCertificates.generate(certs, "untrusted");
    }

    private static SmtpSettings.Builder tls(int port, SmtpSettings.Security security) {
        return SmtpSettings.builder("localhost").port(port).security(security)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5))
                .retries(2, Duration.ofMillis(10), Duration.ofMillis(20))
                .sslContext(trusted.clientTrustingServer)
                .credentials("reports", "s3cret");
    }

    @Test
    void sendsOverStartTlsWithVerifiedCertificateAndAuthNeverInClear() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(trusted.server, false, "reports", "s3cret",
                new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(tls(server.port(), SmtpSettings.Security.STARTTLS).build(), state)) {
            SendResult r = send(engine(2), mailer, messages(3), SendOptions.DEFAULT);

            assertThat(r.sent()).hasSize(3);
            assertThat(server.commandsInClear()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c).matches("(?i)(EHLO|STARTTLS).*"));
        }
    }

    @Test
    void sendsOverImplicitTls() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(trusted.server, true, "reports", "s3cret",
                new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(tls(server.port(), SmtpSettings.Security.SMTPS).build(), state)) {
            assertThat(send(engine(1), mailer, messages(2), SendOptions.DEFAULT).sent()).hasSize(2);
            assertThat(server.commandsInClear()).isEmpty();
        }
    }

    @Test
    void certificateThatDoesNotVerifyStopsSendingBeforeCredentials() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(untrusted.server, false, "reports", "s3cret",
                new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(tls(server.port(), SmtpSettings.Security.STARTTLS).build(), state)) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> send(engine(2), mailer, messages(3), SendOptions.DEFAULT));

            assertThat(e.kind()).isEqualTo(SmtpException.Kind.TLS);
            assertThat(server.seen()).isEmpty();
            assertThat(server.commandsInClear()).noneMatch(c -> c.toUpperCase().startsWith("AUTH"));
            assertThat(e.result()).hasValueSatisfying(r -> assertThat(r.failed()).hasSize(3));
        }
    }

    @Test
    void trustedCertificateForAnotherHostNameIsRejected() throws Exception {
        TestCertificates otherName = TestCertificates.generate(certs, "other", "dns:mail.other.example");
        try (FakeSmtpServer server = new FakeSmtpServer(otherName.server, false, "reports", "s3cret",
                new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(tls(server.port(), SmtpSettings.Security.STARTTLS)
                     .sslContext(otherName.clientTrustingServer).build(), state)) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> send(engine(1), mailer, messages(1), SendOptions.DEFAULT));
            assertThat(e.kind()).isEqualTo(SmtpException.Kind.TLS);
            assertThat(server.commandsInClear()).noneMatch(c -> c.toUpperCase().startsWith("AUTH"));
            assertThat(server.seen()).isEmpty();
        }
    }

    @Test
    void defaultTrustStoreRejectsSelfSignedCertificate() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(trusted.server, false, "reports", "s3cret",
                new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(SmtpSettings.builder("localhost").port(server.port())
                     .credentials("reports", "s3cret").retries(1, Duration.ZERO, Duration.ZERO).build(), state)) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> send(engine(1), mailer, messages(1), SendOptions.DEFAULT));
            assertThat(e.kind()).isEqualTo(SmtpException.Kind.TLS);
            assertThat(server.seen()).isEmpty();
        }
    }

    @Test
    void startTlsRequiredButNotOfferedStopsWithoutSendingAnythingInClear() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(null, false, "reports", "s3cret",
                new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(tls(server.port(), SmtpSettings.Security.STARTTLS).build(), state)) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> send(engine(2), mailer, messages(3), SendOptions.DEFAULT));

            assertThat(e.kind()).isEqualTo(SmtpException.Kind.TLS);
            assertThat(e.getMessage()).contains("STARTTLS");
            assertThat(server.commandsInClear()).allSatisfy(c -> assertThat(c).matches("(?i)(EHLO|QUIT).*"));
            assertThat(server.seen()).isEmpty();
        }
    }

    @Test
    void authenticationFailureStopsAtOnce() throws Exception {
        try (FakeSmtpServer server = new FakeSmtpServer(trusted.server, false, "reports", "other",
                new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(tls(server.port(), SmtpSettings.Security.STARTTLS).poolSize(2).build(), state)) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> send(engine(2), mailer, messages(20), SendOptions.DEFAULT));

            assertThat(e.kind()).isEqualTo(SmtpException.Kind.AUTHENTICATION);
            assertThat(e.replyCode()).isEqualTo(535);
            assertThat(server.seen()).isEmpty();
            assertThat(server.connections()).isLessThanOrEqualTo(2);
            assertThat(e.result()).hasValueSatisfying(r -> {
                assertThat(r.sent()).isEmpty();
                assertThat(r.failed()).hasSize(20);
                assertThat(r.uncertain()).isEmpty();
            });
        }
    }

    @Test
    void credentialsWithoutTlsAreRefusedAtConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmtpSettings.builder("smtp.example.com").security(SmtpSettings.Security.NONE)
                        .credentials("u", "p").build());
        assertThat(e.getMessage()).contains("clear text");
    }
}
