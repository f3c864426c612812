package braid.report.internal;

import braid.logs.SiteFigures;
import braid.report.config.SiteMatchConfig;
import braid.sap.SapClient;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a client's own site among the virtual hosts of the logs.
 *
 * <p>The rule (documented in docs/configuration.md): the host of the client's website from SAP and
 * each virtual host are lower-cased, stripped of a port, a trailing dot and one leading
 * {@code www.}; equal names match. {@code report.siteMatch.overrides} maps a client id to a
 * virtual host explicitly, and {@code none} (the noSite set) says a client has no site. A client
 * without a match never gets someone else's figures.
 */
public final class SiteMatcher {
    private final SiteMatchConfig config;
    private final Map<String, String> byNormalizedHost = new HashMap<>();
    private final Map<String, SiteFigures> sites;

    public SiteMatcher(SiteMatchConfig config, Map<String, SiteFigures> byVirtualHost) {
        this.config = config;
        this.sites = byVirtualHost;
        for (String vhost : byVirtualHost.keySet()) byNormalizedHost.putIfAbsent(normalize(vhost), vhost);
    }

    /** The virtual host whose figures belong to {@code client}, if any. */
    public Optional<String> siteOf(SapClient client) {
        if (config.noSite().contains(client.id())) return Optional.empty();
        String override = config.overrides().get(client.id());
        if (override != null) return Optional.ofNullable(byNormalizedHost.get(normalize(override)));
        URI web = client.website();
        if (web == null) return Optional.empty();
        return switch (config.rule()) {
            // the one rule so far: SAP's website host equals a virtual host, both normalized
            case HOST -> Optional.ofNullable(byNormalizedHost.get(normalize(web.toString())));
        };
    }

    /** The figures of {@code client}'s own site, if any. */
    public Optional<SiteFigures> figuresOf(SapClient client) {
        return siteOf(client).map(sites::get);
    }

    /** The documented rule, shared with the config's overrides: {@link SiteMatchConfig#normalizeHost}. */
    static String normalize(String hostOrUrl) {
        return SiteMatchConfig.normalizeHost(hostOrUrl);
    }
}
