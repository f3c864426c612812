package braid.report;

import braid.core.Clock;
import braid.core.RunOutcome;
import braid.core.RunResult;
import braid.core.TaskOutcome;
import braid.core.TaskResult;
import braid.mail.SendResult;
import braid.report.config.BraidConfig;
import braid.report.internal.DateLock;
import braid.report.internal.LastRun;
import braid.report.internal.Retention;
import braid.report.internal.RunLog;
import braid.report.internal.Secrets;
import braid.sap.ClientList;
import braid.timeline.BreakdownTable;
import braid.timeline.ConsoleProgress;
import braid.timeline.HtmlTimeline;
import braid.timeline.RunRecord;
import braid.timeline.RunRecorder;
import braid.timeline.TaskRecord;
import braid.web.NewsResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * One {@code braid report run}: the run folder, the live progress, the job, and what it leaves
 * (run.json, timeline.html, report.log, the e-mails of a dry run), the breakdown and the summary.
 */
public final class ReportRun {
    private static final Logger LOG = LoggerFactory.getLogger(ReportRun.class);
    /** A file in the run folder holding disk space for run.json until it is written. */
    public static final String RESERVE = ".run.json.reserve";
    public static final int RESERVE_BYTES = 256 * 1024;

    private final BraidConfig cfg;
    private final ReportOptions opt;
    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    public ReportRun(BraidConfig cfg, ReportOptions opt, Map<String, String> env, Clock clock, PrintStream out, PrintStream err, boolean terminal) {
        this.cfg = cfg;
        this.opt = opt;
        this.env = env;
        this.clock = clock;
        // Everything the run prints passes a mask: remote error messages are quoted, and a server may echo a secret.
        this.out = Secrets.masking(out, cfg.masks());
        this.err = Secrets.masking(err, cfg.masks());
        this.terminal = terminal;
    }

    /** What a run produced, for callers (the demo, tests). */
    public record Outcome(int exitCode, @Nullable Path runDir, @Nullable DailyReport report, @Nullable RunRecord record) {}

    public Outcome run() throws IOException, InterruptedException {
        LocalDate date = DailyJob.reportDate(cfg, opt, clock);
        LocalDate today = LocalDate.ofInstant(clock.instant(), cfg.company().timeZone());
        if (!date.isBefore(today)) {
            // Today's logs hold half a day, a future day's none: refused before anything runs or is sent.
            err.println("braid: report day " + date + " is " + (date.equals(today) ? "today" : "in the future") + " in "
                    + cfg.company().timeZone() + " (company.timeZone; it is " + today + " there): a report covers a day"
                    + " that has ended. Use --date " + today.minusDays(1) + " or earlier.");
            return new Outcome(ExitCode.USAGE, null, null, null);
        }
        Path runDir = opt.out() != null ? opt.out()
                : cfg.stateDir().resolve("runs").resolve(date + "_" + LocalDateTime.ofInstant(clock.instant(), cfg.company().timeZone())
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            if (opt.out() == null) {
                // two runs within one second (a rerun right after a refusal) must not share a folder
                Path base = runDir;
                for (int n = 2; Files.exists(runDir); n++) runDir = base.resolveSibling(base.getFileName() + "-" + n);
            }
            Files.createDirectories(runDir);
            try (DateLock lock = DateLock.acquire(cfg.stateDir(), date)) {
                lock.takenOverFrom().ifPresent(h -> err.println("note: took over the lock of report day " + date + " left by a process that died (" + h + ")"));
                return run(date, runDir);
            }
        } catch (DateLock.HeldException e) {
            err.println("braid: " + e.getMessage());
            return new Outcome(ExitCode.FAILED, runDir, null, null);
        } catch (IOException e) {
            // Before or around the job (a full disk, a state directory that cannot be written): still said in words,
            // and the operators still hear of it.
            String why = Secrets.mask("the run of " + date + " could not go on (state directory " + cfg.stateDir() + "): "
                    + braid.report.internal.Plain.describe(e), cfg.masks());
            LOG.error("{}", why, e);
            String summary = "Summary\n  FAILED  " + why + "\n  nothing was sent\n";
            out.print(summary);
            out.println("Exit " + ExitCode.FAILED + ": " + describe(ExitCode.FAILED));
            if (!opt.dryRun()) Notifier.notify(cfg, ExitCode.FAILED, date, summary, runDir).ifPresent(err::println);
            return new Outcome(ExitCode.FAILED, runDir, null, null);
        }
    }

