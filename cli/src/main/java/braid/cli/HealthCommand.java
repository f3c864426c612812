package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.core.Clock;
import braid.health.CheckResult;
import braid.health.HealthChecks;
import braid.health.HealthRunner;
import braid.health.Reports;
import braid.health.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code braid health}: the checks of a {@code health:} section at once, with Nagios's exit codes. */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = {"Runs the health checks of a configuration's health: section at once and prints a line per check.",
                "Kinds: http (status, body, latency, certificate days), tcp, disk (free space), file (age), prometheus "
                        + "(a rule over a metrics endpoint), errorLog (entries per level in a window), accessLog (share of "
                        + "5xx answers in a window), clientWebsites (every client's site from SAP, at once). A file holding "
                        + "only health: is a valid configuration; clientWebsites needs a whole braid.yaml (its sap: section). "
                        + "HTTP checks go through health.proxy (a proxy URL, or none), else https_proxy / http_proxy "
                        + "(no_proxy honoured); tcp checks and localhost / 127.0.0.1 go direct. "
                        + "Usable as a Nagios or Icinga plugin: the first line is the overall status naming what is not OK, the "
                        + "exit code the worst status (--perfdata adds performance data)."},
        footerHeading = "%nExample configuration:%n",
        footer = {"  health:",
                "    concurrency: 50",
                "    checks:",
                "      - {name: shop, http: \"https://shop.example.com/\", maxLatency: 2s}",
                "      - {name: db, tcp: \"db.internal:5432\"}",
                "      - {name: log-volume, disk: /var/log, minFree: 10%%}",
                "      - {name: access-log-fresh, file: /var/log/nginx/access.log, maxAge: 10m}",
                "      - {name: errors, errorLog: /var/log/nginx/error.log, window: 1h,",
                "         max: {crit: 0, error: 50}}",
                "      - {name: 5xx, accessLog: /var/log/nginx/access.log, max5xxRate: 1%%}",
                "      - {name: client-sites, clientWebsites: true}   # needs a whole braid.yaml"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:OK: every check passed (Nagios's codes)", "1:WARNING: the worst check warns",
                "2:CRITICAL: a check failed", "3:UNKNOWN: a check could not tell, or the configuration or command line is wrong"})
public final class HealthCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "The YAML file with the health: section.")
    Path config;

    @Option(names = "--json", description = "Print JSON for machines instead of the table.")
    boolean json;

    @Option(names = "--perfdata", description = "Append Nagios's performance data to the first line (after a |): each check's "
            + "measurements, e.g. 'shop_latency_seconds'=0.124s, for Nagios, Icinga or PNP4Nagios to graph.")
    boolean perfdata;

    @Option(names = "--prom-file", paramLabel = "FILE", description = "Also write the results in Prometheus's text format (for node_exporter's textfile collector), renamed into place; a clientWebsites check adds a series per client website (braid_health_site_up{client,host}, …).")
    @Nullable Path promFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json && perfdata) {
            err.println("braid health: UNKNOWN: --perfdata is for the table; --json already holds every measurement");
            return Status.UNKNOWN.exitCode();
        }
        HealthChecks checks;
        try {
            checks = HealthChecks.read(config);
        } catch (HealthChecks.Problems e) {
            err.println("braid health: UNKNOWN: the configuration has " + e.problems().size() + " problems:");
            for (String p : e.problems()) err.println("  " + p);
            return Status.UNKNOWN.exitCode();
        } catch (IllegalArgumentException e) {
            err.println("braid health: UNKNOWN: " + e.getMessage());
            return Status.UNKNOWN.exitCode();
        } catch (java.io.IOException e) {
            err.println("braid health: UNKNOWN: " + braid.core.Failures.cannotRead(config, e));
            return Status.UNKNOWN.exitCode();
        }
        // A whole braid.yaml (with sap:) gives clientWebsites its client list and the logs the company's time zone; a file
        // holding only health: reads logs in this machine's zone and has no client list.
        braid.health.HealthSources sources = braid.report.internal.HealthWiring.logsOnly(java.time.ZoneId.systemDefault());
        if (checks.sections().contains("sap")) {
            try {
                braid.report.config.BraidConfig cfg = braid.report.config.BraidConfig.load(config);
                sources = braid.report.internal.HealthWiring.sources(cfg.company().timeZone(), cfg, System.getenv());
            } catch (braid.report.config.ConfigException e) {
                err.println("braid health: UNKNOWN: the configuration has " + e.problems().size() + " problem(s):");
                for (var p : e.problems()) err.println("  " + p);
                return Status.UNKNOWN.exitCode();
            }
        }
        braid.health.HealthReport report;
        long t0 = System.nanoTime();
        try {
            report = new HealthRunner(checks, Clock.system(), sources).report(checks);
        } catch (java.io.UncheckedIOException e) {
            err.println("braid health: UNKNOWN: " + e.getMessage() + ": " + braid.core.Failures.inWords(e.getCause()));
            return Status.UNKNOWN.exitCode();
        }
        List<CheckResult> results = report.checks();
        out.print(json ? Reports.json(report) : Reports.table(results, java.time.Duration.ofNanos(System.nanoTime() - t0), perfdata));
        out.flush();
        if (promFile != null) {
            try {
                Reports.writePrometheus(report, promFile);
            } catch (java.io.IOException e) {
                err.println("braid health: cannot write " + promFile + ": " + braid.core.Failures.inWords(e));
                return Status.UNKNOWN.exitCode();
            }
        }
        return HealthRunner.worst(results).exitCode();
    }
}
