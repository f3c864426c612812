package braid.report.check;

import braid.report.config.SapConfig;
import braid.report.internal.Wiring;
import braid.sap.BusinessPartnerClient;
import braid.sap.SapException;
import braid.sap.SapSettings;
import braid.sap.internal.SapHttp;
import braid.sap.internal.Urls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Map;

/**
 * Reads one partner from SAP with the run's own settings (auth, sap-client, headers, trust store, proxy).
 *
 * <p>{@link BusinessPartnerClient} only reads the whole list, so this GETs one page itself. It goes
 * through the SAP module's {@link SapHttp} rather than a JDK client of its own: that is the code the
 * daily run authenticates (OAuth tokens included) and classifies failures with, so a check that passes
 * here exercises exactly what the run will. Stateless.
 */
final class SapProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SapProbe() {}

    /** The partners SAP returned on the page and the total it reported ({@code __count}, -1 if absent). */
    record Page(int partners, long total) {}

    static Page readOnePage(SapConfig cfg, Map<String, String> env) throws SapException, InterruptedException {
        SapSettings settings;
        // Wiring turns the config into settings for the run; borrowing them keeps the check and the run identical.
        try (BusinessPartnerClient client = Wiring.sapClient(cfg, env)) {
            settings = client.settings();
        }
        try (SapHttp http = new SapHttp(settings)) {
            return http.get(pageUri(settings), in -> {
                JsonNode d = JSON.readTree(in).path("d");
                // OData V2 wraps a collection in d.results; V1-style servers answer with d as the array.
                JsonNode results = d.isArray() ? d : d.path("results");
                if (!results.isArray()) throw new java.io.IOException("no d.results array in SAP's answer");
                JsonNode count = d.path("__count");
                long total = count.isMissingNode() || count.isNull() ? -1 : Long.parseLong(count.asText());
                return new Page(results.size(), total);
            });
        }
    }

    /** {@code A_BusinessPartner?$top=1} with the configured filter, asking for the total as well. */
    static URI pageUri(SapSettings s) {
        StringBuilder q = new StringBuilder("$select=BusinessPartner&$top=1&$inlinecount=allpages");
        String filter = s.filter().toODataFilter();
        if (filter != null) q.append("&$filter=").append(Urls.encode(filter));
        q.append("&$format=json");
        if (s.sapClient() != null) q.append("&sap-client=").append(s.sapClient());
        String root = s.serviceRoot().toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + "A_BusinessPartner?" + q);
    }
}
