package braid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import braid.testkit.TestCertificates;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: a failed fetch says what happened in words, with host and port, and never a Java class name — for
 * the failures an operator meets: a closed port, an unknown host, a server that says nothing, a connection reset,
 * an expired and an untrusted certificate. Every case is a real socket on loopback; the words come from
 * braid.core.Failures.network, which SAP and SMTP use too.
 */
class FailureWordsTest {
    private static final Pattern JAVA = Pattern.compile("java\\.[a-z]+\\.|\\b[A-Z][A-Za-z]*(Exception|Error)\\b");

    @TempDir
    Path dir;

    private static NewsFetchException fail(NewsReader reader, URI uri) {
        try (reader) {
            return catchThrowableOfType(NewsFetchException.class, () -> reader.read(uri));
        }
    }

    private static void assertWords(NewsFetchException e, String words) {
        assertThat(e).as("a failure is expected").isNotNull();
        assertThat(e.getMessage()).contains(words);
        assertThat(JAVA.matcher(e.getMessage()).find()).as(e.getMessage()).isFalse();
    }

    @Test
    void aClosedPortIsConnectionRefusedByHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertWords(fail(NewsReader.builder().noWindow().build(), URI.create("http://127.0.0.1:" + port + "/news")),
                "connection refused by 127.0.0.1:" + port);
    }

    @Test
    void anUnknownHostCannotBeResolved() {
        assertWords(fail(NewsReader.builder().noWindow().build(), URI.create("http://www.example.invalid/news")),
                "cannot resolve host www.example.invalid");
    }

    @Test
    void aServerThatSaysNothingIsNoAnswerWithinTheTimeout() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = s.accept(); InputStream in = c.getInputStream()) {
                    in.readAllBytes(); // reads the request and answers nothing
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            NewsFetchException e = fail(NewsReader.builder().noWindow().requestTimeout(Duration.ofMillis(500)).build(),
                    URI.create("http://127.0.0.1:" + s.getLocalPort() + "/news"));
            // the request timeout (headers) or the whole-body guard, whichever fires first: the same words (Deadlines.send)
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).contains("no complete answer from 127.0.0.1:" + s.getLocalPort() + " within 500 ms");
            assertThat(JAVA.matcher(e.getMessage()).find()).as(e.getMessage()).isFalse();
        }
    }

    @Test
    void aResetConnectionIsNamed() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket c = s.accept();
                        c.getInputStream().read(new byte[512]);
                        c.setSoLinger(true, 0); // RST instead of FIN
                        c.close();
                    }
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            NewsFetchException e = fail(NewsReader.builder().noWindow().build(),
                    URI.create("http://127.0.0.1:" + s.getLocalPort() + "/news"));
            assertThat(e).isNotNull();
            assertThat(e.getMessage()).containsAnyOf("connection reset by 127.0.0.1:" + s.getLocalPort(),
                    "127.0.0.1:" + s.getLocalPort() + " closed the connection");
            assertThat(JAVA.matcher(e.getMessage()).find()).as(e.getMessage()).isFalse();
        }
    }

    @Test
    void anExpiredCertificateSaysSoWithItsDate() throws Exception {
        TestCertificates expired = TestCertificates.generateExpired(dir, "expired");
        try (var site = https(expired)) {
            NewsFetchException e = fail(NewsReader.builder().noWindow().sslContext(expired.clientTrustingServer).build(),
                    URI.create("https://127.0.0.1:" + site.port + "/news"));
            String day = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
            String dayBefore = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();
            assertThat(e.getMessage()).containsAnyOf("TLS: the certificate of 127.0.0.1 expired on " + day,
                    "TLS: the certificate of 127.0.0.1 expired on " + dayBefore);
            assertThat(JAVA.matcher(e.getMessage()).find()).as(e.getMessage()).isFalse();
        }
    }

    @Test
    void anUntrustedCertificateSaysItIsNotTrusted() throws Exception {
        TestCertificates selfSigned = TestCertificates.generate(dir, "self");
        try (var site = https(selfSigned)) {
            // the JDK's default trust store does not hold the test's self-signed certificate
            assertWords(fail(NewsReader.builder().noWindow().build(), URI.create("https://127.0.0.1:" + site.port + "/news")),
                    "TLS: the certificate of 127.0.0.1 is not trusted");
        }
    }

    private record Site(HttpsServer server, int port) implements AutoCloseable {
        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static Site https(TestCertificates certs) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certs.server));
        server.createContext("/", ex -> {
            byte[] b = "<html></html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return new Site(server, server.getAddress().getPort());
    }
}
