package braid.report.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy (keys {@code website.proxy}, {@code sap.proxy}, or the {@code https_proxy} /
 * {@code http_proxy} environment variables); credentials from the URL's user info are kept apart,
 * the password as a {@link Secret}. Immutable and thread-safe.
 *
 * @param host     proxy host
 * @param port     proxy port (the URL must name it)
 * @param username user for proxy authentication, if the URL had one
 * @param password password for proxy authentication, if the URL had one
 * @param origin   where it came from, e.g. {@code website.proxy} or {@code environment variable https_proxy}
 */
public record ProxyConfig(String host, int port, Optional<String> username, Optional<Secret> password, String origin) {
    public ProxyConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(origin, "origin");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** The proxy as an unresolved socket address, the form {@code java.net.Proxy} and the connectors take. */
    public InetSocketAddress address() {
        return InetSocketAddress.createUnresolved(host, port);
    }
}
