package braid.report.check;

import org.jspecify.annotations.Nullable;
import braid.core.Clock;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import braid.core.RunFailedException;
import braid.core.TaskFailedException;
import braid.core.TaskTimeoutException;
import braid.report.DailyJob;
import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.config.BraidConfig;
import braid.report.config.ConfigException;
import braid.report.config.ConfigProblem;
import braid.report.config.SmtpConfig;
import braid.report.config.WebsiteConfig;
import braid.report.internal.Secrets;
import braid.sap.Probe;
import braid.web.NewsFetchException;
import braid.web.NewsResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * The preflight of {@code braid check}: reads one page from SAP, opens and closes an SMTP session, reads the
 * website's news, and checks the report day's log files and the state directory, all at once on the engine,
 * without sending anything or writing state.
 *
 * <pre>{@code
 * List<CheckResult> results = Preflight.run(config, day, System.getenv(), Clock.system());
 * results.forEach(r -> System.out.println(r.line()));
 * }</pre>
 *
 * <p>Every check that fails is reported, optional ones included: a website that is down fails the check
 * although the daily run would still send (without news), because a warning is not a pass. Stateless and
 * thread-safe.
 */
public final class Preflight {
    static final String SAP = "sap";
    static final String SMTP = "smtp";
    static final String WEBSITE = "website";
    static final String LOGS = "logs";
    static final String STATE = "state";

    /** Added to the configured timeouts for the engine's own guard, which only matters if a library ignores them. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private Preflight() {}

    /**
     * Runs every check concurrently and returns the results in a fixed order: sap, smtp, website, logs (one per
     * configured log), state. Never throws for a failing system; that is a failed result.
     *
     * @param day the report day whose log files are checked
     * @param env the environment for proxies ({@code https_proxy}); the config is already resolved
     * @throws InterruptedException if interrupted while the checks run (they are cancelled)
     */
    public static List<CheckResult> run(BraidConfig cfg, LocalDate day, Map<String, String> env, Clock clock)
            throws InterruptedException {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(clock, "clock");
        Set<String> secrets = cfg.masks();
        Engine engine = Engine.builder().clock(clock).build();
        try {
            return engine.scope("braid check", scope -> {
                List<Check> checks = checks(cfg, day, env);
                List<Fork<CheckResult>> forks = new ArrayList<>();
                for (Check c : checks) {
                    // Optional: one failing check must not cancel the others, every line is wanted.
                    forks.add(scope.fork(c.name() + " " + c.target(), Policy.DEFAULT.optional().withTimeout(c.guard()),
                            ctx -> timed(c, ctx.clock(), secrets)));
                }
                List<CheckResult> out = new ArrayList<>();
                for (int i = 0; i < checks.size(); i++) {
                    Check c = checks.get(i);
                    try {
                        out.add(forks.get(i).join());
                    } catch (TaskFailedException e) {
                        // Only the engine's guard (a timeout) or an unexpected error gets here; timed() catches the rest.
                        Throwable cause = e.getCause() == null ? e : e.getCause();
                        out.add(new CheckResult(c.name(), c.target(), CheckResult.Status.FAILED,
                                Secrets.mask(message(cause), secrets), c.guard()));
                    }
                }
                return out;
            });
        } catch (RunFailedException e) {
            if (e.getCause() instanceof InterruptedException ie) throw ie;
            throw e;
        }
    }

    /**
     * Loads {@code configFile}, runs the checks and prints one line per check to {@code out}.
     *
     * @param day the report day, or null for yesterday in {@code company.timeZone}
     * @return {@link ExitCode#OK} when every check passed, {@link ExitCode#FAILED} when one failed,
     *         {@link ExitCode#USAGE} when the configuration is invalid (its problems printed to {@code err})
     */
    public static int runAndPrint(Path configFile, @Nullable LocalDate day, Map<String, String> env, Clock clock, PrintStream out,
                                  PrintStream err) throws InterruptedException {
        BraidConfig cfg;
        try {
            cfg = BraidConfig.load(configFile, env);
        } catch (ConfigException e) {
            err.println("braid: the configuration has " + e.problems().size() + " problem(s):");
            for (ConfigProblem p : e.problems()) err.println("  " + p);
            return ExitCode.USAGE;
        }
        LocalDate date = DailyJob.reportDate(cfg, ReportOptions.DEFAULT.withDate(day), clock);
        out.println("braid check · " + cfg.company().name() + " · report day " + date + " (" + cfg.company().timeZone()
                + ") · nothing is sent");
        long start = clock.nanoTime();
        List<CheckResult> results = run(cfg, date, env, clock);
        String wall = String.format(Locale.ROOT, " (%.1f s, at once)", (clock.nanoTime() - start) / 1e9);
        for (CheckResult r : results) out.println(r.line());
        long failed = results.stream().filter(CheckResult::failed).count();
        long checked = results.stream().filter(r -> r.status() != CheckResult.Status.SKIPPED).count();
        out.println((failed == 0 ? "All " + checked + " checks passed" : failed + " of " + checked + " checks failed") + wall + ".");
        return failed == 0 ? ExitCode.OK : ExitCode.FAILED;
    }

    /** One check to run: what it is called, what it looks at, its body and the engine's guard for it. */
    private record Check(String name, String target, Duration guard, @Nullable Body body) {}

    @FunctionalInterface
    private interface Body {
        /** The detail of a passed check; any exception fails it. */
        String run() throws Exception;
    }

