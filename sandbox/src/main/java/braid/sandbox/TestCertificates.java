package braid.sandbox;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

/**
 * Test-only TLS material made at test time with the JDK's keytool: a self-signed certificate for localhost and
 * 127.0.0.1, a server context presenting it and a client context trusting only it.
 */
public final class TestCertificates {
    /** The password of the key and trust stores. */
    public static final String STORE_PASSWORD = "changeit";
    private static final char[] PASSWORD = STORE_PASSWORD.toCharArray();

    public final SSLContext server;
    public final SSLContext clientTrustingServer;
    /** A PKCS12 trust store (password {@code changeit}) holding only the certificate, for {@code trustStore} in braid.yaml. */
    public final Path trustStore;

    private TestCertificates(SSLContext server, SSLContext clientTrustingServer, Path trustStore) {
        this.server = server;
        this.clientTrustingServer = clientTrustingServer;
        this.trustStore = trustStore;
    }

    public static TestCertificates generate(Path dir, String name) throws IOException, InterruptedException, GeneralSecurityException {
        return generate(dir, name, "dns:localhost,ip:127.0.0.1");
    }

    /** A certificate whose subject alternative names are {@code san} (keytool syntax). */
    public static TestCertificates generate(Path dir, String name, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "smtp", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=" + san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("smtp", ks.getCertificate("smtp"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        Path trustFile = dir.resolve(name + "-trust.p12");
        try (var file = Files.newOutputStream(trustFile)) {
            trust.store(file, PASSWORD);
        }
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new TestCertificates(server, client, trustFile);
    }
}
