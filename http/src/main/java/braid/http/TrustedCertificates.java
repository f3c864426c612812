package braid.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * TLS that trusts the certificates of a file (PEM, one or many, or DER) besides the JDK's trusted CAs: what an
 * operator has for sites behind a company CA. curl's {@code --cacert} replaces the default CAs instead; here public
 * sites keep working next to the private ones. The JDK's own PKIX trust manager checks every chain (dates, host name,
 * key usage), so a certificate in the file is a trust anchor, nothing more.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /**
     * A TLS context trusting the JDK's CAs and the certificates in {@code file}.
     *
     * @throws IOException the file cannot be read or holds no certificate (the message says which, in words)
     */
    public static SSLContext plus(Path file) throws IOException {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trustManager(file)}, null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use its certificates: " + e.getMessage(), e);
        }
    }

    /**
     * A trust store of exactly the certificates in {@code file} (PEM, one or many, or DER): a company CA as operators
     * get it, for {@code trustStore: {path: ca.pem, type: PEM}} where a PKCS12 or JKS store would need {@code keytool}
     * first. Read in microseconds: a PKCS12 store is opened through PBKDF2 (10,000 iterations, twice), about 0.13 s of
     * a cold JVM.
     *
     * @throws IOException the file cannot be read or holds no certificate (the message says which, in words)
     */
    public static KeyStore only(Path file) throws IOException {
        Collection<? extends Certificate> certificates = read(file);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) store.setCertificateEntry("file-" + i++, c);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use its certificates: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a configured trust store file: {@code PEM} (certificates, no password) through {@link #only}, else a key
     * store of that type ({@code PKCS12}, {@code JKS}). A missing file is a {@link java.nio.file.NoSuchFileException}
     * whatever the type.
     *
     * @throws java.security.KeyStoreException {@code type} is no key store type
     * @throws IOException the file cannot be read, is not of that type, or the password is wrong
     */
    public static KeyStore open(Path file, char @Nullable [] password, String type) throws IOException, GeneralSecurityException {
        if (type.equals("PEM")) {
            if (Files.notExists(file)) throw new java.nio.file.NoSuchFileException(file.toString());
            return only(file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        }
    }

    /**
     * A TLS context trusting exactly the certificates of {@code store} (a configured trust store, opened as PKCS12,
     * JKS or by {@link #only}), checked by the JDK's PKIX trust manager.
     */
    public static SSLContext trusting(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    /** Whether {@code file} begins as a PEM file does ({@code -----BEGIN}), after blank lines or a UTF-8 mark. */
    public static boolean looksLikePem(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(256), java.nio.charset.StandardCharsets.ISO_8859_1);
            return head.replace("\u00ef\u00bb\u00bf", "").stripLeading().startsWith("-----BEGIN");
        } catch (IOException e) {
            return false;
        }
    }

    private static Collection<? extends Certificate> read(Path file) throws IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file");
        } catch (CertificateException e) {
            throw new IOException("not a certificate file (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        if (certificates.isEmpty()) throw new IOException("holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
        return certificates;
    }

    /**
     * A TLS context trusting the JDK's CAs and the trusted certificates of {@code store}: for checks that reach
     * internal sites behind a company CA and public ones alike ({@code health.trustStore}).
     */
    public static SSLContext plus(KeyStore store) throws GeneralSecurityException {
        java.util.List<Certificate> extra = new java.util.ArrayList<>();
        for (String alias : java.util.Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) extra.add(store.getCertificate(alias));
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {withJdkCas(extra)}, null);
        return tls;
    }

    /** The JDK's PKIX trust manager over the JDK's CAs and the certificates in {@code file}. */
    static X509TrustManager trustManager(Path file) throws IOException {
        Collection<? extends Certificate> extra = read(file);
        try {
            return withJdkCas(extra);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use its certificates: " + e.getMessage(), e);
        }
    }

    private static X509TrustManager withJdkCas(Collection<? extends Certificate> extra) throws GeneralSecurityException {
        KeyStore anchors;
        try {
            anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make an empty key store", e); // nothing to read: cannot happen
        }
        int i = 0;
        for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) anchors.setCertificateEntry("jdk-" + i++, ca);
        i = 0;
        for (Certificate c : extra) anchors.setCertificateEntry("extra-" + i++, c);
        return x509(anchors);
    }

    private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
        return x509(null);
    }

    /** The JDK's PKIX trust manager over {@code anchors} (null: the JDK's own CAs). */
    private static X509TrustManager x509(@Nullable KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) return x;
        }
        throw new GeneralSecurityException("the JDK has no X.509 trust manager");
    }
}
