package braid.health;

import java.util.List;
import java.util.Map;

/**
 * What a run of the checks found: a result per check in the configuration's order, and for a {@code clientWebsites}
 * check how each client's site did, by client id.
 */
public record HealthReport(List<CheckResult> checks, Map<String, SiteHealth> clientSites) {
    public HealthReport {
        checks = List.copyOf(checks);
        clientSites = Map.copyOf(clientSites);
    }

    /** The worst status of the checks (CRITICAL over WARNING over UNKNOWN over OK); OK for none. */
    public Status worst() {
        return HealthRunner.worst(checks);
    }

    /** The checks that did not end OK. */
    public List<CheckResult> failing() {
        return checks.stream().filter(c -> c.status() != Status.OK).toList();
    }
}
