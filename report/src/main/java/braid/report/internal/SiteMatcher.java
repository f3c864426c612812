package braid.report.internal;

import braid.logs.SiteFigures;
import braid.report.config.SiteMatchConfig;
import braid.sap.SapClient;
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
 * without a match never gets someone else's figures: nor does one whose website host the rule gives to other clients
 * too (a shared host, two partners copied from one) or that is the company's own site (a microsite under the
 * company's domain, the company's URL typed by mistake) — those figures are no single client's; the run says so.
 */
public final class SiteMatcher {
    private final SiteMatchConfig config;
    private final Map<String, String> byNormalizedHost = new HashMap<>();
    private final Map<String, SiteFigures> sites;

    /** Per normalized name that several virtual hosts share: all of them, the one whose figures are used first. */
    private final Map<String, java.util.List<String>> shared = new java.util.TreeMap<>();

    /** Per normalized host that is no single client's site: the clients the rule would have given it to. */
    private final Map<String, java.util.List<String>> notOneClients = new java.util.TreeMap<>();
    private final java.util.Set<String> companyHosts = new java.util.HashSet<>();

    /**
     * @param allClients   every client of the run (not only those mailed): a host the rule gives to two of them is
     *                     neither's
     * @param companyHosts the company's own sites (company.website, website.url): no client's
     */
    public SiteMatcher(SiteMatchConfig config, Map<String, SiteFigures> byVirtualHost, java.util.Collection<SapClient> allClients,
                       java.util.Collection<String> companyHosts) {
        this(config, byVirtualHost);
        for (String h : companyHosts) this.companyHosts.add(normalize(h));
        Map<String, java.util.List<String>> byHost = new java.util.HashMap<>();
        for (SapClient c : allClients) {
            String web = c.website();
            if (web == null || config.noSite().contains(c.id()) || config.overrides().containsKey(c.id())) continue;
            String host = normalize(web);
            if (byNormalizedHost.containsKey(host)) byHost.computeIfAbsent(host, k -> new java.util.ArrayList<>()).add(c.id());
        }
        for (var e : byHost.entrySet()) {
            if (e.getValue().size() > 1 || this.companyHosts.contains(e.getKey())) notOneClients.put(e.getKey(), e.getValue());
        }
    }

    /** The virtual hosts by normalized name; the public constructor adds the hosts that are no single client's. */
    private SiteMatcher(SiteMatchConfig config, Map<String, SiteFigures> byVirtualHost) {
        this.config = config;
        this.sites = byVirtualHost;
        // Two virtual hosts can be one site by the rule (alpenrad.example and www.alpenrad.example, as nginx's $host
        // logs whatever the browser asked for): the one with the most requests is the site (the other is usually its
        // redirect), whatever order the map has; the choice is told (warnings()).
        Map<String, java.util.List<String>> byName = new java.util.HashMap<>();
        for (String vhost : byVirtualHost.keySet()) byName.computeIfAbsent(normalize(vhost), k -> new java.util.ArrayList<>()).add(vhost);
        for (var e : byName.entrySet()) {
            java.util.List<String> vhosts = new java.util.ArrayList<>(e.getValue());
            vhosts.sort(java.util.Comparator.comparingLong((String v) -> -java.util.Objects.requireNonNull(byVirtualHost.get(v)).requests())
                    .thenComparing(java.util.Comparator.naturalOrder()));
            byNormalizedHost.put(e.getKey(), vhosts.get(0));
            if (vhosts.size() > 1) shared.put(e.getKey(), vhosts);
        }
    }

    /**
     * For each client whose site matched one of several virtual hosts that are one site by the rule, a line saying
     * whose figures went into their e-mail and which were left out (those of a single virtual host are exact; the
     * others' visitors cannot be added to them without counting some twice).
     */
    public java.util.List<String> warnings(java.util.Collection<SapClient> clients) {
        java.util.List<String> out = new java.util.ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (SapClient c : clients) ids.add(c.id());
        for (var e : notOneClients.entrySet()) {
            if (e.getValue().stream().noneMatch(ids::contains)) continue;
            String who = (e.getValue().size() == 1 ? "client " : "clients ") + String.join(", ", e.getValue());
            out.add(companyHosts.contains(e.getKey())
                    ? who + ": the website host " + e.getKey() + " is the company's own site (company.website, website.url);"
                    + " its figures are not the client's, so no e-mail shows them as theirs (siteMatch.overrides gives a"
                    + " client its site)"
                    : who + " have the same website host " + e.getKey() + "; its figures are no single client's, so none of"
                    + " them gets them as their own (siteMatch.overrides gives each its site, or the same one on purpose)");
        }
        for (SapClient c : clients) {
            Optional<String> site = siteOf(c);
            if (site.isEmpty()) continue;
            java.util.List<String> all = shared.get(normalize(site.get()));
            if (all == null) continue;
            java.util.List<String> left = all.subList(1, all.size());
            out.add("client " + c.id() + ": the virtual hosts " + String.join(", ", all) + " are all its site "
                    + normalize(site.get()) + "; its e-mail has the figures of " + site.get() + " (" + String.format(
                    java.util.Locale.ROOT, "%,d", java.util.Objects.requireNonNull(sites.get(site.get())).requests()) + " requests), without "
                    + String.join(", ", left.stream().map(v -> v + String.format(java.util.Locale.ROOT, " (%,d)",
                    java.util.Objects.requireNonNull(sites.get(v)).requests())).toList()) + " (the one with the most requests is taken: the others are"
                    + " usually redirects to it)");
        }
        return out;
    }

    /** The virtual host whose figures belong to {@code client}, if any. */
    public Optional<String> siteOf(SapClient client) {
        if (config.noSite().contains(client.id())) return Optional.empty();
        String override = config.overrides().get(client.id());
        if (override != null) return Optional.ofNullable(byNormalizedHost.get(normalize(override)));
        String web = client.website();
        if (web == null) return Optional.empty();
        String host = normalize(web);
        if (notOneClients.containsKey(host)) return Optional.empty();
        return switch (config.rule()) {
            // the one rule so far: SAP's website host equals a virtual host, both normalized
            case HOST -> Optional.ofNullable(byNormalizedHost.get(host));
        };
    }

    /**
     * Why {@code client} has no site although its website host is in the logs: the host is no single client's (the
     * rule gives it to other clients too), or it is the company's own. Empty otherwise, and for a client given its
     * site, or none, by {@code siteMatch.overrides}.
     */
    public Optional<Unattributed> unattributed(SapClient client) {
        if (config.noSite().contains(client.id()) || config.overrides().containsKey(client.id()) || client.website() == null)
            return Optional.empty();
        String host = normalize(client.website());
        if (!notOneClients.containsKey(host)) return Optional.empty();
        return Optional.of(new Unattributed(java.util.Objects.requireNonNull(byNormalizedHost.get(host)), companyHosts.contains(host)));
    }

    /**
     * A client's website host whose figures are not the client's alone.
     *
     * @param vhost   the virtual host, as logged
     * @param company it is the company's own site; otherwise other clients have it too
     */
    public record Unattributed(String vhost, boolean company) {}

    /** The figures of {@code client}'s own site, if any. */
    public Optional<SiteFigures> figuresOf(SapClient client) {
        return siteOf(client).map(sites::get);
    }

    /** The documented rule, shared with the config's overrides: {@link SiteMatchConfig#normalizeHost}. */
    static String normalize(String hostOrUrl) {
        return SiteMatchConfig.normalizeHost(hostOrUrl);
    }
}
