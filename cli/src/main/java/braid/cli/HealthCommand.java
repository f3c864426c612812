package braid.cli;

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
                        + "(a rule over a metrics endpoint). A file holding "
                        + "only health: is a valid configuration. Usable as a Nagios or Icinga plugin: the exit code is "
                        + "the worst status."},
        footerHeading = "%nExample configuration:%n",
        footer = {"  health:",
                "    concurrency: 50",
                "    checks:",
                "      - {name: shop, http: \"https://shop.example.com/\", maxLatency: 2s}",
                "      - {name: db, tcp: \"db.internal:5432\"}",
                "      - {name: log-volume, disk: /var/log, minFree: 10%}",
                "      - {name: access-log-fresh, file: /var/log/nginx/access.log, maxAge: 10m}"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:OK: every check passed (Nagios's codes)", "1:WARNING: the worst check warns",
                "2:CRITICAL: a check failed", "3:UNKNOWN: a check could not tell, or the configuration is wrong"})
public final class HealthCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", required = true, description = "The YAML file with the health: section.")
    Path config;

    @Option(names = "--json", description = "Print JSON for machines instead of the table.")
    boolean json;

    @Option(names = "--prom-file", paramLabel = "FILE", description = "Also write the results in Prometheus's text format (for node_exporter's textfile collector), renamed into place.")
    Path promFile;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HealthChecks checks;
        try {
            checks = HealthChecks.read(config);
        } catch (IllegalArgumentException e) {
            err.println("braid health: UNKNOWN: " + e.getMessage());
            return Status.UNKNOWN.exitCode();
        } catch (java.io.IOException e) {
            err.println("braid health: UNKNOWN: cannot read " + config + ": " + braid.core.Failures.inWords(e));
            return Status.UNKNOWN.exitCode();
        }
        List<CheckResult> results;
        try {
            results = new HealthRunner(checks.sslContext(), Clock.system()).run(checks);
        } catch (java.io.UncheckedIOException e) {
            err.println("braid health: UNKNOWN: " + e.getMessage() + ": " + braid.core.Failures.inWords(e.getCause()));
            return Status.UNKNOWN.exitCode();
        }
        out.print(json ? Reports.json(results) : Reports.table(results));
        out.flush();
        if (promFile != null) {
            try {
                Reports.writePrometheus(results, promFile);
            } catch (java.io.IOException e) {
                err.println("braid health: cannot write " + promFile + ": " + braid.core.Failures.inWords(e));
                return Status.UNKNOWN.exitCode();
            }
        }
        return HealthRunner.worst(results).exitCode();
    }
}
