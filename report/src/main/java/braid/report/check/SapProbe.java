package braid.report.check;

import braid.report.config.SapConfig;
import braid.report.internal.Wiring;
import braid.sap.BusinessPartnerClient;
import braid.sap.Probe;
import braid.sap.SapException;
import java.util.Map;

/**
 * Reads one partner from SAP with the run's own settings (auth, sap-client, headers, trust store, proxy).
 *
 * <p>The client comes from {@code Wiring.sapClient}, as the run's does, and {@link BusinessPartnerClient#probe()}
 * goes through the same HTTP code the run authenticates (OAuth tokens included) and classifies failures with,
 * so a check that passes here exercises exactly what the run will. Stateless.
 */
final class SapProbe {
    private SapProbe() {}

    static Probe readOnePage(SapConfig cfg, Map<String, String> env) throws SapException, InterruptedException {
        try (BusinessPartnerClient client = Wiring.sapClient(cfg, env)) {
            return client.probe();
        }
    }
}