    private Outcome run(LocalDate date, Path runDir) throws IOException, InterruptedException {
        Set<String> secrets = cfg.masks();
        out.println("braid report · " + cfg.company().name() + " · report day " + date + " (" + cfg.company().timeZone() + ")"
                + (opt.dryRun() ? " · DRY RUN: nothing is sent" : "") + (opt.to() != null ? " · CANARY: every message goes to " + opt.to() : ""));
        if (!cfg.company().translated())
            err.println("warning: company.locale " + cfg.company().locale().toLanguageTag() + " has no translation; the e-mails"
                    + " are in English (braid ships " + String.join(" and ", new java.util.TreeSet<>(braid.report.config.CompanyConfig.LANGUAGES)) + ")");
        RunRecorder recorder = new RunRecorder();
        try {
            // Room for the run record, taken now and given back when it is written: a disk that fills during the run
            // still gets its run.json. Best effort; written, not sparse, so the blocks are really held.
            Files.write(runDir.resolve(RESERVE), new byte[RESERVE_BYTES]);
        } catch (IOException e) {
            Files.deleteIfExists(runDir.resolve(RESERVE));
            LOG.warn("could not reserve space for run.json in {}: {}", runDir, e.toString());
        }
        DailyReport result;
        try (RunLog log = new RunLog(runDir.resolve("report.log"));
             ConsoleProgress progress = terminal ? ConsoleProgress.tty(err) : ConsoleProgress.plain(err, opt.verbose())) {
            LOG.info("report day {}, run folder {}, dry run {}", date, runDir, opt.dryRun());
            try (StopSignals signals = StopSignals.install(err)) {
                result = new DailyJob(cfg, opt, date, runDir, env, clock).run(signals::running, recorder, progress);
            }
            LOG.info("run ended: {}", result.run().outcome());
            logOutcome(result, recorder.record()); // into report.log, which closes with this block
        }
        RunRecord record = recorder.record();
        // Nothing after the run may hide its outcome: a file that cannot be written (a full disk) becomes a warning
        // in the summary, and the summary, exit code and notice still come.
        List<String> problems = new ArrayList<>();
        attempt(problems, "run.json", () -> {
            try {
                writeRunJson(record, result, runDir.resolve("run.json"));
            } catch (IOException full) {
                // The disk filled during the run: give back the space reserved at its start and write the record there.
                if (!Files.deleteIfExists(runDir.resolve(RESERVE))) throw full;
                writeRunJson(record, result, runDir.resolve("run.json"));
            }
        });
        attempt(problems, "space reserved for run.json", () -> Files.deleteIfExists(runDir.resolve(RESERVE)));
        attempt(problems, "timeline.html", () -> Files.writeString(runDir.resolve("timeline.html"), HtmlTimeline.render(record,
                new braid.timeline.PageContext(cfg.company().timeZone(), result.outcomeFigures())), StandardCharsets.UTF_8));
        int code = result.exitCode();
        out.println();
        out.print(BreakdownTable.render(record));
        out.println();
        if (code == ExitCode.OK && !opt.dryRun() && opt.to() == null && opt.only().isEmpty())
            attempt(problems, "last-run.json", () -> rememberSuccess(date, result, record));
        if (opt.out() == null) {
            attempt(problems, "retention", () -> {
                List<Path> removed = Retention.apply(java.util.Objects.requireNonNull(runDir.getParent()), cfg.retention().days(), cfg.retention().runs(), runDir, clock.instant());
                if (!removed.isEmpty()) LOG.info("retention removed {} old run folder(s)", removed.size());
            });
        }
        if (opt.out() == null)
            attempt(problems, "runs/index.html", () -> braid.report.internal.RunsIndex.write(java.util.Objects.requireNonNull(runDir.getParent()), runDir,
                    cfg.company().timeZone(), cfg.company().name()));
        attempt(problems, "secret scrub", () -> {
            List<Path> scrubbed = Secrets.scrub(runDir, secrets);
            if (!scrubbed.isEmpty()) err.println("warning: a secret value was found and masked in " + scrubbed + " — please report this as a bug");
        });
        java.io.ByteArrayOutputStream summaryBytes = new java.io.ByteArrayOutputStream(); // also the operator notification's body
        PrintStream summaryOut = new PrintStream(summaryBytes, true, StandardCharsets.UTF_8);
        printSummary(summaryOut, result, code);
        for (String p : problems) summaryOut.println("  warning      " + Secrets.mask(p, secrets));
        String summary = summaryBytes.toString(StandardCharsets.UTF_8);
        out.print(summary);
        out.println("Run folder: " + runDir.toAbsolutePath() + "  (run.json, timeline.html, report.log" + (opt.dryRun() ? ", emails/index.html" : "") + ")");
        out.println("Exit " + code + ": " + (opt.dryRun() && code == ExitCode.OK
                ? "dry run: nothing was sent; every message was written to " + runDir.resolve("emails").toAbsolutePath()
                : describe(code)));
        if (!opt.dryRun()) Notifier.notify(cfg, code, date, summary, runDir).ifPresent(err::println);
        // a report that went out well still tells the operators of failing health checks (a failed one's notice has them)
        if (!opt.dryRun() && code == ExitCode.OK && result.health().isPresent() && !result.health().get().failing().isEmpty())
            Notifier.healthNotice(cfg, date, result.health().get(), runDir).ifPresent(err::println);
        return new Outcome(code, runDir, result, record);
    }

