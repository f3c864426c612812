package braid.report.internal;

import java.net.URI;
import braid.core.TaskContext;
import braid.health.HealthSources;
import braid.logs.AccessLogAnalyzer;
import braid.logs.AccessSummary;
import braid.logs.ErrorLogAnalyzer;
import braid.logs.LogFormat;
import braid.report.config.BraidConfig;
import braid.sap.ClientList;
import braid.sap.SapClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The health checks' sources: braid's own log analysers (the windowed error and access-log figures, timestamps read in
 * the company's time zone) and the client list from SAP for {@code clientWebsites}.
 */
public final class HealthWiring {
    private HealthWiring() {}

    /** Sources for a run of braid health: the logs, and the client list fetched from {@code cfg}'s SAP (when given). */
    public static HealthSources sources(ZoneId zone, BraidConfig cfg, Map<String, String> env) {
        return new Logs(zone) {
            @Override
            public List<Site> clientWebsites(TaskContext ctx) throws Exception {
                try (var sap = Wiring.sapClient(cfg.sap(), env, ctx.clock())) {
                    // an optional child: SAP's failure ends this fetch, not the check, which says it in words
                    var fetch = ctx.fork("fetch SAP clients", braid.core.Policy.DEFAULT.optional(), sap::fetchClients);
                    try {
                        return sites(fetch.join());
                    } catch (braid.core.TaskFailedException e) {
                        throw e.getCause() instanceof Exception cause ? cause : e;
                    }
                }
            }

            @Override
            public braid.core.Engine.Builder limits(braid.core.Engine.Builder engine) {
                return Wiring.withSapLimit(engine, cfg.sap()); // the client list's pages, as in the daily report
            }
        };
    }

    /** Sources for a file with only a health: section: the logs (system time zone); no client list. */
    public static HealthSources logsOnly(ZoneId zone) {
        return new Logs(zone);
    }

    /** Sources whose client list is one already fetched (the daily report's). */
    public static HealthSources withClients(ZoneId zone, ClientList clients) {
        return new Logs(zone) {
            @Override
            public List<Site> clientWebsites(TaskContext ctx) {
                return sites(clients);
            }
        };
    }

    /** Every client with a website (http or https) as a site to check. */
    public static List<HealthSources.Site> sites(ClientList list) {
        List<HealthSources.Site> out = new ArrayList<>();
        for (SapClient c : list.clients()) {
            String website = c.website();
            if (website == null) continue;
            URI url = URI.create(website); // SAP's client parsed it with a host already
            String scheme = String.valueOf(url.getScheme()).toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) continue;
            out.add(new HealthSources.Site(c.id(), c.name(), url));
        }
        return out;
    }

    private static class Logs implements HealthSources {
        private final ZoneId zone;

        Logs(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public Map<String, Long> errorLevels(Path file, Instant from, Instant to) throws IOException, InterruptedException {
            return ErrorLogAnalyzer.builder().zone(zone).window(from, to).build().analyze(file).levels();
        }

        @Override
        public Traffic traffic(Path file, String format, Instant from, Instant to) throws IOException, InterruptedException {
            AccessSummary s = AccessLogAnalyzer.builder().format(LogFormat.of(format)).zone(zone).window(from, to).threads(1)
                    .build().analyze(file);
            return new Traffic(s.overall().requests(), s.overall().statusClasses().getOrDefault("5xx", 0L));
        }
    }
}
