package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Http1Client} over TLS against a server socket of the JDK's TLS with certificates made by the test. */
class Http1ClientTlsTest {
    @TempDir Path dir;
    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
    }

    /** Answers every request on every connection with 200 and the request's path as the body. */
    private URI https(SSLContext serverContext) throws IOException {
        server = serverContext.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        accept(s -> {
            InputStream in = s.getInputStream();
            for (String head; (head = head(in)) != null; ) {
                heads.add(head);
                String path = head.split(" ")[1];
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path)
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        });
        return URI.create("https://127.0.0.1:" + server.getLocalPort());
    }

    interface Serve {
        void on(Socket s) throws Exception;
    }

    private void accept(Serve serve) {
        AcceptLoop.start(server, connections, (s, n) -> serve.on(s));
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) return b.toString();
        }
        return null;
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    @Test
    void httpsKeepsItsConnectionAndHandsOverTheServersCertificate() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "site");
        URI root = https(certs.server);
        try (Http1Client client = new Http1Client(Duration.ofSeconds(2), certs.clientTrustingServer)) {
            Duration t = Duration.ofSeconds(5);
            var a = client.send("GET", root.resolve("/a"), Map.of("User-Agent", List.of("test")), null, 1000, in(t), t);
            var b = client.send("GET", root.resolve("/b?x=1"), Map.of(), null, 1000, in(t), t);

            assertThat(a.status()).isEqualTo(200);
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("/a");
            assertThat(new String(b.body(), StandardCharsets.UTF_8)).isEqualTo("/b?x=1");
            assertThat(connections.get()).as("one TLS connection, kept alive").isEqualTo(1);
            assertThat(heads.getFirst()).startsWith("GET /a HTTP/1.1\r\nHost: 127.0.0.1:" + root.getPort() + "\r\n")
                    .contains("User-Agent: test\r\n");
            assertThat(a.session()).isNotNull();
            X509Certificate cert = (X509Certificate) a.session().getPeerCertificates()[0];
            assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(a.session().getProtocol()).startsWith("TLSv1.");
        }
    }

    @Test
    void aCertificateForAnotherNameOrFromNoTrustedIssuerIsRefusedAsTls() throws Exception {
        // trusted by the client, but made out to other.example: the name check of HTTPS refuses it
        TestCertificates other = TestCertificates.generate(dir.resolve("other"), "other", "dns:other.example");
        URI root = https(other.server);
        Duration t = Duration.ofSeconds(5);
        try (Http1Client client = new Http1Client(Duration.ofSeconds(2), other.clientTrustingServer)) {
            assertThatThrownBy(() -> client.send("GET", root.resolve("/"), Map.of(), null, 1000, in(t), t))
                    .isInstanceOf(SSLHandshakeException.class)
                    .satisfies(e -> {
                        assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.TLS);
                        assertThat(HttpFailure.describe(e, root, t)).startsWith("TLS: ").contains("127.0.0.1")
                                .doesNotContain("Exception");
                    });
        }
        // the JDK's own CAs do not know the test's certificate
        try (Http1Client client = new Http1Client(Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.send("GET", root.resolve("/"), Map.of(), null, 1000, in(t), t))
                    .satisfies(e -> assertThat(HttpFailure.describe(e, root, t)).contains("not trusted"));
        }
    }

    @Test
    void aServerThatNeverSpeaksTlsEndsAtTheDeadline() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        accept(s -> Thread.sleep(10_000)); // accepts, then says nothing
        URI root = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/");
        Duration t = Duration.ofMillis(400);
        try (Http1Client client = new Http1Client(Duration.ofSeconds(2))) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.send("GET", root, Map.of(), null, 1000, in(t), t))
                    .isInstanceOf(IncompleteAnswerException.class)
                    .satisfies(e -> assertThat(HttpFailure.describe(e, root, t))
                            .isEqualTo("no complete answer from 127.0.0.1:" + server.getLocalPort() + " within 400 ms"));
            assertThat((System.nanoTime() - t0) / 1_000_000).as("the handshake is held to the deadline").isLessThan(3_000);
        }
    }
}