    /**
     * Writes what the run did to report.log, one logfmt line per fact, to grep for ({@code grep 'client=1000001'}):
     * every step with its outcome and times, every warning, and every message's outcome with its Message-ID.
     */
    private void logOutcome(DailyReport report, RunRecord record) {
        Set<String> masks = cfg.masks();
        try (var ignored = org.slf4j.MDC.putCloseable("run", "report")) {
            for (TaskRecord t : record.tasks()) {
                if (t.parent() != null) continue;
                LOG.info("event=step name={} outcome={} start_ms={} duration_ms={}{}", logfmt(t.name()),
                        t.outcome().name().toLowerCase(java.util.Locale.ROOT), t.started() ? t.startNanos() / 1_000_000 : -1,
                        t.started() ? (t.endNanos() - t.startNanos()) / 1_000_000 : 0,
                        t.error() == null ? "" : " error=" + logfmt(Secrets.mask(t.error(), masks)));
            }
            // The Java detail of each failure goes to report.log (and with --verbose to the terminal), never by default
            // to the terminal: there it is one line in words.
            for (TaskResult f : report.failures()) {
                if (f.error() == null) continue;
                java.io.StringWriter trace = new java.io.StringWriter();
                f.error().printStackTrace(new java.io.PrintWriter(trace));
                String masked = Secrets.mask(trace.toString(), masks);
                LOG.info("event=trace step={} detail follows\n{}", logfmt(f.name()), masked.stripTrailing());
                if (opt.verbose()) err.println("detail of " + f.name() + " (--verbose):\n" + masked.stripTrailing());
            }
            report.delivery().ifPresent(d -> d.warnings().forEach(w -> LOG.info("event=warning text={}", logfmt(w))));
            Optional<SendResult> sent = report.delivery().flatMap(DailyJob.Delivery::sent).or(report::stoppedSend);
            sent.ifPresent(r -> {
                r.sent().forEach(m -> mailLine("sent", m, null));
                r.alreadySent().forEach(m -> mailLine("already_sent", m, null));
                r.suppressed().forEach(m -> mailLine("suppressed", m, null));
                r.uncertain().forEach(m -> mailLine("uncertain", m, null));
                r.failed().forEach(f -> mailLine("failed", f.message(), f.replyCode() + " " + f.reply()));
                r.invalid().forEach(i -> LOG.info("event=mail client={} address={} outcome=invalid reason={}",
                        logfmt(i.clientId()), logfmt(i.email()), logfmt(i.reason())));
                r.warnings().forEach(w -> LOG.info("event=warning text={}", logfmt(w)));
            });
            LOG.info("event=end outcome={} exit={}{}", report.run().outcome().name().toLowerCase(java.util.Locale.ROOT),
                    report.exitCode(), opt.dryRun() ? " dry_run=true" : "");
        }
    }

    private static void mailLine(String outcome, SendResult.Message m, @Nullable String reply) {
        LOG.info("event=mail client={} address={} outcome={} message_id={}{}", logfmt(m.clientId()), logfmt(m.email()),
                outcome, logfmt(m.messageId()), reply == null ? "" : " reply=" + logfmt(reply));
    }

