package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.report.internal.Wiring;
import braid.sap.SapSettings;
import braid.web.NewsReader;
import braid.http.ProxySettings;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy of a command-line command ({@code braid news}, {@code braid sap clients}): its {@code --proxy URL|none}
 * option, else {@code https_proxy}/{@code HTTPS_PROXY} (then {@code http_proxy}) with {@code no_proxy} from the
 * environment, with the credentials of the URL's user info. Immutable and thread-safe.
 *
 * @param selector    the proxy per target URL; empty: connect directly
 * @param credentials sent to the proxy as Basic; empty: none
 */
record CommandLineProxy(Optional<ProxySelector> selector, Optional<PasswordAuthentication> credentials) {
    /** Where the proxy password comes from when the URL names only a user, so it never appears in {@code ps}. */
    static final String PASSWORD_ENV = "BRAID_PROXY_PASSWORD";

    /** The {@code --proxy} option's help text, the same for every command. */
    static final String HELP = "HTTP proxy, such as%n  http://proxy:3128 or%n  http://user@proxy:3128%n(sent as Basic, with the "
            + "password from the environment variable " + PASSWORD_ENV + "), or none. Default: https_proxy / http_proxy "
            + "(no_proxy honoured; localhost and 127.0.0.1 always direct). A password written in the URL is visible to every user of the machine in ps: use "
            + PASSWORD_ENV + " or https_proxy instead.";

    private static final CommandLineProxy DIRECT = new CommandLineProxy(Optional.empty(), Optional.empty());

    /**
     * The proxy for {@code option} (null when not given) and {@code env}.
     *
     * @throws IllegalArgumentException naming the option or variable whose value is not a proxy URL (never showing a password)
     */
    static CommandLineProxy resolve(@Nullable String option, Map<String, String> env) {
        if (option == null) {
            return new CommandLineProxy(ProxySettings.fromEnvironment(env),
                    withPasswordFromEnvironment(ProxySettings.credentialsFromEnvironment(env), env));
        }
        if (option.strip().equalsIgnoreCase("none")) {
            return DIRECT;
        }
        return new CommandLineProxy(Optional.of(ProxySettings.of(option)),
                withPasswordFromEnvironment(ProxySettings.credentials(option), env));
    }

    /** Whether {@code --proxy}'s value carries a password, which {@code ps} shows to everyone (worth a warning). */
    static boolean passwordOnCommandLine(@Nullable String option) {
        return option != null && ProxySettings.credentials(option.strip()).map(c -> c.getPassword().length > 0).orElse(false);
    }

    /** A user without a password in the URL takes {@link #PASSWORD_ENV}, when it is set. */
    private static Optional<PasswordAuthentication> withPasswordFromEnvironment(Optional<PasswordAuthentication> c,
                                                                                Map<String, String> env) {
        String password = env.get(PASSWORD_ENV);
        if (c.isEmpty() || c.get().getPassword().length > 0 || password == null || password.isEmpty()) {
            return c;
        }
        return Optional.of(new PasswordAuthentication(c.get().getUserName(), password.toCharArray()));
    }

    /** Hands the proxy, if any, to the website reader. */
    void applyTo(braid.fetch.Fetcher.Builder b) {
        selector.ifPresent(b::proxy);
        credentials.ifPresent(c -> b.proxyAuthorization(braid.http.ProxyAuthorization.of(c)));
    }

    void applyTo(NewsReader.Builder b) {
        selector.ifPresent(s -> Wiring.proxy(b, s, credentials));
    }

    /**
     * Hands the proxy for {@code target}, if any, to the SAP connector, which takes one address for its service
     * (no_proxy is decided here, once, for that service's host).
     */
    void applyTo(SapSettings.Builder b, URI target) {
        selector.flatMap(s -> s.select(target).stream().filter(p -> p.type() == Proxy.Type.HTTP).findFirst())
                .map(p -> (InetSocketAddress) p.address())
                // Resolved as the daily run's are, so failure messages name it as host:port.
                .map(a -> new InetSocketAddress(a.getHostString(), a.getPort()))
                .ifPresent(a -> Wiring.proxy(b, a, credentials));
    }
}
