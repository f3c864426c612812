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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code braid health}: the checks of a {@code health:} section at once, with Nagios's exit codes.
 *
 * <p>Its model is built in code ({@link #spec()}), not from picocli's annotations, as {@link LogsCommand}'s: reading
 * annotations makes the JDK generate a proxy class per annotation type, which JDK 25's AOT cache cannot hold — seven of
 * them, about 50 ms of every run, and Nagios runs it every minute. The help is the one the annotations gave.
 */
public final class HealthCommand implements Callable<Integer> {
    private final CommandSpec spec;

    Path config = Path.of("");
    boolean json;
    boolean perfdata;
    @Nullable Path promFile;
    @Nullable String timeout;
    List<String> only = List.of();
    @Nullable Boolean progress;
    @Nullable Path submit;
    @Nullable String submitHost;
    String submitPrefix = SUBMIT_PREFIX;

    /** The start of the submitted services' names ("braid shop"), as docs/nagios/braid-passive.cfg names them. */
    static final String SUBMIT_PREFIX = "braid ";

    HealthCommand() {
        spec = CommandSpec.wrapWithoutInspection(this).name("health").versionProvider(new VersionProvider());
        spec.usageMessage().sortSynopsis(false)
                .description("Runs the health checks of a configuration's health: section at once and prints a line per check.",
                        "Kinds: http (status, body, latency, certificate days), tcp, smtp (a mail server's greeting, STARTTLS and "
                                + "certificate days), disk (free space), file (age), prometheus "
                                + "(a rule over a metrics endpoint), errorLog (entries per level in a window), journal (the same in the "
                                + "systemd journal, a unit's or all), accessLog (share of "
                                + "5xx answers in a window), clientWebsites (every client's site from SAP, at once). A file holding "
                                + "only health: is a valid configuration; clientWebsites needs a whole braid.yaml (its sap: section). "
                                + "HTTP checks go through health.proxy (a proxy URL, or none), else https_proxy / http_proxy "
                                + "(no_proxy honoured); tcp checks and localhost / 127.0.0.1 go direct. "
                                + "Usable as a Nagios or Icinga plugin: the first line is the overall status naming what is not OK, the "
                                + "exit code the worst status (--perfdata adds performance data).")
                .footerHeading("%nExample configuration:%n")
                .footer("  health:",
                        "    concurrency: 50",
                        "    checks:",
                        "      - {name: shop, http: \"https://shop.example.com/\", maxLatency: 2s}",
                        "      - {name: db, tcp: \"db.internal:5432\"}",
                        "      - {name: log-volume, disk: /var/log, minFree: 10%%}",
                        "      - {name: access-log-fresh, file: /var/log/nginx/access.log, maxAge: 10m}",
                        "      - {name: errors, errorLog: /var/log/nginx/error.log, window: 1h,",
                        "         max: {crit: 0, error: 50}}",
                        "      - {name: system, journal: true, window: 1h, max: {crit: 0, err: 20}}",
                        "      - {name: 5xx, accessLog: /var/log/nginx/access.log, max5xxRate: 1%%}",
                        "      - {name: client-sites, clientWebsites: true}   # needs a whole braid.yaml")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(CodeBuiltModels.exitCodes("0", "OK: every check passed (Nagios's codes)", "1", "WARNING: the worst check warns",
                        "2", "CRITICAL: a check failed",
                        "3", "UNKNOWN: a check could not tell, or the configuration or command line is wrong"));
        spec.addOption(OptionSpec.builder("-c", "--config").paramLabel("FILE").type(Path.class).required(true)
                .description("The YAML file with the health: section.").build());
        spec.addOption(OptionSpec.builder("--json").type(boolean.class)
                .description("Print JSON for machines instead of the table.").build());
        spec.addOption(OptionSpec.builder("--perfdata").type(boolean.class).description("Append Nagios's performance data to "
                + "the first line (after a |): each check's measurements with the limits its status is decided by, e.g. "
                + "'shop_latency_seconds'=0.124s;2;;0 (a warning above maxLatency), for Nagios, Icinga or PNP4Nagios to graph.").build());
        spec.addOption(OptionSpec.builder("--prom-file").paramLabel("FILE").type(Path.class).description("Also write the "
                + "results in Prometheus's text format (for node_exporter's textfile collector), renamed into place; a "
                + "clientWebsites check adds a series per client website (braid_health_site_up{client,host}, …).").build());
        spec.addOption(OptionSpec.builder("-t", "--timeout").paramLabel("TIME[:STATE]").type(String.class).description(
                "A time limit on the whole run, as a Nagios "
                + "plugin's -t: seconds (50) or a duration (50s, 2m), counted from braid's start. Checks not finished by then are "
                + "cancelled and read UNKNOWN, or STATE (WARNING, CRITICAL, UNKNOWN; 1, 2, 3); the others keep their results. "
                + "Set it below Nagios's service_check_timeout (60 s) so that Nagios gets braid's answer instead of killing it. "
                + "Without it each check is bounded by its own timeout only.").build());
        spec.addOption(OptionSpec.builder("--only").paramLabel("NAME").type(List.class).auxiliaryTypes(String.class)
                .splitRegex(",").description("Run only these checks (repeatable, or "
                + "comma-separated): one configuration for several Nagios or Icinga services, each with its own state, "
                + "notifications and acknowledgements. A name that is not a check is refused (exit 3).").build());
        spec.addOption(OptionSpec.builder("--submit").paramLabel("COMMAND_FILE").type(Path.class).description("Also submit "
                + "each check as the passive result of a service of its own through Nagios's external command file (e.g. "
                + "/var/lib/nagios4/rw/nagios.cmd; Naemon's, Icinga's command pipe): one run feeds a service per check, "
                + "where --only starts a process per check. Services are named --submit-prefix and the check's name.").build());
        spec.addOption(OptionSpec.builder("--submit-host").paramLabel("HOST").type(String.class).description("The Nagios "
                + "host of the submitted services (default: this machine's host name).").build());
        spec.addOption(OptionSpec.builder("--submit-prefix").paramLabel("TEXT").type(String.class).defaultValue(SUBMIT_PREFIX)
                .description("What the submitted services' names start with (default 'braid ': 'braid shop').").build());
        spec.addOption(OptionSpec.builder("--progress").type(Boolean.class).negatable(true).description("A live line on "
                + "standard error while the checks run (how many of them and of the client websites are done), erased "
                + "before the table (default: when it is a terminal).").build());
        CodeBuiltModels.standardHelpOptions(spec);
    }

    /** The command's model; picocli runs {@link #call()} with the values it parsed into it. */
    CommandSpec spec() {
        return spec;
    }

    /** The values picocli parsed into {@link #spec}, as the fields {@link #call()} reads. */
    private void bind() {
        config = java.util.Objects.requireNonNull(value("--config"), "--config");
        json = Boolean.TRUE.equals(value("--json"));
        perfdata = Boolean.TRUE.equals(value("--perfdata"));
        promFile = value("--prom-file");
        timeout = value("--timeout");
        List<String> names = value("--only");
        only = names == null ? List.of() : List.copyOf(names);
        progress = value("--progress");
        submit = value("--submit");
        submitHost = value("--submit-host");
        submitPrefix = java.util.Objects.requireNonNullElse(value("--submit-prefix"), SUBMIT_PREFIX);
    }

    private <T> @Nullable T value(String option) {
        return CodeBuiltModels.value(spec, option);
    }

    /** When the time limit starts: this process's start (a test running in a long-lived JVM sets it). */
    java.util.function.LongSupplier started = HealthCommand::processStart;

    /** What braid needs after the checks (print, write the state and the Prometheus file, exit): kept off the limit. */
    static final java.time.Duration AFTER_CHECKS = java.time.Duration.ofMillis(200);

    @Override
    public Integer call() throws Exception {
        bind();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (json && perfdata) {
            err.println("braid health: UNKNOWN: --perfdata is for the table; --json already holds every measurement");
            return Status.UNKNOWN.exitCode();
        }
        TimeoutOption limit = null;
        if (timeout != null) {
            try {
                limit = TimeoutOption.parse(timeout); // checked before anything is read
            } catch (IllegalArgumentException e) {
                err.println("braid health: UNKNOWN: --timeout " + timeout + ": " + e.getMessage());
                return Status.UNKNOWN.exitCode();
            }
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
        if (!only.isEmpty()) {
            java.util.Set<String> names = new java.util.LinkedHashSet<>();
            checks.checks().forEach(c -> names.add(c.name()));
            checks.unsupported().forEach(u -> names.add(u[0]));
            for (String n : only) {
                if (!names.contains(n)) {
                    err.println("braid health: UNKNOWN: --only " + n + ": " + config + " has no check named '" + n + "'"
                            + braid.core.Failures.closest(n, names).map(c -> "; did you mean '" + c + "'?")
                                    .orElse(" (its checks: " + String.join(", ", names) + ")"));
                    return Status.UNKNOWN.exitCode();
                }
            }
            java.util.Set<String> keep = new java.util.HashSet<>(only);
            checks = checks.only(c -> keep.contains(c.name()));
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
            boolean live = progress != null ? progress : System.console() != null;
            try (Progress bar = live ? new Progress(err) : null) {
                HealthRunner runner = bar != null ? new HealthRunner(checks, Clock.system(), sources, bar)
                        : new HealthRunner(checks, Clock.system(), sources);
                // what is left of the limit once the runner is made (its trust store is read: 0.2 s of a cold start)
                report = limit == null ? runner.report(checks)
                        : runner.report(checks, limit.left(started.getAsLong(), System.currentTimeMillis()));
            }
        } catch (java.io.UncheckedIOException e) {
            err.println("braid health: UNKNOWN: " + e.getMessage() + ": " + braid.core.Failures.inWords(e.getCause()));
            return Status.UNKNOWN.exitCode();
        }
        List<CheckResult> results = report.checks();
        out.print(json ? Reports.json(report) : Reports.table(results, java.time.Duration.ofNanos(System.nanoTime() - t0), perfdata,
                checks.checks()));
        out.flush();
        // every output is attempted even when one fails (the Prometheus file whatever became of the submission)
        boolean failed = false;
        if (promFile != null) {
            try {
                Reports.writePrometheus(report, promFile);
            } catch (java.io.IOException e) {
                err.println("braid health: cannot write " + promFile + ": " + braid.core.Failures.inWords(e));
                failed = true;
            }
        }
        if (submit != null) {
            String host = submitHost != null ? submitHost : hostName();
            try {
                braid.health.PassiveResults.submit(submit, braid.health.PassiveResults.lines(results, checks.checks(), host,
                        submitPrefix, java.time.Instant.now().getEpochSecond()), java.time.Duration.ofSeconds(5));
            } catch (java.io.IOException e) {
                err.println("braid health: UNKNOWN: cannot submit the results to " + submit + ": " + braid.core.Failures.inWords(e));
                failed = true;
            } catch (IllegalArgumentException e) { // a name too long for one command line
                err.println("braid health: UNKNOWN: cannot submit the results to " + submit + ": " + e.getMessage());
                failed = true;
            }
        }
        return failed ? Status.UNKNOWN.exitCode() : HealthRunner.worst(results).exitCode();
    }

    /** This machine's host name as Nagios configurations name it (the kernel's, without a domain). */
    static String hostName() {
        try {
            String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) return name;
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /**
     * {@code --timeout}'s value: "50" (seconds, as Nagios plugins take it) or a duration ("50s", "2m"), then optionally
     * ":STATE"; the time left of it at {@code nowMillis} for a process started at {@code startMillis}, less what braid
     * needs after the checks.
     */
    static HealthRunner.TimeLimit timeLimit(String value, long startMillis, long nowMillis) {
        return TimeoutOption.parse(value).left(startMillis, nowMillis);
    }

    /** {@code --timeout} as written: the limit, the state of what it cuts off, and its words for the messages. */
    record TimeoutOption(java.time.Duration limit, Status state, String described) {
        static TimeoutOption parse(String value) {
            String time = value.strip();
            Status state = Status.UNKNOWN;
            int colon = time.lastIndexOf(':');
            if (colon >= 0) {
                String s = time.substring(colon + 1).strip().toUpperCase(java.util.Locale.ROOT);
                state = switch (s) {
                    case "WARNING", "1" -> Status.WARNING;
                    case "CRITICAL", "2" -> Status.CRITICAL;
                    case "UNKNOWN", "3" -> Status.UNKNOWN;
                    default -> throw new IllegalArgumentException("the state after ':' must be WARNING, CRITICAL or UNKNOWN (or 1, 2, 3),"
                            + " not '" + time.substring(colon + 1) + "'");
                };
                time = time.substring(0, colon).strip();
            }
            java.time.Duration d;
            String described = time; // as the operator wrote it, in the messages
            if (time.matches("\\d+(\\.\\d+)?")) {
                d = java.time.Duration.ofNanos(Math.round(Double.parseDouble(time) * 1e9));
                described = time + " s";
            } else {
                d = braid.core.Durations.parse(time);
                if (d == null) {
                    throw new IllegalArgumentException("not a time: '" + time + "' (write seconds, e.g. 50, or a duration, e.g. 50s or 2m)");
                }
            }
            if (d.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("a time limit under 1 s leaves no time for the checks");
            }
            return new TimeoutOption(d, state, "--timeout " + described);
        }

        /** What is left of the limit at {@code nowMillis} for a process started at {@code startMillis} (at least 0.1 s). */
        HealthRunner.TimeLimit left(long startMillis, long nowMillis) {
            java.time.Duration left = limit.minusMillis(Math.max(0, nowMillis - startMillis)).minus(AFTER_CHECKS);
            if (left.compareTo(java.time.Duration.ofMillis(100)) < 0) left = java.time.Duration.ofMillis(100);
            return new HealthRunner.TimeLimit(left, state, described);
        }
    }

    /**
     * When this process started, in {@link System#currentTimeMillis}'s terms (the limit counts from there, as Nagios's
     * does: the launcher and the JVM's start are part of it); when the command began where the system does not say.
     * Not {@code ProcessHandle.info().startInstant()}: Linux gives it from the boot time in whole seconds and the clock
     * since drifted — it was 1.3 s early on this VM, which took 1.3 s from every limit. Here both ends are read on the
     * kernel's boot clock: the process's start in clock ticks (/proc/self/stat) against the time since boot (/proc/uptime).
     */
    private static long processStart() {
        long now = System.currentTimeMillis();
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            // fields after the command's name (in parentheses, which may hold spaces): state is field 3, starttime 22
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double started = Long.parseLong(f[22 - 3]) / 100.0; // USER_HZ: 100 on every Linux since 2.6
            String uptime = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            double up = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
            long ago = Math.round((up - started) * 1000);
            return ago >= 0 && ago < 3_600_000 ? now - ago : now;
        } catch (java.io.IOException | RuntimeException e) {
            return now; // not Linux: from the command's start
        }
    }

    /**
     * The live line: checks (and client websites, each a task of the run) done of those known so far, from the engine's
     * events; painted at most every 200 ms, erased when the run ends so that the table starts on a clean line.
     */
    static final class Progress implements braid.core.RunListener, AutoCloseable {
        private final PrintWriter err;
        private long known;
        private long done;
        private long notOk;
        private long lastPaint;
        private boolean painted;

        Progress(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void taskEvent(braid.core.TaskEvent e) {
            switch (e.kind()) {
                case SCHEDULED -> known++;
                case SUCCEEDED -> done++;
                case FAILED, CANCELLED, SKIPPED -> {
                    done++;
                    notOk++;
                }
                default -> {
                    return;
                }
            }
            long now = System.nanoTime();
            if (now - lastPaint > 200_000_000L) {
                lastPaint = now;
                err.print(String.format(java.util.Locale.ROOT, "\r\u001b[2K  health: %,d of %,d checks done%s", done, known,
                        notOk == 0 ? "" : String.format(java.util.Locale.ROOT, " · %,d without a result", notOk)));
                err.flush();
                painted = true;
            }
        }

        @Override
        public synchronized void close() {
            if (painted) {
                err.print("\r\u001b[2K");
                err.flush();
            }
        }
    }
}
