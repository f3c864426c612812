package braid.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's keytool (the JDK has no
 * public API to make one): a PKCS12 key store for a server and a PKCS12 trust store holding only the certificate,
 * which braid.yaml's {@code trustStore} can name, so a stand-in speaks verified TLS on loopback.
 *
 * @param keyStore   the server's key and certificate (password {@link #PASSWORD})
 * @param trustStore the certificate alone (password {@link #PASSWORD})
 */
public record SelfSignedCertificate(Path keyStore, Path trustStore) {
    /** The password of both stores: they guard nothing but a loopback stand-in. */
    public static final String PASSWORD = "changeit";

    /** Makes one in {@code dir} ({@code name}.p12 and {@code name}-trust.p12), valid for two days. */
    public static SelfSignedCertificate generate(Path dir, String name) throws IOException {
        return generate(dir, name, "dns:localhost,ip:127.0.0.1");
    }

    /** Same, with the subject alternative names {@code san} in keytool's syntax. */
    public static SelfSignedCertificate generate(Path dir, String name, String san) throws IOException {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=" + san,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) throw new IOException("keytool failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        try {
            KeyStore ks = load(store);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", ks.getCertificate("server"));
            Path trustFile = dir.resolve(name + "-trust.p12");
            try (var file = Files.newOutputStream(trustFile)) {
                trust.store(file, PASSWORD.toCharArray());
            }
            return new SelfSignedCertificate(store, trustFile);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build the trust store: " + e.getMessage(), e);
        }
    }

    /** A server context presenting the certificate. */
    public SSLContext serverContext() throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keyStore), PASSWORD.toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        return server;
    }

    /** A client context trusting only the certificate. */
    public SSLContext clientContext() throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore));
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return client;
    }

    private static KeyStore load(Path file) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }
}
