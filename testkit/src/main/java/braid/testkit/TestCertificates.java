package braid.testkit;

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
 * Test-only TLS material made at test time with the JDK's keytool: a self-signed certificate for localhost,
 * {@value TestProxy#REMOTE} (a loopback site reached through {@link TestProxy}) and 127.0.0.1, a server context presenting
 * it and a client context trusting only it.
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

    /** The trust store's certificates as a PEM file beside it (NAME.pem), as a company CA is handed out. */
    public Path trustStoreAsPem() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trust.load(in, PASSWORD);
        }
        StringBuilder pem = new StringBuilder();
        for (String alias : java.util.Collections.list(trust.aliases())) {
            pem.append("-----BEGIN CERTIFICATE-----\n")
                    .append(java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(trust.getCertificate(alias).getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        String name = trustStore.getFileName().toString().replaceFirst("\\.p12$", "");
        return Files.writeString(trustStore.resolveSibling(name + ".pem"), pem);
    }

    public static TestCertificates generate(Path dir, String name) throws IOException, InterruptedException, GeneralSecurityException {
        return generate(dir, name, "dns:localhost,dns:" + TestProxy.REMOTE + ",ip:127.0.0.1");
    }

    /** A certificate whose subject alternative names are {@code san} (keytool syntax). */
    public static TestCertificates generate(Path dir, String name, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        return selfSigned(dir, name, san);
    }

    /**
     * A certificate for localhost and 127.0.0.1 that expired yesterday (valid for 2 days from 3 days ago), signed by
     * a test CA that the client context trusts. Signed, because a trust anchor's own dates are never checked.
     */
    public static TestCertificates generateExpired(Path dir, String name)
            throws IOException, InterruptedException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path store = dir.resolve(name + ".p12");
        Path csr = dir.resolve(name + ".csr");
        Path leaf = dir.resolve(name + ".cer");
        Path caCert = dir.resolve(name + "-ca.cer");
        String pw = new String(PASSWORD);
        List<String> ks = List.of("-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", pw);
        keytool(ks, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=braid test CA", "-ext", "bc:c", "-validity", "30", "-startdate", "-10d", "-keypass", pw);
        keytool(ks, "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-keypass", pw);
        keytool(ks, "-certreq", "-alias", "smtp", "-file", csr.toString());
        keytool(ks, "-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", leaf.toString(),
                "-startdate", "-3d", "-validity", "2", "-ext", "SAN=dns:localhost,dns:" + TestProxy.REMOTE + ",ip:127.0.0.1");
        keytool(ks, "-exportcert", "-alias", "ca", "-file", caCert.toString());
        keytool(ks, "-importcert", "-noprompt", "-alias", "smtp", "-file", leaf.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        keys.deleteEntry("ca"); // the server presents the leaf only
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caCert)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
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

    private static void keytool(List<String> store, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(store);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }

    private static TestCertificates selfSigned(Path dir, String name, String san)
            throws IOException, GeneralSecurityException {
        // The sandbox makes the same kind of certificate for `braid sandbox --smtp-auth`: one maker of them.
        braid.sandbox.SelfSignedCertificate c = braid.sandbox.SelfSignedCertificate.generate(dir, name, san);
        return new TestCertificates(c.serverContext(), c.clientContext(), c.trustStore());
    }
}
