package braid.http;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The JDK {@link HttpClient} as every braid connector sets it up: a connect timeout, HTTP/2 where the server offers
 * it (over TLS by ALPN; HTTP/1.1 otherwise), redirects left to the caller (so that it can count them, keep
 * credentials on their origin and say where a chain went), an optional proxy and an optional TLS context (a trust
 * store). One client is meant to be shared by all requests of a run: it pools connections per host.
 */
public final class HttpClients {
    private HttpClients() {}

    /** The connect timeout when none is given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a client; not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private @Nullable ProxySelector proxy;
        private @Nullable SSLContext sslContext;
        private HttpClient.Version version = HttpClient.Version.HTTP_2;
        private HttpClient.Redirect redirects = HttpClient.Redirect.NEVER;
        private java.util.concurrent.@Nullable Executor executor;
        private java.net.@Nullable Authenticator authenticator;

        private Builder() {}

        /** Answers servers' (and proxies') authentication challenges; null: none. */
        public Builder authenticator(java.net.@Nullable Authenticator authenticator) {
            this.authenticator = authenticator;
            return this;
        }

        /**
         * Where the client runs its internal tasks. The JDK's default is a cached pool of platform threads, which
         * grows to hundreds under many concurrent requests; {@link #virtualThreads()} is lighter for bulk work.
         */
        public Builder executor(java.util.concurrent.@Nullable Executor executor) {
            this.executor = executor;
            return this;
        }

        /** The client's internal tasks on virtual threads. */
        public Builder virtualThreads() {
            return executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        }

        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("connect timeout must be positive");
            this.connectTimeout = timeout;
            return this;
        }

        /** Requests go through this proxy selector (e.g. {@code ProxySelector.of(address)}); null: direct. */
        public Builder proxy(@Nullable ProxySelector proxy) {
            this.proxy = proxy;
            return this;
        }

        /** TLS with this context (its trust managers decide which certificates are trusted); null: the JDK's. */
        public Builder sslContext(@Nullable SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** HTTP/1.1 only, or HTTP/2 where offered (the default). */
        public Builder version(HttpClient.Version version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Redirects the client follows by itself (default NEVER: the caller follows them). */
        public Builder redirects(HttpClient.Redirect redirects) {
            this.redirects = Objects.requireNonNull(redirects, "redirects");
            return this;
        }

        public HttpClient build() {
            HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(connectTimeout).version(version)
                    .followRedirects(redirects);
            if (proxy != null) b.proxy(proxy);
            if (sslContext != null) b.sslContext(sslContext);
            if (executor != null) b.executor(executor);
            if (authenticator != null) b.authenticator(authenticator);
            return b.build();
        }
    }
}
