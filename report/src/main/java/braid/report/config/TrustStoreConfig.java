package braid.report.config;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A trust store to use instead of the JDK's default trusted certificates (keys
 * {@code sap.trustStore}, {@code mail.smtp.trustStore}). Immutable and thread-safe.
 *
 * @param path     absolute path of the store file
 * @param password store password, if any
 * @param type     {@code PKCS12}, {@code JKS} or {@code PEM} (certificates in a PEM or DER file, no password)
 */
public record TrustStoreConfig(Path path, Optional<Secret> password, String type) {
    public TrustStoreConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }

    /** Loads the store from disk (again, each call). */
    public KeyStore load() throws IOException, GeneralSecurityException {
        return open(path, password, type);
    }

    /** A TLS context that trusts exactly the certificates of this store, for the SMTP or HTTP client. */
    public SSLContext sslContext() throws IOException, GeneralSecurityException {
        return braid.http.TrustedCertificates.trusting(load());
    }

    static KeyStore open(Path path, Optional<Secret> password, String type) throws IOException, GeneralSecurityException {
        return braid.http.TrustedCertificates.open(path, password.map(p -> p.reveal().toCharArray()).orElse(null), type);
    }
}
