package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.logs.AccessLogAnalyzer;
import braid.logs.AccessSummary;
import braid.logs.Count;
import braid.logs.ErrorLogAnalyzer;
import braid.logs.ErrorMessage;
import braid.logs.ErrorSummary;
import braid.logs.LogFormat;
import braid.logs.LogReadException;
import braid.logs.MalformedLine;
import braid.logs.RotatedLogs;
import braid.logs.SiteFigures;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * The {@code braid logs} command: summarises web-server access logs (and optionally error logs).
 *
 * <p>Its model is built in code ({@link #spec()}), not from picocli's annotations: reading annotations makes the JDK
 * generate a dynamic proxy class for each annotation type, which JDK 25's AOT cache cannot hold; for a cold
 * {@code braid logs} that was about 50 ms of a 0.24 s run (BENCHMARKS.md "Start-up"). The help it prints is the one
 * the annotations gave ({@code LogsCommandTest#itsHelpIsTheSameOnEveryPath}).
 */
public final class LogsCommand implements Callable<Integer> {
    private static final long PROGRESS_MIN_BYTES = 32L << 20;
    private static final String FORMAT_DEFAULT = "auto";
    private static final int TOP_DEFAULT = 10;

    private final CommandSpec spec;

    List<Path> files = new ArrayList<>();
    List<Path> errorLogs = new ArrayList<>();
    boolean rotated;
    @Nullable String date;
    boolean all;
    @Nullable String zone;
    String format = FORMAT_DEFAULT;
    int top = TOP_DEFAULT;
    @Nullable Path config;
    @Nullable String sparkMaster;
    Map<String, String> sparkConf = new LinkedHashMap<>();
    boolean json;

    LogsCommand() {
        spec = CommandSpec.wrapWithoutInspection(this).name("logs").versionProvider(new VersionProvider());
        spec.usageMessage()
                .description("Summarises web-server access logs: requests, unique visitors, status codes, top paths, "
                        + "referrers, bots, per virtual host. Plain or .gz files (.xz, .bz2, .zst, .lz4 through xz, bzip2, "
                        + "zstd, lz4), rotated sets, combined/common/vhost_combined or a GoAccess-style format.")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(CodeBuiltModels.exitCodes("0", "summarised", "1", "a file cannot be read, or no line could be parsed",
                        "2", "bad usage"));
        spec.addPositional(PositionalParamSpec.builder().paramLabel("FILE").arity("0..*").type(List.class)
                .auxiliaryTypes(Path.class).description("Access logs (plain, .gz; .xz, .bz2, .zst, .lz4 through their "
                        + "programs). With --rotated, base names of rotated sets.").build());
        option("--error-log", "FILE", List.class, null, "nginx or Apache error log to summarise too (repeatable).", Path.class);
        option("--rotated", null, boolean.class, null, "Treat each FILE as the base of a rotated set (access.log, "
                + "access.log.1, access.log.2.gz, access.log-20261122.gz) and read the members that can hold the day.");
        option("--date", "YYYY-MM-DD", String.class, null, "Day to count (default: yesterday in --zone).");
        option("--all", null, boolean.class, null, "Count every line, whatever its date.");
        option("--zone", "ZONE", String.class, null, "Report time zone (default: the system's).");
        option("--format", "FORMAT", String.class, FORMAT_DEFAULT, "combined, common, vhost_combined, auto (default), or a "
                + "GoAccess-style specifier such as '%%h %%^[%%d:%%t %%^] \"%%r\" %%s %%b \"%%R\" \"%%u\"'.");
        option("--top", "N", int.class, String.valueOf(TOP_DEFAULT), "Length of the top lists (default 10).");
        spec.addOption(OptionSpec.builder("-c", "--config").paramLabel("FILE").type(Path.class).description("braid.yaml: "
                + "read its logs as the daily report does (logs.access and logs.errors as rotated sets, logs.format, "
                + "company.timeZone), so a day gives the report's numbers. FILE arguments, --zone and --format then come "
                + "from it.").build());
        spec.addOption(OptionSpec.builder("--spark-master").paramLabel("MASTER").type(String.class).description(
                "Analyse the access logs on Apache Spark (the figures equal the single-machine analysis). MASTER is one of:",
                "local[N]   (this machine, N cores)", "spark://HOST:PORT", "yarn", "k8s://URL",
                "FILE may then be a directory, a glob or a Hadoop path such as", "hdfs://NAMENODE/logs/access.log",
                "s3a://BUCKET/logs/", "Needs braid-spark-VERSION.tar.gz unpacked over braid.").build());
        spec.addOption(OptionSpec.builder("--spark-conf").paramLabel("KEY=VALUE").type(Map.class)
                .auxiliaryTypes(String.class, String.class).description("A Spark property for --spark-master "
                        + "(repeatable), such as", "spark.executor.memory=4g", "spark.files.maxPartitionBytes=256m").build());
        option("--json", null, boolean.class, null, "Print JSON for machines instead of the text summary.");
        CodeBuiltModels.standardHelpOptions(spec);
    }

    /** The command's model; picocli runs {@link #call()} with the values it parsed into it. */
    CommandSpec spec() {
        return spec;
    }

    private void option(String name, @Nullable String label, Class<?> type, @Nullable String defaultValue, String description,
            Class<?>... elements) {
        OptionSpec.Builder b = OptionSpec.builder(name).type(type).description(description);
        if (label != null) b.paramLabel(label);
        if (defaultValue != null) b.defaultValue(defaultValue);
        if (elements.length > 0) b.auxiliaryTypes(elements);
        spec.addOption(b.build());
    }

    /** The values picocli parsed into {@link #spec}, as the fields {@link #call()} reads. */
    private void bind() {
        List<Path> given = spec.positionalParameters().get(0).getValue();
        if (given != null) files = new ArrayList<>(given);
        List<Path> errors = value("--error-log");
        if (errors != null) errorLogs = new ArrayList<>(errors);
        rotated = Boolean.TRUE.equals(value("--rotated"));
        date = value("--date");
        all = Boolean.TRUE.equals(value("--all"));
        zone = value("--zone");
        format = java.util.Objects.requireNonNullElse(value("--format"), FORMAT_DEFAULT);
        Integer n = value("--top");
        top = n == null ? TOP_DEFAULT : n;
        config = value("--config");
        sparkMaster = value("--spark-master");
        Map<String, String> conf = value("--spark-conf");
        if (conf != null) sparkConf = new LinkedHashMap<>(conf);
        json = Boolean.TRUE.equals(value("--json"));
    }

    private <T> @Nullable T value(String option) {
        return CodeBuiltModels.value(spec, option);
    }

    /** {@code --spark-master}: the access logs on Spark through braid's Spark module, printed as without it. */
    private Integer spark(LogFormat fmt, ZoneId z, @Nullable LocalDate day, PrintWriter out, PrintWriter err) {
        var engine = java.util.ServiceLoader.load(braid.logs.DistributedAnalysis.class).findFirst();
        if (engine.isEmpty()) {
            err.println("braid logs: --spark-master needs braid's Spark module, which is not installed: unpack "
                    + "braid-spark-VERSION.tar.gz (of this braid's version) over it (it adds lib-spark/ beside lib/)");
            return 2;
        }
        if (!errorLogs.isEmpty()) {
            err.println("braid logs: --error-log is read on this machine only; leave it out with --spark-master");
            return 2;
        }
        AccessLogAnalyzer.Builder b = AccessLogAnalyzer.builder().format(fmt).zone(z).topN(top);
        if (day == null) b.allDays(); else b.day(day);
        try {
            long started = System.nanoTime();
            // --rotated: the members of each set that can hold the day, found here (rotated sets are local files)
            List<Path> given = expand(files, day, z);
            AccessSummary summary = engine.get().analyze(b.build(), fmt, given.stream().map(Path::toString).toList(),
                    java.util.Objects.requireNonNull(sparkMaster, "--spark-master"), sparkConf);
            return print(out, err, summary, (System.nanoTime() - started) / 1e9, null);
        } catch (IllegalStateException e) {
            err.println("braid logs: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("braid logs: " + braid.core.Failures.inWords(e));
            return 1;
        } catch (Exception e) {
            // Spark's own failures (SparkException is checked but undeclared, from Scala) (a master it cannot reach or parse, a lost executor), in its words, not a stack trace
            err.println("braid logs: Spark (" + sparkMaster + ") failed: " + braid.core.Failures.inWords(e));
            return 1;
        }
    }

    @Override
    public Integer call() {
        bind();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (config != null) {
            if (!files.isEmpty() || zone != null || !FORMAT_DEFAULT.equals(format) || !errorLogs.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--config gives the files, zone and format; leave out"
                        + " FILE, --error-log, --zone and --format");
            }
            braid.report.config.BraidConfig cfg = ReportCommand.loadForReading(config, System.err);
            if (cfg == null) return 2;
            files = new ArrayList<>(cfg.logs().access());
            errorLogs = new ArrayList<>(cfg.logs().errors());
            rotated = true;
            zone = cfg.company().timeZone().getId();
            format = cfg.logs().format();
        }
        if (files.isEmpty() && errorLogs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one log FILE or --error-log FILE");
        }
        if (all && date != null) {
            throw new ParameterException(spec.commandLine(), "--date and --all exclude each other");
        }
        ZoneId z;
        try {
            z = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ParameterException(spec.commandLine(), "invalid --zone '" + zone + "': " + e.getMessage());
        }
        LocalDate day = null;
        if (date != null) {
            try {
                day = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "invalid --date '" + date + "' (expected YYYY-MM-DD)");
            }
        } else if (!all) {
            day = LocalDate.now(z).minusDays(1);
        }
        LogFormat fmt;
        try {
            fmt = LogFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "invalid --format: " + e.getMessage());
        }
        if (top < 1 || top > 10_000) {
            throw new ParameterException(spec.commandLine(), "--top must be in 1..10000: " + top);
        }
        if (sparkMaster == null && System.getProperty("spark.master") != null && errorLogs.isEmpty()) {
            // run by spark-submit (its --master arrives as the system property spark.master): the job on that cluster
            sparkMaster = System.getProperty("spark.master");
        }
        if (sparkMaster != null) {
            return spark(fmt, z, day, out, err);
        }
        try {
            List<Path> access = expand(files, day, z);
            List<Path> errors = expand(errorLogs, day, z);
            AccessSummary summary = null;
            double accessSeconds = 0;
            if (!access.isEmpty()) {
                AccessLogAnalyzer.Builder b = AccessLogAnalyzer.builder().format(fmt).zone(z).topN(top);
                if (day == null) {
                    b.allDays();
                } else {
                    b.day(day);
                }
                Progress progress = Progress.forFiles(access, err);
                if (progress != null) {
                    b.progress(progress);
                }
                long started = System.nanoTime();
                summary = b.build().analyze(access);
                accessSeconds = (System.nanoTime() - started) / 1e9;
                if (progress != null) {
                    progress.done();
                }
            }
            ErrorSummary errorSummary = null;
            if (!errors.isEmpty()) {
                ErrorLogAnalyzer.Builder b = ErrorLogAnalyzer.builder().zone(z).topN(top);
                if (day == null) {
                    b.allDays();
                } else {
                    b.day(day);
                }
                errorSummary = b.build().analyze(errors);
            }
            return print(out, err, summary, accessSeconds, errorSummary);
        } catch (LogReadException e) {
            err.println("braid logs: cannot read " + e.getMessage()); // the message starts with the path
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("braid logs: " + braid.core.Failures.inWords(e));
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("braid logs: interrupted");
            err.flush();
            return 1;
        }
    }

    /** The summaries (either may be null) as text or JSON on {@code out}, their warnings on {@code err}; the exit code: 1 when no line could be parsed. */
    private int print(PrintWriter out, PrintWriter err, @Nullable AccessSummary summary, double accessSeconds,
            @Nullable ErrorSummary errorSummary) throws IOException {
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            if (summary != null) root.put("access", accessJson(summary));
            if (errorSummary != null) root.put("errors", errorJson(errorSummary));
            out.println(PrettyJson.of(root));
        } else {
            if (summary != null) printAccess(out, summary, accessSeconds);
            if (errorSummary != null) printErrors(out, errorSummary);
        }
        out.flush();
        int exit = 0;
        if (summary != null) {
            summary.warnings().forEach(w -> err.println("warning: " + w));
            if (summary.overall().requests() + summary.otherDayLines() == 0) {
                String hint = "";
                if (!summary.files().isEmpty() && summary.lines() > 0) {
                    try {
                        hint = braid.logs.LogFormat.detect(summary.files()).filter(f -> !f.name().equals(summary.format()))
                                .map(f -> "; they read as " + f.name() + " (--format " + f.name() + ", or leave --format out)").orElse("");
                    } catch (java.io.IOException e) {
                        // read once already; the line above says enough
                    }
                }
                String files = String.join(", ", summary.files().stream().map(Path::toString).toList());
                if (summary.lines() == summary.ignoredLines()) {
                    // nothing malformed: there was nothing to read (a log rotated a moment ago, or a server not logging)
                    err.println("braid logs: " + files + (summary.files().size() == 1 ? " holds" : " hold") + " no request lines"
                            + (summary.lines() == 0 ? " (empty)" : String.format(java.util.Locale.ROOT,
                            " (%,d blank or comment lines)", summary.ignoredLines())) + ": nothing to summarise");
                } else {
                    err.println("braid logs: no line of " + files + " could be parsed as " + summary.format()
                            + String.format(java.util.Locale.ROOT, " (%,d malformed)", summary.malformedLines()) + hint);
                }
                exit = 1;
            }
        }
        if (errorSummary != null && exit == 0) errorSummary.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        return exit;
    }

    private List<Path> expand(List<Path> given, @Nullable LocalDate day, ZoneId z) throws IOException {
        if (!rotated) {
            return given;
        }
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            out.addAll(day == null ? RotatedLogs.expand(p) : RotatedLogs.expand(p, day, z));
        }
        return out;
    }

    // ---- text ----

    private static void printAccess(PrintWriter o, AccessSummary s, double seconds) {
        o.printf("Access logs: %d file(s), format %s, %s (%s)%n", s.files().size(), s.format(),
                s.day() == null ? "all days" : "day " + s.day(), s.zone());
        printSite(o, s.overall(), "");
        o.printf("%nLines: %,d read, %,d on other days, %,d blank/comment, %,d malformed, %,d truncated (counted)%n",
                s.lines(), s.otherDayLines(), s.ignoredLines(), s.malformedLines(), s.truncatedLines());
        if (seconds > 0) {
            o.printf("Read %s in %.2f s (%.2f GB/s)%n", bytes(s.bytesRead()), seconds, s.bytesRead() / seconds / 1e9);
        }
        for (MalformedLine m : s.malformedSamples()) {
            o.printf("  %s:%d: %s: %s%n", m.file(), m.lineNumber(), m.reason(), m.excerpt());
        }
        if (!s.byVirtualHost().isEmpty()) {
            o.printf("%nVirtual hosts%n");
            o.printf("  %-40s %12s %12s %12s%n", "HOST", "REQUESTS", "VISITORS", "SENT");
            s.byVirtualHost().forEach((h, f) -> o.printf("  %-40s %,12d %,12d %12s%n", h, f.requests(),
                    f.uniqueVisitors(), bytes(f.bytesSent())));
        }
    }

    private static void printSite(PrintWriter o, SiteFigures f, String indent) {
        o.printf("%sRequests %,d   Unique visitors %,d   Sent %s   Bots %.1f %%%n", indent, f.requests(),
                f.uniqueVisitors(), bytes(f.bytesSent()), f.botShare() * 100);
        StringBuilder classes = new StringBuilder();
        f.statusClasses().forEach((c, n) -> classes.append(String.format(Locale.ROOT, "  %s %,d", c, n)));
        o.printf("%sStatus%s%n", indent, classes);
        StringBuilder codes = new StringBuilder();
        f.statusCodes().forEach((c, n) -> codes.append(String.format(Locale.ROOT, "  %d %,d", c, n)));
        o.printf("%sCodes %s%n", indent, codes);
        long max = f.requestsPerHour().stream().mapToLong(Long::longValue).max().orElse(0);
        o.printf("%n%sRequests per hour%n", indent);
        for (int h = 0; h < 24; h++) {
            long n = f.requestsPerHour().get(h);
            int bar = max == 0 ? 0 : (int) Math.round(40.0 * n / max);
            o.printf("%s  %02d %-40s %,d%n", indent, h, "#".repeat(bar), n);
        }
        list(o, indent, "Top paths", f.topPaths());
        list(o, indent, "Top 404 paths", f.top404Paths());
        list(o, indent, "Top 5xx paths", f.top5xxPaths());
        list(o, indent, "Top referring sites", f.topReferringSites());
    }

    private static void list(PrintWriter o, String indent, String title, List<Count> counts) {
        o.printf("%n%s%s%n", indent, title);
        if (counts.isEmpty()) {
            o.printf("%s  (none)%n", indent);
        }
        for (Count c : counts) {
            o.printf("%s  %,10d  %s%n", indent, c.count(), c.key());
        }
    }

    private static void printErrors(PrintWriter o, ErrorSummary s) {
        o.printf("%nError logs: %d file(s), %s (%s)%n", s.files().size(),
                s.day() == null ? "all days" : "day " + s.day(), s.zone());
        StringBuilder lv = new StringBuilder();
        s.levels().forEach((l, n) -> lv.append(String.format(Locale.ROOT, "  %s %,d", l, n)));
        o.printf("Entries %,d  (%s )  other days %,d, continuation/unknown lines %,d%n", s.entries(),
                lv.toString().strip(), s.otherDayLines(), s.continuationLines());
        o.printf("%nTop messages%n");
        for (ErrorMessage m : s.topMessages()) {
            o.printf("  %,8d  [%s] %s%n            first %s, last %s%n", m.count(), m.level(), m.message(),
                    m.firstSeen(), m.lastSeen());
        }
    }

    private static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    // ---- JSON ----

    private static Map<String, Object> accessJson(AccessSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", s.files().stream().map(Path::toString).toList());
        m.put("format", s.format());
        m.put("zone", s.zone().getId());
        m.put("day", s.day() == null ? null : s.day().toString());
        m.put("overall", siteJson(s.overall()));
        Map<String, Object> hosts = new LinkedHashMap<>();
        s.byVirtualHost().forEach((h, f) -> hosts.put(h, siteJson(f)));
        m.put("virtualHosts", hosts);
        m.put("lines", s.lines());
        m.put("otherDayLines", s.otherDayLines());
        m.put("ignoredLines", s.ignoredLines());
        m.put("malformedLines", s.malformedLines());
        m.put("truncatedLines", s.truncatedLines());
        m.put("malformedSamples", s.malformedSamples().stream().map(x -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", x.file().toString());
            e.put("line", x.lineNumber());
            e.put("reason", x.reason());
            e.put("excerpt", x.excerpt());
            return e;
        }).toList());
        m.put("warnings", s.warnings());
        m.put("bytesRead", s.bytesRead());
        return m;
    }

    private static Map<String, Object> siteJson(SiteFigures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", f.requests());
        m.put("uniqueVisitors", f.uniqueVisitors());
        m.put("bytesSent", f.bytesSent());
        m.put("statusClasses", f.statusClasses());
        Map<String, Long> codes = new LinkedHashMap<>();
        f.statusCodes().forEach((c, n) -> codes.put(String.valueOf(c), n));
        m.put("statusCodes", codes);
        m.put("topPaths", counts(f.topPaths()));
        m.put("top404Paths", counts(f.top404Paths()));
        m.put("top5xxPaths", counts(f.top5xxPaths()));
        m.put("topReferringSites", counts(f.topReferringSites()));
        m.put("requestsPerHour", f.requestsPerHour());
        m.put("botRequests", f.botRequests());
        m.put("botShare", f.botShare());
        return m;
    }

    private static List<Map<String, Object>> counts(List<Count> cs) {
        return cs.stream().map(c -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("key", c.key());
            e.put("count", c.count());
            return e;
        }).toList();
    }

    private static Map<String, Object> errorJson(ErrorSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", s.files().stream().map(Path::toString).toList());
        m.put("zone", s.zone().getId());
        m.put("day", s.day() == null ? null : s.day().toString());
        m.put("levels", s.levels());
        m.put("entries", s.entries());
        m.put("otherDayLines", s.otherDayLines());
        m.put("continuationLines", s.continuationLines());
        m.put("topMessages", s.topMessages().stream().map(x -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("level", x.level());
            e.put("message", x.message());
            e.put("count", x.count());
            e.put("firstSeen", x.firstSeen().toString());
            e.put("lastSeen", x.lastSeen().toString());
            return e;
        }).toList());
        m.put("warnings", s.warnings());
        return m;
    }

    /** A progress bar on stderr, only when a terminal is attached and the input is large. */
    private static final class Progress implements LongConsumer {
        private final long total;
        private final PrintWriter err;
        private long lastPrint;

        private Progress(long total, PrintWriter err) {
            this.total = total;
            this.err = err;
        }

        static @Nullable Progress forFiles(List<Path> files, PrintWriter err) {
            if (System.console() == null) {
                return null;
            }
            long total = 0;
            for (Path f : files) {
                try {
                    total += Files.size(f);
                } catch (IOException e) {
                    return null; // the analyser reports the unreadable file
                }
            }
            return total < PROGRESS_MIN_BYTES ? null : new Progress(total, err);
        }

        @Override
        public void accept(long read) {
            long now = System.nanoTime();
            if (now - lastPrint < 200_000_000L) {
                return;
            }
            lastPrint = now;
            int pct = (int) Math.min(100, read * 100 / total);
            err.printf("\r[%-30s] %3d%%  %,d / %,d MiB", "=".repeat(pct * 30 / 100), pct, read >> 20, total >> 20);
            err.flush();
        }

        void done() {
            err.print("\r" + " ".repeat(70) + "\r");
            err.flush();
        }
    }
}
