package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Clock;
import braid.testkit.TestCertificates;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code smtp} check against mail servers on loopback that speak SMTP as a relay does (RFC 5321 and STARTTLS,
 * RFC 3207): greeting, EHLO, STARTTLS, TLS with the server's certificate, EHLO, QUIT. The daily report's mail relay is
 * the first thing an expired or renamed certificate breaks; this check says so 14 days ahead.
 */
class SmtpCheckTest {
    @TempDir Path dir;
    private final List<ServerSocket> servers = new java.util.ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ServerSocket s : servers) s.close();
    }

    /** A mail server: {@code starttls} offered with {@code tls} (null: not offered); {@code implicit}: TLS first (465). */
    private int server(SSLContext tls, boolean starttls, boolean implicit) throws Exception {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(ss);
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket c = ss.accept();
                    Thread.ofVirtual().start(() -> converse(c, tls, starttls, implicit));
                } catch (Exception e) {
                    return;
                }
            }
        });
        return ss.getLocalPort();
    }

    private static void converse(Socket c, SSLContext tls, boolean starttls, boolean implicit) {
        try (c) {
            Socket s = c;
            if (implicit) s = wrap(c, tls);
            boolean secure = implicit;
            while (true) {
                OutputStream out = s.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                if (!secure || implicit) out.write("220 mx.test ESMTP braid-test\r\n".getBytes(StandardCharsets.US_ASCII));
                implicit = false;
                boolean upgraded = false;
                String line;
                while ((line = in.readLine()) != null) {
                    String cmd = line.toUpperCase(java.util.Locale.ROOT);
                    if (cmd.startsWith("EHLO ")) {
                        out.write(("250-mx.test\r\n250-SIZE 10240000\r\n" + (starttls && !secure ? "250-STARTTLS\r\n" : "")
                                + "250 8BITMIME\r\n").getBytes(StandardCharsets.US_ASCII));
                    } else if (cmd.equals("STARTTLS") && starttls && !secure) {
                        out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        s = wrap(s, tls);
                        secure = true;
                        upgraded = true;
                        break;
                    } else if (cmd.equals("QUIT")) {
                        out.write("221 2.0.0 Bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    } else {
                        out.write("502 5.5.2 Error: command not recognized\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                }
                if (!upgraded) return;
            }
        } catch (Exception e) {
            // the client hung up (or refused the certificate)
        }
    }

    private static SSLSocket wrap(Socket s, SSLContext tls) throws Exception {
        SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
        t.setUseClientMode(false);
        t.startHandshake();
        return t;
    }

    private List<CheckResult> run(String trust, String checks) throws Exception {
        HealthChecks config = HealthChecks.read(Files.writeString(dir.resolve("health.yaml"),
                "health:\n" + trust + "  checks:\n" + checks));
        return new HealthRunner(config, Clock.system(), HealthSources.NONE).run(config);
    }

    private static String trusting(TestCertificates certs) {
        return "  trustStore: {path: \"" + certs.trustStore + "\", password: " + TestCertificates.STORE_PASSWORD + ", type: PKCS12}\n";
    }

    @Test
    void aRelayThatGreetsOffersStarttlsAndShowsAGoodCertificateIsOk() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("tls"), "mx");
        int starttls = server(certs.server, true, false);
        int smtps = server(certs.server, false, true);
        int plain = server(certs.server, false, false);
        List<CheckResult> r = run(trusting(certs), """
                    - {name: relay, smtp: "127.0.0.1:%d", certificateMinDays: 1, certificateCriticalDays: 1}
                    - {name: relay-465, smtp: "127.0.0.1:%d", security: smtps, certificateMinDays: 1, certificateCriticalDays: 1}
                    - {name: local-sink, smtp: "127.0.0.1:%d", security: none}
                    - {name: soon, smtp: "127.0.0.1:%d", certificateMinDays: 4000, certificateCriticalDays: 1}
                """.formatted(starttls, smtps, plain, starttls));
        assertThat(r.get(0).status()).as(r.get(0).message()).isEqualTo(Status.OK);
        assertThat(r.get(0).message()).matches("220 mx\\.test ESMTP braid-test; STARTTLS; certificate valid \\d+ more days?; in .+");
        assertThat(r.get(0).measurements()).containsKeys("latency_seconds", "certificate_expiry_seconds");
        assertThat(r.get(1).status()).as(r.get(1).message()).isEqualTo(Status.OK);
        assertThat(r.get(1).message()).startsWith("220 mx.test ESMTP braid-test; TLS (smtps); certificate valid ");
        assertThat(r.get(2).status()).as(r.get(2).message()).isEqualTo(Status.OK);
        assertThat(r.get(2).message()).startsWith("220 mx.test ESMTP braid-test; no TLS; in ");
        // a certificate with fewer days left than certificateMinDays: WARNING, saying when it ends
        assertThat(r.get(3).status()).isEqualTo(Status.WARNING);
        assertThat(r.get(3).message()).contains("; the certificate expires in ");
    }

    @Test
    void anExpiredOrUntrustedCertificateAMissingStarttlsAndAWrongPortAreCritical() throws Exception {
        TestCertificates expired = TestCertificates.generateExpired(dir.resolve("old"), "mx");
        TestCertificates good = TestCertificates.generate(dir.resolve("tls"), "mx");
        int old = server(expired.server, true, false);
        int noTls = server(good.server, false, false);
        int untrusted = server(good.server, true, false);
        ServerSocket ssh = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(ssh);
        Thread.ofVirtual().start(() -> {
            try (Socket c = ssh.accept()) {
                c.getOutputStream().write("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".getBytes(StandardCharsets.US_ASCII));
                c.getInputStream().read();
            } catch (Exception ignored) {
                // closed
            }
        });
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        List<CheckResult> r = run(trusting(expired), """
                    - {name: expired, smtp: "127.0.0.1:%d"}
                    - {name: no-starttls, smtp: "127.0.0.1:%d"}
                    - {name: untrusted, smtp: "127.0.0.1:%d"}
                    - {name: ssh, smtp: "127.0.0.1:%d"}
                    - {name: down, smtp: "127.0.0.1:%d"}
                """.formatted(old, noTls, untrusted, ssh.getLocalPort(), closed));
        assertThat(r).allSatisfy(x -> assertThat(x.status()).as(x.name() + ": " + x.message()).isEqualTo(Status.CRITICAL));
        assertThat(r.get(0).message()).startsWith("TLS: the certificate of 127.0.0.1 expired on ");
        assertThat(r.get(0).measurements()).containsKeys("tls_failed", "certificate_expired");
        assertThat(r.get(1).message()).isEqualTo("127.0.0.1:" + noTls + " does not offer STARTTLS (its EHLO answer lists SIZE,"
                + " 8BITMIME); set security: none to check it without TLS");
        assertThat(r.get(2).message()).startsWith("TLS: the certificate of 127.0.0.1 is not trusted");
        assertThat(r.get(3).message()).contains("not an SMTP server: it answered 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3'");
        assertThat(r.get(4).message()).isEqualTo("connection refused by 127.0.0.1:" + closed);
    }

    @Test
    void mistakesInTheCheckAreNamed() throws Exception {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: m, smtp: mail.example.com}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith(
                "health.checks[0] (m): smtp: write host:port, such as mail.example.com:587; got 'mail.example.com'");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: m, smtp: \"mail.example.com:587\", security: tls}\n");
        assertThatThrownBy(() -> HealthChecks.read(cfg)).hasMessageEndingWith(
                "health.checks[0] (m): security: starttls, smtps or none (as mail.smtp.security); got 'tls'");
        Files.writeString(cfg, "health:\n  checks:\n    - {name: m, smtp: \"mail.example.com:465\"}\n");
        assertThat(HealthChecks.read(cfg).checks().getFirst()).isInstanceOfSatisfying(HealthCheck.Smtp.class,
                m -> assertThat(m.security()).isEqualTo(HealthCheck.Smtp.Security.SMTPS)); // port 465 is TLS from the start
    }
}
