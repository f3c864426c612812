package braid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import braid.testkit.TestCertificates;
import braid.web.NewsFetchException.Kind;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made by the JDK's keytool for each run. */
class HttpsTest {
    private static final byte[] FEED = LoopbackSite.resource("web-corpus/feeds/heise-developer.xml");

    @TempDir static Path dir;
    private static TestCertificates tls;
    private HttpsServer server;

    // keytool is a separate JVM: run it once per class, not per test.
    @BeforeAll
    static void makeCertificate() throws Exception {
        tls = TestCertificates.generate(dir, "site");
    }

    @BeforeEach
    void start() throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.server));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/feed", ex -> {
            try (ex) {
                LoopbackSite.send(ex, 200, "application/atom+xml", FEED);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI feed() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/feed");
    }

    @Test
    void untrustedCertificateIsTypedTlsAndNotTransient() {
        try (NewsReader reader = NewsReader.builder().build()) {
            NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(feed()));

            assertThat(e.kind()).isEqualTo(Kind.TLS);
            assertThat(e.isTransient()).isFalse();
        }
    }

    @Test
    void trustedCertificateReadsTheFeedOverHttps() throws Exception {
        try (NewsReader reader = NewsReader.builder().noWindow().sslContext(tls.clientTrustingServer).build()) {
            assertThat(reader.read(feed()).items()).hasSize(15);
        }
    }
}
