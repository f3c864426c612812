package braid.sap.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

/**
 * The {@code Proxy-Authorization: Basic} value for the configured proxy credentials, and the wording of a
 * proxy's 407. Stateless.
 *
 * <p>Why a header of our own rather than an {@link java.net.Authenticator} on the client: the JDK (25)
 * answers a 407 through an authenticator by retrying up to {@code jdk.httpclient.auth.retrylimit} (3) more
 * times with the same credentials (four tries with a wrong password for each page, enough to lock a
 * directory account behind a corporate proxy), then fails with a generic IOException that says nothing
 * about the proxy. A header set on the request is sent once, preemptively as curl does with
 * {@code http://user:password@proxy} URLs, and a 407 comes back as a plain response. The JDK routes
 * user-set {@code Proxy-*} headers to the proxy only: onto the CONNECT of an HTTPS tunnel, never into it.
 * Both ways, Basic over an HTTPS tunnel is dropped while {@code jdk.http.auth.tunneling.disabledSchemes}
 * lists Basic (the JDK's default); the JDK reads it once, when its HTTP client implementation initialises.
 * The web module has the same class: the two connectors share no module but the engine's.
 */
public final class ProxyAuthorization {
    /** The JDK property that names the schemes the HTTP client refuses for HTTPS tunnels. */
    public static final String TUNNELLING_PROPERTY = "jdk.http.auth.tunneling.disabledSchemes";

    private ProxyAuthorization() {}

    /** The header value (user and password as UTF-8, as curl sends them); a secret. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether this JVM refuses Basic for HTTPS tunnels: the system property if set, else the JDK's
     * {@code conf/net.properties}, the order in which the JDK itself looks.
     */
    public static boolean basicTunnellingDisabled() {
        String value = System.getProperty(TUNNELLING_PROPERTY);
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
        if (value == null) {
            return false;
        }
        for (String s : value.split(",")) {
            if (s.strip().equalsIgnoreCase("Basic")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the proxy answered 407, for a failure message; never contains the password.
     *
     * @param user       the configured proxy user, or null when none was configured
     * @param tunnel     whether the request was to an https URL (a CONNECT tunnel)
     * @param challenges the proxy's {@code Proxy-Authenticate} values
     */
    public static String describeRejection(InetSocketAddress proxy, String user, boolean tunnel, List<String> challenges) {
        String where = "proxy authentication failed at proxy " + proxy.getHostString() + ":" + proxy.getPort() + ": ";
        List<String> schemes = new ArrayList<>();
        for (String c : challenges) {
            String s = c.strip().split("[\\s,]", 2)[0];
            if (!s.isEmpty()) {
                schemes.add(s);
            }
        }
        boolean basicOffered = schemes.isEmpty() || schemes.stream().anyMatch(s -> s.equalsIgnoreCase("Basic"));
        if (user == null) {
            return where + "no proxy credentials were given (a proxy URL carries them as http://user:password@host:port)";
        }
        if (tunnel && basicTunnellingDisabled()) {
            return where + "the credentials of user " + user + " were not sent: this JVM disables Basic authentication"
                    + " for HTTPS tunnels (" + TUNNELLING_PROPERTY + " lists Basic); start Java with -D"
                    + TUNNELLING_PROPERTY + "= (empty)";
        }
        if (!basicOffered) {
            return where + "the proxy asks for " + String.join(", ", schemes) + " and braid speaks only Basic";
        }
        return where + "the proxy rejected the credentials of user " + user;
    }
}