    /** A logfmt value: bare when it has no space, quote or equals sign, else quoted with escapes. */
    static String logfmt(String v) {
        if (v == null) return "\"\"";
        if (!v.isEmpty() && v.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\')) return v;
        return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    /**
     * run.json: the engine's run record, plus a {@code "report"} object with the business outcome (the exit code and
     * every message by outcome with its client id), which the record's reader skips as a field it does not know.
     */
    private void writeRunJson(RunRecord record, DailyReport report, Path file) throws IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        record.write(bytes);
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(bytes.toByteArray());
        var r = root.putObject("report");
        r.put("day", report.day().toString());
        r.put("exitCode", report.exitCode());
        r.put("dryRun", opt.dryRun());
        report.clients().ifPresent(c -> r.put("clients", c.clients().size()));
        Optional<SendResult> sent = report.delivery().flatMap(DailyJob.Delivery::sent).or(report::stoppedSend);
        sent.ifPresent(m -> {
            var mail = r.putObject("mail");
            java.util.function.BiConsumer<String, List<SendResult.Message>> list = (name, messages) -> {
                var a = mail.putArray(name);
                messages.forEach(x -> a.addObject().put("client", x.clientId()).put("messageId", x.messageId()));
            };
            list.accept("sent", m.sent());
            list.accept("alreadySent", m.alreadySent());
            list.accept("suppressed", m.suppressed());
            list.accept("uncertain", m.uncertain());
            var failed = mail.putArray("failed");
            m.failed().forEach(f -> failed.addObject().put("client", f.message().clientId()).put("messageId", f.message().messageId())
                    .put("reply", f.replyCode() + " " + f.reply()));
            var invalid = mail.putArray("invalid");
            m.invalid().forEach(i -> invalid.addObject().put("client", i.clientId()).put("reason", i.reason()));
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void attempt(List<String> problems, String what, Step step) {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write {}", what, e);
            problems.add("could not write " + what + ": " + braid.report.internal.Plain.describe(e));
        }
    }

    private void rememberSuccess(LocalDate date, DailyReport result, RunRecord record) throws IOException {
        Map<String, Long> durations = new LinkedHashMap<>();
        for (TaskRecord t : record.tasks())
            if (t.parent() == null && t.started()) durations.put(t.name(), (t.endNanos() - t.startNanos()) / 1_000_000);
        ClientList clients = result.clients().orElseThrow();
        new LastRun(date, clients.clients().size(), durations).write(cfg.stateDir());
    }

    static String describe(int code) {
        return switch (code) {
            case ExitCode.OK -> "everything that could be sent was sent";
            case ExitCode.FAILED -> "the run failed";
            case ExitCode.PARTIAL -> "partial: some e-mails failed or are uncertain";
            default -> "bad usage or configuration";
        };
    }

    /** The summary of a run, computed from its typed report alone. */
    private void printSummary(PrintStream out, DailyReport report, int code) {
        Set<String> secrets = cfg.masks();
        out.println("Summary");
        RunResult r = report.run();
        if (r.outcome() != RunOutcome.SUCCEEDED) {
            for (TaskResult t : report.failures())
                out.println("  FAILED  " + t.name() + ": " + Secrets.mask(message(t.error()), secrets));
            if (r.outcome() == RunOutcome.DEADLINE_EXCEEDED) out.println("  FAILED  the run's deadline passed");
            if (!report.sendStarted()) out.println("  nothing was sent");
            else report.stoppedSend().ifPresent(sent -> printSent(out, sent));
        }
        report.news().ifPresent(n -> {
            int shown = cfg.website().map(w -> w.maxItems()).orElse(n.items().size());
            out.println("  news         " + n.items().size() + " items (" + n.source().name().toLowerCase(java.util.Locale.ROOT)
                    + " " + n.fetchedFrom() + ")" + (n.items().size() > shown
                    ? "; the newest " + shown + " in each e-mail (website.maxItems)" : ""));
        });
        if (report.news().isEmpty() && cfg.website().isPresent()) {
            Optional<TaskResult> failed = report.failures().stream().filter(t -> t.name().equals(DailyJob.WEBSITE)).findFirst();
            failed.ifPresent(t -> out.println("  news         none — website failed: " + Secrets.mask(message(t.error()), secrets)));
            // an optional website still retrying when the e-mails had gone out is cancelled, not failed: say so too
            TaskResult web = r.tasks().get(DailyJob.WEBSITE);
            if (failed.isEmpty() && web != null && web.outcome() == braid.core.TaskOutcome.CANCELLED && r.outcome() == RunOutcome.SUCCEEDED)
                out.printf(java.util.Locale.ROOT, "  news         none — website failed: not read in time (cancelled after %.2f s, %d attempt(s)); "
                        + "the e-mails went out without news%n", (web.endNanos() - web.startNanos()) / 1e9, web.attempts());
        }
        if (report.figures().isPresent()) {
            DailyJob.LogFigures f = report.figures().get();
            var a = f.access();
            out.printf("  logs         %,d requests on %s from %d file(s); %,d lines of other days; %,d malformed%s; %d virtual hosts%n",
                    a.overall().requests(), a.day(), a.files().size(), a.otherDayLines(), a.malformedLines(),
                    a.truncatedLines() > 0 ? String.format(" (%,d truncated but counted)", a.truncatedLines()) : "",
                    a.byVirtualHost().size());
            for (String w : a.warnings()) {
                out.println("  warning      " + w);
                LOG.info("warning, access log: {}", w);
            }
            for (var m : a.malformedSamples()) LOG.info("malformed line {}:{}: {}", m.file(), m.lineNumber(), m.reason());
            f.errors().ifPresent(e -> {
                out.println("  error log    " + (e.levels().isEmpty() ? "no entries on the day"
                        : e.levels().entrySet().stream().map(l -> l.getKey() + " " + String.format("%,d", l.getValue()))
                                .collect(java.util.stream.Collectors.joining(" · "))));
                for (String w : e.warnings()) {
                    out.println("  warning      " + w);
                    LOG.info("warning, error log: {}", w);
                }
            });
        }
        if (report.delivery().isPresent()) {
            DailyJob.Delivery d = report.delivery().get();
            out.println("  clients      " + d.clients().summary());
            for (var i : d.clients().invalid()) {
                // named so the address can be fixed in SAP; never mailed
                out.println("  invalid      " + i.partnerId() + " " + i.address() + ": " + i.reason());
                LOG.info("client {} has an invalid e-mail address in SAP ({}): {}", i.partnerId(), i.address(), i.reason());
            }
            out.println("  own site     " + d.matchedSites() + " clients get their own site's figures");
            d.sent().ifPresent(sent -> printSent(out, sent));
            d.dryRun().ifPresent(dr -> {
                out.println("  dry run      " + dr.messages().size() + " messages rendered, " + dr.suppressed().size()
                        + " suppressed, " + dr.invalid().size() + " invalid; preview: " + dr.index().toAbsolutePath());
                out.println("  journal      a real run now would send " + dr.wouldSend() + " · skip " + dr.alreadySent().size()
                        + " already sent · hold " + dr.uncertain().size() + " uncertain");
                for (SendResult.Message u : dr.uncertain())
                    out.println("  uncertain    " + u.clientId() + " <" + u.email() + "> " + u.messageId() + " — a real run holds it");
            });
            for (String w : d.warnings()) out.println("  warning      " + w);
        }
        report.health().ifPresent(h -> {
            java.util.Map<braid.health.Status, Long> by = new java.util.EnumMap<>(braid.health.Status.class);
            for (var c : h.checks()) by.merge(c.status(), 1L, Long::sum);
            out.println("  health       " + h.checks().size() + (h.checks().size() == 1 ? " check: " : " checks: ") + by.entrySet().stream()
                    .map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", ")));
            for (var c : h.failing()) out.println(String.format("  %-12s %s: %s", c.status(), c.name(), Secrets.mask(c.message(), secrets)));
        });
    }

    private static void printSent(PrintStream out, SendResult s) {
        out.printf("  sent %d · already sent %d · suppressed %d · failed %d · uncertain %d · invalid %d%s%n",
                s.sent().size(), s.alreadySent().size(), s.suppressed().size(), s.failed().size(), s.uncertain().size(), s.invalid().size(),
                s.canary() ? " (canary: journal untouched)" : "");
        // One line per cause: a server that is down fails every message the same way; listing 30 equal lines
        // hides the cause. Each client stays in report.log and run.json.
        var byCause = new java.util.LinkedHashMap<String, java.util.List<SendResult.Failure>>();
        for (SendResult.Failure f : s.failed())
            byCause.computeIfAbsent((f.replyCode() > 0 ? f.replyCode() + " " : "") + f.reply(), k -> new java.util.ArrayList<>()).add(f);
        byCause.forEach((cause, fs) -> {
            if (fs.size() <= 3) {
                for (SendResult.Failure f : fs)
                    out.println("  failed       " + f.message().clientId() + " <" + f.message().email() + ">: " + cause);
            } else {
                out.println("  failed       " + fs.size() + " clients: " + cause + " (" + fs.stream().limit(3)
                        .map(f -> f.message().clientId()).collect(java.util.stream.Collectors.joining(", "))
                        + ", … — each in report.log)");
            }
        });
        for (SendResult.Message u : s.uncertain())
            out.println("  uncertain    " + u.clientId() + " <" + u.email() + "> " + u.messageId()
                    + " — look it up in the mail server's log; --resend ID or --resend-uncertain sends it again");
        for (SendResult.Invalid i : s.invalid())
            out.println("  invalid      " + i.clientId() + " " + i.email() + ": " + i.reason());
        for (String w : s.warnings()) out.println("  warning      " + w);
    }

    /** A step's failure as one line in words: its root cause, no Java class name, URLs without their query. */
    static String message(@Nullable Throwable t) {
        return braid.report.internal.Plain.rootCause(t);
    }
}
