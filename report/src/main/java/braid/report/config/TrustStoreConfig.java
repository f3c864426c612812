package braid.report.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A trust store to use instead of the JDK's default trusted certificates (keys
 * {@code sap.trustStore}, {@code mail.smtp.trustStore}).
 *
 * @param path     absolute path of the store file
 * @param password store password, if any
 * @param type     {@code PKCS12} or {@code JKS}
 */
public record TrustStoreConfig(Path path, Optional<Secret> password, String type) {
    public TrustStoreConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(type, "type");
    }
}
