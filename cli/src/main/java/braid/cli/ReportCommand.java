package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.core.Clock;
import braid.core.TaskInfo;
import braid.report.DailyJob;
import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.report.config.BraidConfig;
import braid.report.config.ConfigException;
import braid.report.config.ConfigProblem;
import braid.report.internal.LastRun;
import braid.timeline.CriticalPath;
import braid.timeline.Mermaid;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code braid report}: the daily client report. */
@Command(name = "report", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"2:no or an unknown command"},
        description = "The daily client report: website news, yesterday's logs and the SAP clients at once, then one e-mail per client.",
        subcommands = {ReportCommand.Run.class, ReportCommand.Plan.class, ReportCommand.Status.class, ReportCommand.History.class})
public final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Main.missingSubcommand(spec);
    }

    /** Loads the config or prints every problem and returns null (the caller exits 2). */
    static @Nullable BraidConfig load(Path file, PrintStream err) {
        return load(file, System.getenv(), err);
    }

    /**
     * The configuration for a command that reads braid's own files or the logs and sends no secret anywhere
     * ({@code report status}, {@code report history}, {@code logs --config}; not {@code news --config}, whose proxy may
     * take a password): a
     * {@code ${VAR}} the shell has not set (the SAP and SMTP passwords live in cron's or systemd's environment, not
     * in the operator's shell) is no reason to refuse showing what was sent.
     */
    static @Nullable BraidConfig loadForReading(Path file, PrintStream err) {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}").matcher(java.nio.file.Files.readString(file));
            while (m.find()) env.putIfAbsent(m.group(1), "(not set; not needed by this command)");
        } catch (java.io.IOException | RuntimeException e) {
            // the loader below says what is wrong with the file
        }
        return load(file, env, err);
    }

    private static @Nullable BraidConfig load(Path file, Map<String, String> env, PrintStream err) {
        try {
            return BraidConfig.load(file, env);
        } catch (ConfigException e) {
            err.println("braid: the configuration has " + e.problems().size() + " problem(s):");
            for (ConfigProblem p : e.problems()) err.println("  " + p);
            return null;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the daily report for one day and mails every client (or renders the mails with --dry-run).",
                    "Rerunning a day is safe: the send journal of that day sends only what was not sent yet."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:everything that could be sent was sent (invalid addresses are warnings)",
                    "1:the run failed (SAP down, SMTP down or refusing auth, no log lines for the date, zero clients)",
                    "2:bad usage or configuration",
                    "3:partial: some e-mails failed or are uncertain (see the summary)"})
    public static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "braid.yaml (see docs/configuration.md).")
        Path config;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = IsoDate.class, description = "The report day (default: yesterday in company.timeZone). Backfills a missed day.")
        @Nullable LocalDate date;

        @Option(names = "--dry-run", description = "Render every message to .eml files and an index.html preview in the run folder; connect to no mail server.")
        boolean dryRun;

        @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: <stateDir>/runs/<date>_<time>).")
        @Nullable Path out;

        @Option(names = {"-v", "--verbose"}, description = "Print every task's start and end even when not in a terminal, and each failure's Java detail (always in the run folder's report.log).")
        boolean verbose;

        @Option(names = "--resend", paramLabel = "MESSAGE-ID", description = "Send this message again although the journal has it (repeatable).")
        List<String> resend = List.of();

        @Option(names = "--resend-uncertain", description = "Send again every message whose acceptance is uncertain.")
        boolean resendUncertain;

        @Option(names = "--resend-all", description = "Start the date over: send every message again.")
        boolean resendAll;

        @Option(names = "--force", description = "Send although the client count tripped a safety brake (report.minClients, report.maxClientDrop).")
        boolean force;

        @Option(names = "--only", paramLabel = "CLIENT-ID", description = "Limit the run to these clients (repeatable).")
        List<String> only = List.of();

        @Option(names = "--allow-partial-logs", description = "Send although the access logs do not cover the whole report day (a gap longer than logs.maxGap at its start or end); the gap is then a warning. Without it such a run stops before any e-mail, exit 1.")
        boolean allowPartialLogs;

        @Option(names = "--test", description = "Test run: every client's message goes to mail.testRecipient instead (as --to does); the journal is not touched. Refused when mail.testRecipient is not set.")
        boolean test;

        @Option(names = "--to", paramLabel = "ADDRESS", description = "Canary: send every client's message to this one address instead; the journal is not touched.")
        @Nullable String to;

        @Override
        public Integer call() throws Exception {
            LocalDate day = date;
            if (to != null && !to.matches("[^@\\s<>]+@[^@\\s<>]+"))
                throw new ParameterException(spec.commandLine(), "--to must be an e-mail address, was '" + to + "'");
            BraidConfig cfg = load(config, System.err);
            if (cfg == null) return ExitCode.USAGE;
            if (test) {
                if (to != null)
                    throw new ParameterException(spec.commandLine(), "choose --test (to mail.testRecipient) or --to ADDRESS, not both");
                if (cfg.mail().testRecipient().isEmpty())
                    throw new ParameterException(spec.commandLine(), "--test sends to mail.testRecipient, which " + config + " does not set");
                to = cfg.mail().testRecipient().get().address();
            }
            ReportOptions opt = new ReportOptions(day, dryRun, out, verbose, new LinkedHashSet<>(resend), resendUncertain,
                    resendAll, force, new LinkedHashSet<>(only), to, allowPartialLogs);
            boolean terminal = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
            return new ReportRun(cfg, opt, System.getenv(), Clock.system(), System.out, System.err, terminal).run().exitCode();
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the plan was printed", "2:bad usage or configuration"},
            description = "Draws the job's flowchart as text: the steps in stages with their expected durations and the critical path — from the last run's durations if there is one, else from the configured timeouts — without contacting anything.")
    public static final class Plan implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "braid.yaml")
        Path config;

        @Option(names = "--mermaid", description = "Print the flowchart as Mermaid (for a Markdown page or mermaid.live) instead.")
        boolean mermaid;

        @Override
        public Integer call() {
            BraidConfig cfg = load(config, System.err);
            if (cfg == null) return ExitCode.USAGE;
            DailyJob job = new DailyJob(cfg, ReportOptions.DEFAULT, DailyJob.reportDate(cfg, ReportOptions.DEFAULT, Clock.system()),
                    cfg.stateDir(), Map.of(), Clock.system());
            List<TaskInfo> graph = job.graph().tasks();
            Optional<LastRun> last = LastRun.read(cfg.stateDir());
            Map<String, Duration> expected = new LinkedHashMap<>();
            String source;
            if (last.isPresent() && last.get().durationsMillis().keySet().containsAll(graph.stream().map(TaskInfo::name).toList())) {
                last.get().durationsMillis().forEach((k, v) -> expected.put(k, Duration.ofMillis(v)));
                source = "durations of the last successful run (" + last.get().date() + ")";
            } else {
                cfg.website().ifPresent(w -> expected.put(DailyJob.WEBSITE, w.timeout().multipliedBy(w.retries() + 1)));
                expected.put(DailyJob.LOGS, cfg.logs().timeout());
                expected.put(DailyJob.SAP, cfg.sap().timeout().multipliedBy(cfg.sap().retries() + 1));
                expected.put(DailyJob.BRAKES, Duration.ZERO);
                expected.put(DailyJob.SEND, cfg.mail().smtp().connectTimeout().plus(cfg.mail().smtp().writeTimeout()));
                // the checks of a step run at once: the longest timeout bounds it
                cfg.health().ifPresent(h -> {
                    for (braid.health.HealthCheck c : h.checks()) {
                        String step = c instanceof braid.health.HealthCheck.ClientWebsites ? DailyJob.CLIENT_SITES : DailyJob.HEALTH;
                        expected.merge(step, c.timeout(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                });
                source = "configured timeouts (upper bounds; no successful run yet)";
            }
            PrintStream o = System.out;
            if (mermaid) {
                o.print(Mermaid.render(graph, expected));
                return ExitCode.OK;
            }
            o.println("Expected from " + source + ":");
            o.print(braid.timeline.TextPlan.render(graph, expected));
            return ExitCode.OK;
        }

    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "What was sent for a report day, from its send journal: every message with its state (sent, uncertain, failed) and Message-ID, and the day's run folders. Reads only; while a run of that day holds the journal, it says so.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the day's status was printed (also when nothing was sent)", "2:bad usage or configuration",
                    "3:the day has uncertain messages"})
    public static final class Status implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "braid.yaml")
        Path config;

        @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = IsoDate.class, description = "The report day (default: yesterday in company.timeZone).")
        @Nullable LocalDate date;

        @Option(names = "--client", paramLabel = "ID", description = "Only this client's message.")
        @Nullable String client;

        @Override
        public Integer call() throws Exception {
            BraidConfig cfg = loadForReading(config, System.err);
            if (cfg == null) return ExitCode.USAGE;
            LocalDate day = DailyJob.reportDate(cfg, ReportOptions.DEFAULT.withDate(date), Clock.system());
            PrintStream o = System.out;
            Path mailState = braid.report.internal.Wiring.mailStateDir(cfg);
            Path journal = mailState.resolve("mail-journal").resolve(day + ".journal");
            o.println("braid report status · " + cfg.company().name() + " · report day " + day);
            int uncertain = 0;
            if (!java.nio.file.Files.exists(journal)) {
                o.println("  nothing was sent for " + day + " (no send journal)");
            } else {
                java.util.List<braid.mail.SendJournal.Entry> entries;
                try (braid.mail.SendJournal j = braid.mail.SendJournal.open(mailState, day)) {
                    entries = j.entries();
                } catch (java.io.IOException e) {
                    System.err.println("braid: " + braid.report.internal.Plain.describe(e));
                    return ExitCode.FAILED;
                }
                Map<braid.mail.SendJournal.State, Long> counts = new java.util.EnumMap<>(braid.mail.SendJournal.State.class);
                for (var e : entries) {
                    if (client != null && !client.equals(e.clientId())) continue;
                    counts.merge(e.state(), 1L, Long::sum);
                    String state = switch (e.state()) {
                        case ACCEPTED -> "sent";
                        case UNCERTAIN -> "uncertain";
                        case FAILED -> "failed";
                        case NONE -> "none";
                    };
                    if (e.state() == braid.mail.SendJournal.State.UNCERTAIN) uncertain++;
                    o.printf("  %-10s %-12s %-40s %s%s%n", state, e.clientId(), e.email(), e.messageId(),
                            e.detail().isEmpty() ? "" : "  " + e.detail());
                }
                o.printf("  sent %d · uncertain %d · failed %d%n", counts.getOrDefault(braid.mail.SendJournal.State.ACCEPTED, 0L),
                        counts.getOrDefault(braid.mail.SendJournal.State.UNCERTAIN, 0L), counts.getOrDefault(braid.mail.SendJournal.State.FAILED, 0L));
                if (uncertain > 0)
                    o.println("  uncertain messages may have arrived: look them up in the mail server's log; --resend ID or --resend-uncertain sends them again");
            }
            Path runs = cfg.stateDir().resolve("runs");
            if (java.nio.file.Files.isDirectory(runs)) {
                try (var s = java.nio.file.Files.list(runs)) {
                    for (Path r : s.filter(p -> p.getFileName().toString().startsWith(day + "_")).sorted().toList())
                        o.println("  run folder " + r.toAbsolutePath());
                }
            }
            return uncertain > 0 ? ExitCode.PARTIAL : ExitCode.OK;
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the history was printed (also when there is none)",
                    "2:bad usage or configuration"},
            description = "One line per run of the last days, newest first: report day, start, outcome (a dry run says so), exit code, messages sent, already sent by an earlier run, failed and uncertain, duration. From the run folders' run.json and report.log.")
    public static final class History implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "braid.yaml")
        Path config;

        @Option(names = "--days", paramLabel = "N", defaultValue = "14", description = "Runs of report days within the last N days (default ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() throws Exception {
            if (days < 1) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--days must be 1 or more, was " + days);
            BraidConfig cfg = loadForReading(config, System.err);
            if (cfg == null) return ExitCode.USAGE;
            Path runs = cfg.stateDir().resolve("runs");
            PrintStream o = System.out;
            o.printf("%-10s  %-19s  %-18s  %4s  %5s  %7s  %6s  %9s  %9s%n", "day", "started", "outcome", "exit", "sent", "already", "failed",
                    "uncertain", "duration");
            LocalDate since = LocalDate.now(cfg.company().timeZone()).minusDays(days);
            for (var r : braid.report.internal.RunsIndex.list(runs, cfg.company().timeZone())) {
                if (r.day().isBefore(since)) continue;
                o.printf("%-10s  %-19s  %-18s  %4s  %5d  %7d  %6d  %9d  %9s%n", r.day(),
                        r.started().map(t -> t.toString().replace('T', ' ')).orElse("?"), r.outcomeInWords(),
                        r.exit().map(String::valueOf).orElse("?"), r.sent(), r.alreadySent(), r.failed(), r.uncertain(),
                        r.duration().map(braid.core.Failures::duration).orElse("?"));
            }
            if (java.nio.file.Files.exists(runs.resolve("index.html"))) o.println("All runs: " + runs.resolve("index.html").toAbsolutePath());
            return ExitCode.OK;
        }

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;
    }
}