    private static List<Check> checks(BraidConfig cfg, LocalDate day, Map<String, String> env) {
        List<Check> checks = new ArrayList<>();
        var sap = cfg.sap();
        // A token request and the page request, each within the page timeout.
        checks.add(new Check(SAP, sap.url().toString(), sap.timeout().multipliedBy(2).plus(SLACK), () -> {
            Probe p = SapProbe.readOnePage(sap, env);
            if (p.partnersRead() == 0)
                throw new IOException("SAP returned no partners" + (sap.filter().isPresent() ? " for the configured filter" : "")
                        + ": the run would find no clients");
            return p.partnersRead() + (p.partnersRead() == 1 ? " partner" : " partners") + " read"
                    + (p.total().isPresent() ? String.format(" (%,d in total)", p.total().getAsLong()) : "");
        }));
        SmtpConfig smtp = cfg.mail().smtp();
        // Connect, then greeting, EHLO, STARTTLS, EHLO, AUTH: each reply within the read timeout.
        checks.add(new Check(SMTP, smtp.host() + ":" + smtp.port(),
                smtp.connectTimeout().plus(smtp.readTimeout().multipliedBy(6)).plus(SLACK),
                () -> "session opened and closed (" + SmtpProbe.connect(cfg.mail()) + "), nothing sent"));
        if (cfg.website().isPresent()) {
            WebsiteConfig w = cfg.website().get();
            // The page and the feed it may link.
            checks.add(new Check(WEBSITE, w.url().toString(), w.timeout().multipliedBy(2).plus(SLACK), () -> {
                NewsResult n;
                try {
                    n = WebsiteProbe.read(w);
                } catch (NewsFetchException e) {
                    if (w.required()) throw e;
                    throw new IOException(e.getMessage() + " (optional in the run: the reports would go out without news)", e);
                }
                return n.items().size() + (n.items().size() == 1 ? " news item" : " news items") + " ("
                        + n.source().name().toLowerCase(Locale.ROOT) + " " + n.fetchedFrom() + ")"
                        + (w.required() ? "" : "; optional in the run");
            }));
        } else {
            checks.add(new Check(WEBSITE, "(none)", SLACK, null));
        }
        for (Path base : cfg.logs().access())
            checks.add(new Check(LOGS, base.toString(), cfg.logs().timeout().plus(SLACK),
                    () -> LogsProbe.checkAccess(base, day, cfg.company().timeZone(), cfg.logs().format(), cfg.logs().maxGap())));
        for (Path base : cfg.logs().errors())
            checks.add(new Check(LOGS, base.toString(), cfg.logs().timeout().plus(SLACK),
                    () -> LogsProbe.check(base, day, cfg.company().timeZone())));
        Path state = cfg.stateDir();
        checks.add(new Check(STATE, state.toString(), SLACK, () -> state(state)));
        return checks;
    }

    private static CheckResult timed(Check c, Clock clock, Set<String> secrets) throws InterruptedException {
        if (c.body() == null)
            return new CheckResult(c.name(), c.target(), CheckResult.Status.SKIPPED, "not configured: the reports go out without news",
                    Duration.ZERO);
        long start = clock.nanoTime();
        try {
            String detail = c.body().run();
            return new CheckResult(c.name(), c.target(), CheckResult.Status.PASSED, Secrets.mask(detail, secrets),
                    Duration.ofNanos(clock.nanoTime() - start));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return new CheckResult(c.name(), c.target(), CheckResult.Status.FAILED, Secrets.mask(message(e), secrets),
                    Duration.ofNanos(clock.nanoTime() - start));
        }
    }

    /** The state directory exists and is writable, or can be created; nothing is created here. */
    /**
     * Whether a run can write its state: a real probe (a file created and removed, the folder created if missing
     * and removed again), not the permission bits, which root, ACLs, read-only mounts and /proc all get wrong.
     */
    private static String state(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IOException("exists but is not a directory");
        Path created = null;
        if (!Files.isDirectory(dir)) {
            Path first = dir.toAbsolutePath();
            while (first.getParent() != null && !Files.exists(first.getParent())) first = first.getParent();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("does not exist and cannot be created: " + braid.report.internal.Plain.describe(e), e);
            }
            created = first;
        }
        try {
            Path probe = Files.createTempFile(dir, ".braid-check", ".tmp");
            Files.write(probe, new byte[]{1});
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("cannot write there: " + braid.report.internal.Plain.describe(e), e);
        } finally {
            if (created != null) deleteEmpty(created, dir);
        }
        return created != null ? "does not exist yet; the first run creates it (a probe file was written and removed)"
                : "writable (a probe file was written and removed)";
    }

    /** Removes the folders {@link #state} made, from {@code dir} up to {@code top}, if they are still empty. */
    private static void deleteEmpty(Path top, Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return;
            }
            if (p.equals(top)) return;
        }
    }

    /** The failure's own message, without the wrapper exceptions around it. */
    static String message(Throwable t) {
        Throwable c = t;
        while ((c instanceof TaskFailedException || c instanceof ExecutionException)
                && c.getCause() != null) c = c.getCause();
        if (c instanceof TaskTimeoutException) return "no answer in time (" + c.getMessage() + ")";
        // the same words as the run's summary: the root cause, no class names, URLs without their query
        return braid.report.internal.Plain.rootCause(c);
    }
}
