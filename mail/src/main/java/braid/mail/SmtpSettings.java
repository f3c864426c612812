package braid.mail;

import org.jspecify.annotations.Nullable;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the SMTP server: host, security, credentials, timeouts, trust, pool size, rate limit and retries.
 *
 * <pre>{@code
 * SmtpSettings smtp = SmtpSettings.builder("smtp.example.com")
 *     .security(SmtpSettings.Security.STARTTLS)        // port 587 unless set
 *     .credentials("reports", password)
 *     .poolSize(4).ratePerMinute(600)
 *     .build();
 * }</pre>
 *
 * <p>Credentials are only accepted with STARTTLS (always required, never opportunistic) or SMTPS, and certificates
 * are verified against the JDK's trust store unless {@link Builder#sslContext} or {@link Builder#insecureTrustAll}
 * says otherwise. Every timeout is finite because Jakarta Mail's defaults are infinite. The builder is not
 * thread-safe; the settings it builds are immutable and thread-safe.
 */
public final class SmtpSettings {
    /** Transport security. */
    public enum Security {
        /** Plain SMTP; only allowed without credentials (a local relay or the sandbox sink). */
        NONE,
        /** SMTP upgraded with STARTTLS, which must succeed before anything else is sent (default port 587). */
        STARTTLS,
        /** SMTP inside TLS from the first byte (default port 465). */
        SMTPS
    }

    /** Default connect timeout (also the report's {@code mail.smtp.connectTimeout}). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default time to wait for each reply (also the report's {@code mail.smtp.readTimeout}). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /** Default time for each write (also the report's {@code mail.smtp.writeTimeout}). */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    /** Default connections at once (also the report's {@code mail.concurrency}). */
    public static final int DEFAULT_POOL_SIZE = 4;
    /** Default of {@link #stopAfterFailures()} (also the report's {@code mail.stopAfterFailures}). */
    public static final int DEFAULT_STOP_AFTER_FAILURES = 10;

    private final String host;
    private final int port;
    private final Security security;
    private final @Nullable String username;
    private final @Nullable String password;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration writeTimeout;
    private final @Nullable SSLContext sslContext;
    private final boolean insecureTrustAll;
    private final int poolSize;
    private final int ratePerMinute;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int journalBatch;
    private final @Nullable String heloName;
    private final int stopAfterFailures;

    private SmtpSettings(Builder b) {
        this.host = b.host;
        this.security = b.security;
        this.port = b.port > 0 ? b.port : switch (b.security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case SMTPS -> 465;
        };
        this.username = b.username;
        this.password = b.password;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.writeTimeout = b.writeTimeout;
        this.sslContext = b.sslContext;
        this.insecureTrustAll = b.insecureTrustAll;
        this.poolSize = b.poolSize;
        this.ratePerMinute = b.ratePerMinute;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.journalBatch = b.journalBatch;
        this.heloName = b.heloName;
        this.stopAfterFailures = b.stopAfterFailures;
    }

    /** Starts settings for {@code host} with STARTTLS on port 587 and the defaults documented on each setter. */
    public static Builder builder(String host) {
        return new Builder(host);
    }

