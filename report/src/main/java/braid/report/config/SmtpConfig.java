package braid.report.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP server that sends the e-mails (section {@code mail.smtp}).
 *
 * @param host           server host name
 * @param port           server port
 * @param security       connection security
 * @param username       user for SMTP AUTH, if any
 * @param password       password for SMTP AUTH; present exactly when {@code username} is
 * @param connectTimeout to open a connection
 * @param readTimeout    to wait for a server reply
 * @param writeTimeout   to write to the server
 * @param trustStore     trust store, empty for the JDK default
 */
public record SmtpConfig(String host, int port, SmtpSecurity security, Optional<String> username,
        Optional<Secret> password, Duration connectTimeout, Duration readTimeout, Duration writeTimeout,
        Optional<TrustStoreConfig> trustStore) {

    public SmtpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(trustStore, "trustStore");
    }
}
