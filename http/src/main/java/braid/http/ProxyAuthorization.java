package braid.http;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Proxy credentials as the {@code Proxy-Authorization: Basic} header sent with every proxied request,
 * and the wording of a proxy's 407. Immutable and thread-safe; the password is only kept inside the
 * header value, which {@link #toString()} never shows.
 *
 * <p>Why a header of our own rather than an {@link java.net.Authenticator} on the client: the JDK
 * (25) answers a 407 through an authenticator by retrying up to {@code jdk.httpclient.auth.retrylimit}
 * (3) more times with the same credentials (four tries with a wrong password for every request,
 * enough to lock a directory account behind a corporate proxy), then fails with a generic
 * IOException that says nothing about the proxy. A header set on the request is sent once,
 * preemptively as curl does with {@code http://user:password@proxy} URLs, and a 407 comes back as a
 * plain response that we turn into a typed failure. The JDK routes user-set {@code Proxy-*} headers
 * to the proxy only: onto the CONNECT of an HTTPS tunnel and never into the tunnel, and never to a
 * server reached directly ({@code HttpConnection.headerFilter}).
 *
 * <p>Both ways, Basic over an HTTPS tunnel is dropped while {@code jdk.http.auth.tunneling.disabledSchemes}
 * lists Basic (the JDK's default, in {@code conf/net.properties}); the JDK reads it once, when its
 * HTTP client implementation initialises. {@link #basicTunnellingDisabled()} lets messages say so.
 */
public final class ProxyAuthorization {
    /** The JDK property that names the schemes the HTTP client refuses for HTTPS tunnels. */
    public static final String TUNNELLING_PROPERTY = "jdk.http.auth.tunneling.disabledSchemes";

    private final String user;
    private final String headerValue;

    private ProxyAuthorization(String user, String headerValue) {
        this.user = user;
        this.headerValue = headerValue;
    }

    /**
     * The header for these credentials (user and password as UTF-8, as curl sends them).
     *
     * @throws IllegalArgumentException naming the user if it contains a colon, which Basic cannot carry
     */
    public static ProxyAuthorization of(PasswordAuthentication credentials) {
        Objects.requireNonNull(credentials, "credentials");
        String user = credentials.getUserName();
        if (user == null || user.isEmpty()) throw new IllegalArgumentException("proxy user must not be empty: '" + user + "'");
        if (user.indexOf(':') >= 0) throw new IllegalArgumentException("proxy user must not contain ':' (Basic cannot carry it): '" + user + "'");
        char[] password = credentials.getPassword();
        String token = Base64.getEncoder().encodeToString((user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
        return new ProxyAuthorization(user, "Basic " + token);
    }

    public String user() {
        return user;
    }

    /** The {@code Proxy-Authorization} value; a secret. */
    public String headerValue() {
        return headerValue;
    }

    @Override
    public String toString() {
        return "ProxyAuthorization[user=" + user + ", password=***]";
    }

    /**
     * The header for {@code user} and {@code password}.
     *
     * @throws IllegalArgumentException naming the user if it is empty or contains a colon
     */
    public static ProxyAuthorization of(String user, String password) {
        return of(new PasswordAuthentication(user, password.toCharArray()));
    }

    /** The HTTP proxy {@code selector} picks for {@code uri}, or null when it goes direct. */
    public static @Nullable InetSocketAddress proxyFor(@Nullable ProxySelector selector, URI uri) {
        if (selector == null) return null;
        List<Proxy> proxies;
        try {
            proxies = selector.select(uri);
        } catch (RuntimeException e) {
            return null;
        }
        for (Proxy p : proxies) {
            if (p.type() == Proxy.Type.HTTP && p.address() instanceof InetSocketAddress a) return a;
        }
        return null;
    }

    /**
     * Whether this JVM refuses Basic for HTTPS tunnels: the system property if set, else the JDK's
     * {@code conf/net.properties}, the order in which the JDK itself looks.
     */
    public static boolean basicTunnellingDisabled() {
        @Nullable String value = System.getProperty(TUNNELLING_PROPERTY);
        if (value == null) {
            Properties net = new Properties();
            Path file = Path.of(System.getProperty("java.home"), "conf", "net.properties");
            try (InputStream in = Files.newInputStream(file)) {
                net.load(in);
                value = net.getProperty(TUNNELLING_PROPERTY);
            } catch (IOException | RuntimeException e) {
                return false; // unknown: the message then speaks of rejected credentials only
            }
        }
        if (value == null) return false;
        for (String s : value.split(",")) {
            if (s.strip().equalsIgnoreCase("Basic")) return true;
        }
        return false;
    }

    /**
     * Why the proxy answered 407, for a failure message; never contains the password.
     *
     * @param user        the configured proxy user, or null when none was configured
     * @param tunnel      whether the request was an HTTPS URL (a CONNECT tunnel)
     * @param challenges  the proxy's {@code Proxy-Authenticate} values
     */
    public static String describeRejection(InetSocketAddress proxy, @Nullable String user, boolean tunnel,
                                           List<String> challenges) {
        String where = "proxy authentication failed at proxy " + hostPort(proxy) + " (407 Proxy Authentication Required): ";
        List<String> schemes = new ArrayList<>();
        for (String c : challenges) {
            String s = c.strip().split("[\\s,]", 2)[0];
            if (!s.isEmpty()) schemes.add(s);
        }
        boolean basicOffered = schemes.isEmpty() || schemes.stream().anyMatch(s -> s.equalsIgnoreCase("Basic"));
        if (user == null) {
            return where + "no proxy credentials were given (a proxy URL carries them as http://user:password@host:port)";
        }
        if (tunnel && basicTunnellingDisabled()) {
            return where + "the credentials of user " + user + " were not sent: this JVM disables Basic "
                    + "authentication for HTTPS tunnels (" + TUNNELLING_PROPERTY + " lists Basic); start Java with -D"
                    + TUNNELLING_PROPERTY + "= (empty)";
        }
        if (!basicOffered) {
            return where + "the proxy asks for " + String.join(", ", schemes) + " and braid speaks only Basic";
        }
        return where + "the proxy rejected the credentials of user " + user;
    }

    private static String hostPort(InetSocketAddress a) {
        return HostPort.of(a);
    }
}
