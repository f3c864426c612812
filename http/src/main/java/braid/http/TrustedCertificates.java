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

    /** The JDK's PKIX trust manager over the JDK's CAs and the certificates in {@code file}. */
    static X509TrustManager trustManager(Path file) throws IOException {
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(file)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("no such file");
        } catch (CertificateException e) {
            throw new IOException("not a certificate file (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        if (extra.isEmpty()) throw new IOException("holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate ca : defaultTrustManager().getAcceptedIssuers()) anchors.setCertificateEntry("jdk-" + i++, ca);
            i = 0;
            for (Certificate c : extra) anchors.setCertificateEntry("file-" + i++, c);
            return x509(anchors);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use its certificates: " + e.getMessage(), e);
        }
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
