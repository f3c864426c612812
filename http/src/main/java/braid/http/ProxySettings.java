package braid.http;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link ProxySelector} from a proxy URL or from the conventional {@code https_proxy},
 * {@code http_proxy} and {@code no_proxy} environment variables. The JDK reads only its own
 * system properties ({@code https.proxyHost}), not these variables, hence this class. The
 * credentials of a proxy URL ({@code http://user:password@proxy:3128}) come from {@link #credentials}
 * and {@link #credentialsFromEnvironment}; messages never show the password. Stateless; the selectors it returns are immutable and thread-safe.
 */
public final class ProxySettings {
    private ProxySettings() {}

    /**
     * A selector from the environment: {@code https_proxy}/{@code HTTPS_PROXY} for https URLs,
     * {@code http_proxy}/{@code HTTP_PROXY} for http URLs, hosts in {@code no_proxy} direct.
     * Empty when no proxy variable is set.
     *
     * @throws IllegalArgumentException naming the variable if its value is not a proxy URL
     */
    public static Optional<ProxySelector> fromEnvironment(Map<String, String> env) {
        InetSocketAddress https = address(env, "https_proxy");
        InetSocketAddress http = address(env, "http_proxy");
        if (https == null && http == null) return Optional.empty();
        String noProxy = first(env, "no_proxy");
        return Optional.of(new EnvSelector(Objects.requireNonNull(https != null ? https : http), Objects.requireNonNull(http != null ? http : https),
                noProxyList(noProxy)));
    }

    /**
     * A selector sending every request through {@code proxyUrl} ({@code http://host:port} or {@code host:port}), except
     * to loopback hosts (see {@link #exempts}).
     *
     * @throws IllegalArgumentException naming the value if it has no host or port
     */
    public static ProxySelector of(String proxyUrl) {
        InetSocketAddress a = parse("proxy", proxyUrl);
        return new EnvSelector(a, a, List.of()); // loopback hosts still go direct (see exempts)
    }

    /**
     * A selector sending every request through {@code proxyUrl} except to the hosts {@code noProxy} names (curl's
     * rules, as for the {@code no_proxy} variable: see {@link #exempts}).
     *
     * @param what names the value in a message ({@code health.proxy})
     * @throws IllegalArgumentException naming {@code what} if the value has no host (never showing a password)
     */
    public static ProxySelector of(String what, String proxyUrl, @Nullable String noProxy) {
        InetSocketAddress a = parse(what, proxyUrl);
        return new EnvSelector(a, a, noProxyList(noProxy));
    }

    /**
     * As {@link #fromEnvironment(Map)}, with {@code noProxy} instead of the environment's {@code no_proxy} when it is
     * not null.
     */
    public static Optional<ProxySelector> fromEnvironment(Map<String, String> env, @Nullable String noProxy) {
        if (noProxy == null) return fromEnvironment(env);
        Map<String, String> e = new java.util.HashMap<>(env);
        e.remove("NO_PROXY");
        e.put("no_proxy", noProxy);
        return fromEnvironment(e);
    }

    /**
     * The credentials in a proxy URL's user info ({@code http://user:password@proxy:3128}, percent-escapes
     * decoded), for the proxy's {@link ProxyAuthorization}; empty
     * without user info. A user without a password gets an empty password.
     *
     * @throws IllegalArgumentException if the value is not a proxy URL (the value is not shown: it may hold a password)
     */
    public static Optional<PasswordAuthentication> credentials(String proxyUrl) {
        return credentials("proxy", proxyUrl);
    }

    /**
     * The credentials for the selector of {@link #fromEnvironment}: those in the user info of
     * {@code https_proxy} (else {@code http_proxy}), the variable the daily run reads too. Empty when
     * that variable has none, and when {@code http_proxy} and {@code https_proxy} name different
     * proxies: the reader sends one set of credentials to every proxy its selector picks, and one
     * proxy's password must not go to the other.
     *
     * @throws IllegalArgumentException naming the variable if its value is not a proxy URL
     */
    public static Optional<PasswordAuthentication> credentialsFromEnvironment(Map<String, String> env) {
        InetSocketAddress https = address(env, "https_proxy");
        InetSocketAddress http = address(env, "http_proxy");
        if (https != null && http != null && !https.equals(http)) return Optional.empty();
        String name = https != null ? "https_proxy" : "http_proxy";
        String value = first(env, name);
        return value == null ? Optional.empty() : credentials(name, value);
    }

    /**
     * The environment variables that name a proxy, in the order braid reads them for an https target (the https ones
     * first, lower case before upper case, as curl): the one list every reader of the environment uses.
     */
    public static final List<String> PROXY_VARIABLES = List.of("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY");

    /**
     * The environment variable {@link #fromEnvironment} takes the https proxy from, as it is named in {@code env}
     * ({@code https_proxy}, {@code HTTPS_PROXY}, then the http ones), for messages; empty when none is set.
     */
    public static Optional<String> environmentVariable(Map<String, String> env) {
        for (String name : PROXY_VARIABLES) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) return Optional.of(name);
        }
        return Optional.empty();
    }

    private static Optional<PasswordAuthentication> credentials(String what, String value) {
        String v = value.strip();
        if (!v.contains("://")) v = "http://" + v;
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a proxy URL (value not shown: it may hold a password)");
        }
        String info = u.getUserInfo();
        if (info == null || info.isEmpty()) return Optional.empty();
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String password = colon < 0 ? "" : info.substring(colon + 1);
        return Optional.of(new PasswordAuthentication(user, password.toCharArray()));
    }

    private static @Nullable InetSocketAddress address(Map<String, String> env, String name) {
        String v = first(env, name);
        return v == null ? null : parse(name, v);
    }

    private static @Nullable String first(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) v = env.get(name.toUpperCase(Locale.ROOT));
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static InetSocketAddress parse(String what, String value) {
        String v = value.strip();
        if (!v.contains("://")) v = "http://" + v;
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            // Without the cause: URI's own message quotes the whole value, password included.
            throw new IllegalArgumentException(what + " is not a proxy URL: '" + redact(value) + "'");
        }
        if (u.getHost() == null) throw new IllegalArgumentException(what + " has no host: '" + redact(value) + "'");
        Optional<String> unsupported = unsupported(value);
        if (unsupported.isPresent()) throw new IllegalArgumentException(what + ": " + unsupported.get());
        return InetSocketAddress.createUnresolved(u.getHost(), u.getPort() != -1 ? u.getPort() : 80);
    }

    /**
     * Why braid cannot use the proxy {@code proxyUrl} names, in words fit for an operator, or empty when it can (an
     * {@code http://} URL or one without a scheme). braid speaks to HTTP proxies in plain HTTP, as the JDK's client
     * does (for an https site through a {@code CONNECT} tunnel, inside which TLS runs end to end). A proxy reached over
     * TLS itself ({@code https://proxy:…}, curl's "HTTPS proxy") is refused rather than spoken to in plain HTTP, which
     * would send its credentials unencrypted to a port that expects TLS; {@code https://} is also a common slip for a
     * plain proxy, and the message says how to write that one. SOCKS proxies are refused too. Never shows a password.
     */
    public static Optional<String> unsupported(String proxyUrl) {
        String v = proxyUrl.strip();
        int colon = v.indexOf("://");
        if (colon < 0) return Optional.empty();
        String scheme = v.substring(0, colon).toLowerCase(Locale.ROOT);
        String hostPort;
        try {
            URI u = new URI(v);
            hostPort = u.getHost() == null ? "HOST:PORT" : u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : "PORT");
        } catch (URISyntaxException e) {
            hostPort = "HOST:PORT";
        }
        return switch (scheme) {
            case "http" -> Optional.empty();
            case "https" -> Optional.of("a proxy reached over TLS (https://" + hostPort + ") is not supported: braid speaks to "
                    + "proxies in plain HTTP, and would send the proxy's credentials unencrypted. If that proxy speaks plain "
                    + "HTTP (most do, for https sites too, through CONNECT), write http://" + hostPort);
            case "socks", "socks4", "socks4a", "socks5", "socks5h" -> Optional.of("a SOCKS proxy (" + scheme + "://) is not "
                    + "supported: braid speaks to HTTP proxies (http://" + hostPort + ")");
            default -> Optional.of("'" + scheme + "://' is not a proxy URL's scheme; write http://" + hostPort);
        };
    }

    /** The value with the password of its user info masked, fit for a message. */
    static String redact(String value) {
        int start = value.indexOf("://");
        start = start < 0 ? 0 : start + 3;
        int slash = value.indexOf('/', start);
        int at = value.lastIndexOf('@', slash < 0 ? value.length() : slash);
        if (at < start) return value;
        int colon = value.indexOf(':', start);
        return colon < 0 || colon > at ? value : value.substring(0, colon + 1) + "***" + value.substring(at);
    }

    /**
     * Whether curl's {@code no_proxy} rules exempt {@code host} (a URL's host, an IPv6 address with or without its
     * brackets): {@code noProxy} is a comma-separated list of {@code *} (every host), host names and domains
     * ({@code example.com} and {@code .example.com} both match {@code example.com} and its subdomains), IP addresses
     * and, as curl since 7.86, Go and Kubernetes tooling read them, address ranges in CIDR notation
     * ({@code 10.0.0.0/8}, {@code fd00::/8}) for hosts written as addresses. A port after an entry is ignored, case
     * does not matter, and no name is resolved (a range matches only a host given as an address, as in curl).
     *
     * <p>Loopback hosts go direct whatever the list says: {@code localhost} (and names under {@code .localhost}, RFC
     * 6761), {@code 127.0.0.0/8} and {@code ::1}, as the JDK's default {@code http.nonProxyHosts} and Go's
     * {@code ProxyFromEnvironment} decide. At a proxy, "localhost" is the proxy's own machine: a check of
     * {@code http://localhost:9100/metrics} sent there would measure another host, or be refused by it.
     */
    public static boolean exempts(@Nullable String noProxy, String host) {
        return exempts(noProxyList(noProxy), host);
    }

    /** Whether {@code host} (a URL's host, an IPv6 address with or without brackets) names this machine's loopback. */
    public static boolean isLoopback(String host) {
        String h = bare(host);
        return isLoopback(h, literal(h));
    }

    /** {@link #isLoopback(String)} of a host already made {@link #bare}, with the address it writes (or null). */
    private static boolean isLoopback(String h, java.net.@Nullable InetAddress address) {
        String name = h.endsWith(".") ? h.substring(0, h.length() - 1) : h; // localhost. is localhost
        return name.equals("localhost") || name.endsWith(".localhost") || address != null && address.isLoopbackAddress();
    }

    /** A URL's host in lower case, an IPv6 address without its brackets. */
    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static boolean exempts(List<String> noProxy, String host) {
        String h = bare(host);
        java.net.@Nullable InetAddress address = literal(h);
        if (isLoopback(h, address)) return true;
        for (String n : noProxy) {
            if (n.equals("*")) return true;
            int slash = n.indexOf('/');
            if (slash >= 0) {
                if (address != null && inRange(address, n.substring(0, slash), n.substring(slash + 1))) return true;
                continue;
            }
            String bare = n.startsWith(".") ? n.substring(1) : n;
            if (bare.isEmpty()) continue;
            if (address == null) {
                if (h.equals(bare) || h.endsWith("." + bare)) return true; // a name: itself or a domain above it
            } else if (address.equals(literal(bare))) {
                return true; // an address: that address only (::1 is 0:0:0:0:0:0:0:1), as curl compares them
            }
        }
        return false;
    }

    /** The address {@code text} writes literally (never a DNS lookup), or null for a host name. */
    private static java.net.@Nullable InetAddress literal(String text) {
        if (text.isEmpty() || Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') return null;
        try {
            return java.net.InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether {@code a} lies in the range {@code base/bits}; false for a range that is not one, or of the other family. */
    private static boolean inRange(java.net.InetAddress a, String base, String bits) {
        java.net.@Nullable InetAddress b = literal(base);
        int n;
        try {
            n = Integer.parseInt(bits);
        } catch (NumberFormatException e) {
            return false;
        }
        if (b == null) return false;
        byte[] x = a.getAddress();
        byte[] y = b.getAddress();
        if (x.length != y.length || n < 0 || n > 8 * x.length) return false;
        for (int i = 0; i < n; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((x[i / 8] & mask) != (y[i / 8] & mask)) return false;
        }
        return true;
    }

    private static List<String> noProxyList(@Nullable String noProxy) {
        List<String> out = new ArrayList<>();
        if (noProxy == null) return out;
        for (String s : noProxy.split(",")) {
            String h = s.strip().toLowerCase(Locale.ROOT);
            if (h.startsWith("*.")) h = h.substring(1);
            if (h.startsWith("[") && h.indexOf(']') > 0) {
                h = h.substring(1, h.indexOf(']')); // [::1] or [::1]:8080
            } else {
                int colon = h.lastIndexOf(':');
                if (colon > 0 && h.indexOf(':') == colon) h = h.substring(0, colon); // drop a port
            }
            if (!h.isEmpty()) out.add(h);
        }
        return out;
    }

    private static final class EnvSelector extends ProxySelector {
        private final List<Proxy> https;
        private final List<Proxy> http;
        private final List<String> noProxy;

        EnvSelector(InetSocketAddress https, InetSocketAddress http, List<String> noProxy) {
            this.https = List.of(new Proxy(Proxy.Type.HTTP, https));
            this.http = List.of(new Proxy(Proxy.Type.HTTP, http));
            this.noProxy = List.copyOf(noProxy);
        }

        @Override
        public List<Proxy> select(URI uri) {
            if (exempts(noProxy, uri.getHost() == null ? "" : uri.getHost())) return List.of(Proxy.NO_PROXY);
            return "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // Nothing to remember: the fetch fails with a typed CONNECT error and the engine retries.
        }
    }
}
