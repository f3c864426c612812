package braid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import braid.web.NewsFetchException.Kind;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made by the JDK's keytool for each run. */
class HttpsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final byte[] FEED = LoopbackSite.resource("web-corpus/feeds/heise-developer.xml");

    @TempDir static Path dir;
    private static KeyStore keyStore;
    private HttpsServer server;

    // keytool is a separate JVM: run it once per class, not per test.
    @BeforeAll
    static void makeCertificate() throws Exception {
        Path p12 = dir.resolve("site.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-alias", "site", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
        keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            keyStore.load(in, PASSWORD);
        }
    }

    @BeforeEach
    void start() throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
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
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keyStore);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
        try (NewsReader reader = NewsReader.builder().noWindow().sslContext(clientTls).build()) {
            assertThat(reader.read(feed()).items()).hasSize(15);
        }
    }
}
