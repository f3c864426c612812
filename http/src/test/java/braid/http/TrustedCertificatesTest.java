package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedCertificatesTest {
    @TempDir Path dir;

    private static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void theFilesCertificatesAreTrustedBesidesEveryCaTheJdkTrusts() throws Exception {
        braid.testkit.TestCertificates a = braid.testkit.TestCertificates.generate(dir.resolve("a"), "a");
        braid.testkit.TestCertificates b = braid.testkit.TestCertificates.generate(dir.resolve("b"), "b");
        X509Certificate ca = first(a.trustStore);
        X509Certificate other = first(b.trustStore);
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "# company CAs\n" + pem(ca) + pem(other));

        X509TrustManager tm = TrustedCertificates.trustManager(bundle);
        List<X509Certificate> trusted = Arrays.asList(tm.getAcceptedIssuers());
        TrustManagerFactory jdk = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jdk.init((KeyStore) null);
        X509Certificate[] jdkCas = ((X509TrustManager) jdk.getTrustManagers()[0]).getAcceptedIssuers();
        assertThat(jdkCas).isNotEmpty();
        assertThat(trusted).contains(ca, other).containsAll(Arrays.asList(jdkCas)).hasSize(jdkCas.length + 2);
        tm.checkServerTrusted(new X509Certificate[] {ca}, "ECDHE_ECDSA"); // no exception: a trust anchor
        assertThat(TrustedCertificates.plus(bundle).getProtocol()).isEqualTo("TLS");
    }

    @Test
    void aFileWithoutCertificatesIsRefusedInWords() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertThatThrownBy(() -> TrustedCertificates.plus(text))
                .hasMessage("not a certificate file (expected PEM: -----BEGIN CERTIFICATE-----)");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> TrustedCertificates.plus(empty)).hasMessageContaining("certificate");
        assertThatThrownBy(() -> TrustedCertificates.plus(dir.resolve("missing.pem"))).hasMessage("no such file");
    }

    private static X509Certificate first(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            ks.load(in, braid.testkit.TestCertificates.STORE_PASSWORD.toCharArray());
        }
        return (X509Certificate) ks.getCertificate(ks.aliases().nextElement());
    }
}