    public String host() { return host; }
    public int port() { return port; }
    public Security security() { return security; }
    /** The user name for AUTH, or null when the server is used without authentication. */
    public @Nullable String username() { return username; }
    /** The password for AUTH, or null. */
    public @Nullable String password() { return password; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration readTimeout() { return readTimeout; }
    public Duration writeTimeout() { return writeTimeout; }
    /** The TLS context whose trust managers verify the server, or null for the JDK default. */
    public @Nullable SSLContext sslContext() { return sslContext; }
    public boolean insecureTrustAll() { return insecureTrustAll; }
    /** The number of pooled connections, which is also the number of concurrent sending workers. */
    public int poolSize() { return poolSize; }
    /** The most messages per minute across all connections, or 0 for no limit. */
    public int ratePerMinute() { return ratePerMinute; }
    /** Attempts per message for transient (4xx, dropped connection before DATA) failures, first attempt included. */
    public int maxAttempts() { return maxAttempts; }
    public Duration initialBackoff() { return initialBackoff; }
    public Duration maxBackoff() { return maxBackoff; }
    /** Messages whose intents share one fsync of the journal; a crash leaves at most this many uncertain. */
    public int journalBatch() { return journalBatch; }
    /** The name sent in EHLO, or null for the local host name. */
    public @Nullable String heloName() { return heloName; }

    /**
     * The circuit breaker: after this many messages in a row ended the same way (failed with the same reply code,
     * or uncertain), sending stops and the rest is left for a rerun; 0 turns it off. Default 10.
     */
    public int stopAfterFailures() { return stopAfterFailures; }

    @Override
    public String toString() {
        return "SmtpSettings[" + security + " " + host + ":" + port + (username == null ? "" : " as " + username)
                + ", pool " + poolSize + (ratePerMinute > 0 ? ", " + ratePerMinute + "/min" : "") + "]";
    }

    /** Collects settings; not thread-safe. */
    public static final class Builder {
        private final String host;
        private int port;
        private Security security = Security.STARTTLS;
        private @Nullable String username;
        private @Nullable String password;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private @Nullable SSLContext sslContext;
        private boolean insecureTrustAll;
        private int poolSize = DEFAULT_POOL_SIZE;
        private int ratePerMinute;
        private int maxAttempts = 4;
        private Duration initialBackoff = Duration.ofSeconds(2);
        private Duration maxBackoff = Duration.ofMinutes(1);
        private int journalBatch = 32;
        private @Nullable String heloName;
        private int stopAfterFailures = DEFAULT_STOP_AFTER_FAILURES;

        private Builder(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
                throw new IllegalArgumentException("not a host name: '" + host + "'");
            }
            this.host = host;
        }

        /** The TCP port; default 25, 587 or 465 by security. */
        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Default STARTTLS. */
        public Builder security(Security security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /** Credentials for AUTH; default none. */
        public Builder credentials(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Connect, read and write timeouts; defaults 15 s, 60 s, 60 s. */
        public Builder timeouts(Duration connect, Duration read, Duration write) {
            this.connectTimeout = positive(connect, "connect timeout");
            this.readTimeout = positive(read, "read timeout");
            this.writeTimeout = positive(write, "write timeout");
            return this;
        }

        /** Verifies the server with this context's trust managers (a company CA, a test certificate). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /** Accepts any certificate and host name. Only for a lab server; it gives up the protection of TLS. */
        public Builder insecureTrustAll() {
            this.insecureTrustAll = true;
            return this;
        }

        /** Concurrent connections; default 4. */
        public Builder poolSize(int poolSize) {
            if (poolSize < 1 || poolSize > 64) {
                throw new IllegalArgumentException("poolSize must be 1..64: " + poolSize);
            }
            this.poolSize = poolSize;
            return this;
        }

        /** At most this many messages per minute over all connections; 0 (default) means no limit. */
        public Builder ratePerMinute(int ratePerMinute) {
            if (ratePerMinute < 0) {
                throw new IllegalArgumentException("ratePerMinute must be >= 0: " + ratePerMinute);
            }
            this.ratePerMinute = ratePerMinute;
            return this;
        }

        /** Retries of transient failures per message: attempts (default 4) and exponential backoff (2 s .. 1 min). */
        public Builder retries(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be >= 1: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.initialBackoff = positiveOrZero(initialBackoff, "initial backoff");
            this.maxBackoff = positiveOrZero(maxBackoff, "max backoff");
            return this;
        }

        /** Messages per journal fsync; default 32, 1 forces before every message. */
        public Builder journalBatch(int journalBatch) {
            if (journalBatch < 1 || journalBatch > 10_000) {
                throw new IllegalArgumentException("journalBatch must be 1..10000: " + journalBatch);
            }
            this.journalBatch = journalBatch;
            return this;
        }

        /**
         * Stop sending after {@code n} messages in a row failed the same way (same reply code, or uncertain); the
         * rest stays unsent for a rerun. Default 10; 0 never stops. A server that swallows every message or answers
         * 452 to every recipient would otherwise cost the read timeout times the retries per message.
         */
        public Builder stopAfterFailures(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("stopAfterFailures must be >= 0: " + n);
            }
            this.stopAfterFailures = n;
            return this;
        }

        /** The EHLO name; default the local host name. */
        public Builder heloName(String heloName) {
            this.heloName = Objects.requireNonNull(heloName, "heloName");
            return this;
        }

        /** Checks the combination: credentials need TLS; insecure and a custom context exclude each other. */
        public SmtpSettings build() {
            if (username != null && security == Security.NONE) {
                throw new IllegalArgumentException("credentials for " + host
                        + " would travel in clear text: use Security.STARTTLS or Security.SMTPS");
            }
            if (insecureTrustAll && sslContext != null) {
                throw new IllegalArgumentException("choose either sslContext or insecureTrustAll, not both");
            }
            return new SmtpSettings(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive: " + d);
            }
            return d;
        }

        private static Duration positiveOrZero(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + d);
            }
            return d;
        }
    }
}
