package braid.report;

import braid.core.Clock;
import braid.core.Engine;
import braid.core.Graph;
import braid.core.Policy;
import braid.core.Retry;
import braid.core.RunListener;
import braid.core.RunOutcome;
import braid.core.RunResult;
import braid.core.TaskContext;
import braid.core.TaskOutcome;
import braid.core.TaskRef;
import braid.core.TaskResult;
import braid.logs.AccessLogAnalyzer;
import braid.logs.AccessSummary;
import braid.logs.ErrorLogAnalyzer;
import braid.logs.ErrorSummary;
import braid.logs.LogFormat;
import braid.logs.RotatedLogs;
import braid.mail.DryRun;
import braid.mail.Mailer;
import braid.mail.OutgoingMessage;
import braid.mail.Recipient;
import braid.mail.SendOptions;
import braid.mail.SendResult;
import braid.mail.Suppression;
import braid.report.config.BraidConfig;
import braid.report.config.WebsiteConfig;
import braid.report.internal.Figures;
import braid.report.internal.LastRun;
import braid.report.internal.SiteMatcher;
import braid.report.internal.Wiring;
import braid.sap.BusinessPartnerClient;
import braid.sap.ClientList;
import braid.sap.SapClient;
import braid.web.NewsFetchException;
import braid.web.NewsReader;
import braid.web.NewsResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The daily client report as a graph on the engine: website news, the log analysis of the report
 * day and the SAP client list at once; then, per client, the report is merged and mailed.
 *
 * <p>One instance per run. Not thread-safe.
 */
public final class DailyJob {
    public static final String WEBSITE = "read website news";
    public static final String LOGS = "analyse logs";
    public static final String SAP = "fetch SAP clients";
    public static final String BRAKES = "check the client count";
    public static final String SEND = "merge and send e-mail";
    public static final String HEALTH = "check health";
    public static final String CLIENT_SITES = "check client websites";

    private final BraidConfig cfg;
    private final ReportOptions opt;
    private final LocalDate date;
    private final Path runDir;
    private final Map<String, String> env;
    private final Clock clock;
    // The steps of the last graph built, to read their values back typed.
    // (null until a graph is built; the health steps and the website read also when not configured)
    private @Nullable TaskRef<NewsResult> webRef;
    private @Nullable TaskRef<LogFigures> logsRef;
    private @Nullable TaskRef<ClientList> clientsRef;
    private @Nullable TaskRef<Delivery> sendRef;
    private @Nullable TaskRef<braid.health.HealthReport> healthRef;
    private @Nullable TaskRef<ClientSites> sitesRef;

    /** How every client's website did in the {@code clientWebsites} check, and when it was checked. */
    public record ClientSites(braid.health.HealthReport report, java.time.Instant checkedAt) {}

    /** What the analysis of the report day found. */
    public record LogFigures(AccessSummary access, Optional<ErrorSummary> errors) {}

    /** What the send step did: a real send or a dry run, and the clients it started from. */
    public record Delivery(ClientList clients, int matchedSites, Optional<SendResult> sent, Optional<DryRun.Result> dryRun,
                           List<String> warnings) {}

    public DailyJob(BraidConfig cfg, ReportOptions opt, LocalDate date, Path runDir, Map<String, String> env, Clock clock) {
        this.cfg = cfg;
        this.opt = opt;
        this.date = date;
        this.runDir = runDir;
        this.env = env;
        this.clock = clock;
    }

    /** The report day: {@code --date}, else yesterday in the company's time zone. */
    public static LocalDate reportDate(BraidConfig cfg, ReportOptions opt, Clock clock) {
        if (opt.date() != null) return opt.date();
        return LocalDate.ofInstant(clock.instant(), cfg.company().timeZone()).minusDays(1);
    }

    /** The graph without bodies that touch anything, for {@code braid report plan}. */
    public Graph graph() {
        return build(null, null, null, null);
    }

    /** Runs the job and returns what it produced, typed. */
    public DailyReport run(RunListener... listeners) throws IOException, InterruptedException {
        return run(e -> {}, listeners);
    }

    /** Same, handing the execution to {@code started} as soon as it runs (for a graceful stop on a signal). */
    public DailyReport run(java.util.function.Consumer<Engine.Execution> started, RunListener... listeners) throws IOException, InterruptedException {
        RunResult r = runGraph(started, listeners);
        List<braid.health.CheckResult> health = new ArrayList<>();
        boolean ran = false;
        if (healthRef != null && r.optional(healthRef).isPresent()) {
            health.addAll(r.optional(healthRef).get().checks());
            ran = true;
        }
        if (sitesRef != null && r.optional(sitesRef).isPresent()) {
            health.addAll(r.optional(sitesRef).get().report().checks());
            ran = true;
        }
        return DailyReport.of(date, r, webRef == null ? Optional.empty() : r.optional(webRef), r.optional(built(logsRef)),
                r.optional(built(clientsRef)), r.optional(built(sendRef)),
                ran ? Optional.of(new braid.health.HealthReport(health, Map.of())) : Optional.empty());
    }

    /** A step's reference once the graph is built (run builds it before reading the results). */
    private static <T> TaskRef<T> built(@Nullable TaskRef<T> ref) {
        if (ref == null) throw new IllegalStateException("the graph was not built");
        return ref;
    }

    /** A part the graph's bodies use: null only in the plan's graph, whose bodies never run. */
    private static <T> T part(@Nullable T part) {
        if (part == null) throw new IllegalStateException("a step of the plan's graph was run");
        return part;
    }

    private RunResult runGraph(java.util.function.Consumer<Engine.Execution> started, RunListener... listeners) throws IOException, InterruptedException {
        Engine.Builder eb = Wiring.withSapLimit(Engine.builder().clock(clock), cfg.sap())
                .limit(Mailer.RESOURCE, cfg.mail().concurrency());
        cfg.report().deadline().ifPresent(eb::deadline);
        cfg.health().ifPresent(h -> braid.health.HealthRunner.limits(eb, h));
        Engine engine = eb.build();
        try (NewsReader news = cfg.website().map(w -> Wiring.newsReader(w, cfg, env, clock)).orElse(null);
             BusinessPartnerClient sap = Wiring.sapClient(cfg.sap(), env, clock, LastRun.read(cfg.stateDir()));
             Mailer mailer = opt.dryRun() ? null : Wiring.mailer(cfg)) {
            Suppression suppression = cfg.mail().suppressionFile().isPresent()
                    ? Suppression.fromFile(cfg.mail().suppressionFile().get()) : Suppression.none();
            Engine.Execution execution = engine.start(build(news, sap, mailer, suppression), listeners);
            started.accept(execution);
            return execution.await();
        }
    }

    /** The job's graph; with null parts (for {@code plan}) the bodies are never run. */
    private Graph build(@Nullable NewsReader news, @Nullable BusinessPartnerClient sap, @Nullable Mailer mailer,
                        @Nullable Suppression suppression) {
        Graph.Builder g = Graph.builder("daily report " + date);
        List<TaskRef<?>> inputs = new ArrayList<>();
        TaskRef<NewsResult> web = null;
        if (cfg.website().isPresent()) {
            WebsiteConfig w = cfg.website().get();
            Policy p = Policy.DEFAULT.withTimeout(w.timeout())
                    .withRetry(Retry.exponential(w.retries() + 1, Duration.ofSeconds(1))
                            .retryOn(e -> e instanceof NewsFetchException n && n.isTransient()));
            web = g.add(WEBSITE, w.required() ? p : p.optional(), ctx -> part(news).read(w.url()));
            inputs.add(web);
        }
        Policy logPolicy = Policy.DEFAULT.withTimeout(cfg.logs().timeout());
        TaskRef<LogFigures> logs = g.add(LOGS, cfg.logs().required() ? logPolicy : logPolicy.optional(), this::analyseLogs);
        inputs.add(logs);
        TaskRef<ClientList> clients = g.add(SAP, Policy.DEFAULT.withTimeout(cfg.sap().totalTimeout()), ctx -> part(sap).fetchClients(ctx));
        // The safety brakes as a step of their own, right after SAP: a brake fails the run (and cancels the website's
        // wait) at once, instead of after every other step.
        TaskRef<ClientList> braked = g.add(BRAKES, Policy.DEFAULT, List.of(clients), (ctx, in) -> {
            ClientList list = in.get(clients);
            SafetyBrakes.check(cfg, opt, list.clients().size());
            List<String> unknown = opt.only().stream().filter(id -> list.clients().stream().noneMatch(c -> c.id().equals(id)))
                    .sorted().toList();
            if (!unknown.isEmpty())
                throw new UsageException("--only names clients SAP did not return: " + String.join(", ", unknown)
                        + "; nothing was sent");
            return list;
        });
        inputs.add(braked);
        TaskRef<NewsResult> web0 = web;
        TaskRef<braid.health.HealthReport> health = null;
        TaskRef<ClientSites> sites = null;
        if (cfg.health().isPresent()) {
            // at once with the sources; a health check never stops the report (optional, and problems are results)
            braid.health.HealthChecks h = cfg.health().get();
            braid.health.HealthChecks own = h.only(c -> !(c instanceof braid.health.HealthCheck.ClientWebsites));
            braid.health.HealthChecks clientChecks = h.only(c -> c instanceof braid.health.HealthCheck.ClientWebsites);
            ZoneId zone = cfg.company().timeZone();
            if (!own.checks().isEmpty()) {
                health = g.add(HEALTH, Policy.DEFAULT.optional(), ctx -> new braid.health.HealthRunner(h, ctx.clock(),
                        braid.report.internal.HealthWiring.logsOnly(zone)).report(ctx, own));
            }
            if (!clientChecks.checks().isEmpty()) {
                // after the client list: the sites are SAP's
                sites = g.add(CLIENT_SITES, Policy.DEFAULT.optional(), List.of(braked), (ctx, in) -> new ClientSites(
                        new braid.health.HealthRunner(h, ctx.clock(),
                                braid.report.internal.HealthWiring.withClients(zone, in.get(braked))).report(ctx, clientChecks),
                        ctx.clock().instant()));
                if (cfg.report().clientHealth()) inputs.add(sites); // the e-mails tell each client how their site did
            }
        }
        TaskRef<ClientSites> sites0 = cfg.report().clientHealth() ? sites : null;
        TaskRef<Delivery> send = g.add(SEND, Policy.DEFAULT.receiveAbsent(), inputs, (ctx, in) -> send(ctx,
                web0 == null ? Optional.empty() : in.optional(web0), in.optional(logs), in.get(braked),
                sites0 == null ? Optional.empty() : in.optional(sites0), mailer, part(suppression)));
        this.healthRef = health;
        this.sitesRef = sites;
        this.webRef = web;
        this.logsRef = logs;
        this.clientsRef = clients;
        this.sendRef = send;
        return g.build();
    }

    private LogFigures analyseLogs(TaskContext ctx) throws IOException, InterruptedException {
        // Listing, sizing and opening can block in the kernel (a hung mount, a named pipe): abandonable, so the
        // step's timeout and a stop signal end it.
        return braid.report.internal.Abandonable.call("braid-analyse-logs", ctx::isDraining, () -> analyseLogsHere(ctx));
    }

    private LogFigures analyseLogsHere(TaskContext ctx) throws IOException, InterruptedException {
        try {
            return analyseLogsOnce(ctx);
        } catch (braid.logs.LogsRotatedException e) {
            // logrotate renamed the set while it was read: list it again and read it again (once; a second rotation
            // within seconds is no rotation schedule)
            return analyseLogsOnce(ctx);
        }
    }

    private LogFigures analyseLogsOnce(TaskContext ctx) throws IOException, InterruptedException {
        ZoneId zone = cfg.company().timeZone();
        List<Path> files = new ArrayList<>();
        for (Path base : cfg.logs().access()) files.addAll(RotatedLogs.expand(base, date, zone));
        // each file once (a rotation listed beside its base would count twice); the local analysis says so itself
        List<String> twice = new ArrayList<>();
        List<Path> distinct = RotatedLogs.distinct(files, twice);
        long total = 0;
        for (Path f : distinct) total += Files.size(f);
        long all = total;
        AccessLogAnalyzer analyzer = AccessLogAnalyzer.builder()
                .format(LogFormat.of(cfg.logs().format()))
                .zone(zone).day(date)
                .topN(50) // the e-mail shows 5 pages: enough entries to leave the styles, scripts and images out
                .progress(bytes -> ctx.progress(bytes, all, "bytes"))
                .build();
        AccessSummary access;
        if (cfg.logs().engine().equals("spark")) {
            // logs.engine: spark — the same figures from braid's Spark module (braid-spark-VERSION.tar.gz)
            braid.logs.DistributedAnalysis spark = java.util.ServiceLoader.load(braid.logs.DistributedAnalysis.class).findFirst()
                    .orElseThrow(() -> new IOException("logs.engine is spark, but braid's Spark module is not installed: "
                            + "unpack braid-spark-VERSION.tar.gz (of this braid's version) over it, or set logs.engine: local"));
            if (files.isEmpty()) throw new IOException("no access log files for " + date + ": " + cfg.logs().access());
            access = spark.analyze(analyzer, LogFormat.of(cfg.logs().format()), distinct.stream().map(Path::toString).toList(),
                    cfg.logs().spark().master(), cfg.logs().spark().properties()).withWarningsFirst(twice);
        } else {
            access = analyzer.analyze(files);
        }
        if (cfg.logs().required() && access.overall().requests() == 0)
            throw new IOException(braid.report.internal.NoRequests.words(date, cfg.logs().format(), cfg.logs().access(), files, access));
        Optional<String> gap = access.coverage().gap(date, zone, cfg.logs().maxGap(), access.overall().requestsPerHour());
        if (gap.isPresent() && !opt.allowPartialLogs())
            // A backfill whose logs were rotated away, a lost hour: a client must not read part of a day as the day.
            throw new IOException("the access logs do not cover the whole of " + date + ": " + gap.get()
                    + "; the requests they hold span " + access.coverage().span(zone) + " (logs.maxGap "
                    + words(cfg.logs().maxGap()) + "). Nothing was sent; rerun with"
                    + " --allow-partial-logs to send these figures anyway");
        if (!opt.dryRun() && gap.isEmpty()) {
            // the day's figures per site, for the comparisons of later reports (a partial day is not kept)
            braid.report.internal.History.write(cfg.stateDir(), access, cfg.retention().historyDays());
        }
        Optional<ErrorSummary> errors = Optional.empty();
        if (!cfg.logs().errors().isEmpty()) {
            List<Path> errFiles = new ArrayList<>();
            for (Path base : cfg.logs().errors()) errFiles.addAll(RotatedLogs.expand(base, date, zone));
            errors = Optional.of(ErrorLogAnalyzer.builder().zone(zone).day(date).build().analyze(errFiles));
        }
        return new LogFigures(access, errors);
    }

    private Delivery send(TaskContext ctx, Optional<NewsResult> news, Optional<LogFigures> logs, ClientList clientList,
                          Optional<ClientSites> sites, @Nullable Mailer mailer, Suppression suppression) throws IOException, InterruptedException, UsageException {
        List<String> warnings = new ArrayList<>();
        List<SapClient> clients = clientList.clients();
        if (!opt.only().isEmpty()) {
            clients = clients.stream().filter(c -> opt.only().contains(c.id())).toList();
        }
        if (news.isEmpty() && cfg.website().isPresent())
            warnings.add("the website could not be read: the report goes out without news");

        List<String> companyHosts = new ArrayList<>();
        cfg.company().website().map(java.net.URI::toString).ifPresent(companyHosts::add);
        cfg.website().map(w -> w.url().toString()).ifPresent(companyHosts::add);
        SiteMatcher matcher = new SiteMatcher(cfg.report().siteMatch(),
                logs.map(l -> l.access().byVirtualHost()).orElse(Map.of()), clientList.clients(), companyHosts);
        warnings.addAll(matcher.warnings(clients));
        Figures figures = new Figures(cfg, date, LocalDate.ofInstant(ctx.clock().instant(), cfg.company().timeZone()),
                news, logs.map(LogFigures::access), braid.report.internal.History.Comparison.of(cfg.stateDir(), date));
        List<OutgoingMessage> messages = new ArrayList<>(clients.size());
        Optional<String> unansweredHere = sites.flatMap(x -> Figures.unansweredHere(x.report().clientSites().values()));
        unansweredHere.ifPresent(warnings::add);
        int matched = 0;
        for (SapClient c : clients) {
            if (c.email() == null) continue; // counted by the client list (without e-mail / invalid)
            Optional<String> site = matcher.siteOf(c);
            if (site.isPresent()) matched++;
            Map<String, Object> model = figures.modelFor(c, site, site.isPresent() ? Optional.empty() : matcher.unattributed(c));
            if (sites.isPresent()) model = figures.withSiteHealth(model, c, sites.get().report().clientSites().get(c.id()),
                    sites.get().checkedAt(), unansweredHere.isEmpty());
            messages.add(new OutgoingMessage(new Recipient(c.id(), c.name(), c.email()), model, figures.inlineFor(site)));
        }
        warnings.addAll(sharedAddresses(messages));
        SendOptions options = SendOptions.DEFAULT.withSuppression(suppression);
        if (cfg.mail().unsubscribeUrl().isPresent()) options = options.withUnsubscribeUrl(cfg.mail().unsubscribeUrl().get());
        if (!opt.resendIds().isEmpty()) {
            var identity = Wiring.senderIdentity(cfg.mail());
            java.util.Set<String> known = new java.util.HashSet<>();
            for (SapClient c : clientList.clients()) known.add(identity.messageIdFor(date, c.id()));
            List<String> unknown = opt.resendIds().stream().map(String::strip).map(x -> x.startsWith("<") ? x : "<" + x + ">")
                    .filter(x -> !known.contains(x)).sorted().toList();
            if (!unknown.isEmpty())
                throw new UsageException("--resend names Message-IDs that are none of " + date + "'s reports: "
                        + String.join(", ", unknown) + " (the uncertain ones are listed by the run that left them); nothing was sent");
        }
        for (String id : opt.resendIds()) options = options.withResend(id);
        if (opt.resendUncertain()) options = options.withResendUncertain();
        if (opt.resendAll()) options = options.withResendAll();
        if (opt.to() != null) options = options.withRedirectTo(opt.to());

        if (opt.dryRun()) {
            DryRun.Result r = DryRun.write(runDir.resolve("emails"), date, messages, Wiring.templates(cfg),
                    Wiring.senderIdentity(cfg.mail()), options, ctx.clock().instant(), Wiring.mailStateDir(cfg));
            return new Delivery(clientList, matched, Optional.empty(), Optional.of(r), warnings);
        }
        SendResult sent = part(mailer).send(ctx, date, messages, options); // a real run has a mailer
        return new Delivery(clientList, matched, Optional.of(sent), Optional.empty(), warnings);
    }

    /** {@code 1 h}, {@code 90 min}, {@code 45 s}: a configured duration as an operator wrote it. */
    static String words(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) return s / 3600 + " h";
        if (s % 60 == 0) return s / 60 + " min";
        return s + " s";
    }


    /**
     * One line for addresses that several clients share (two partner records of one company, a contact for several):
     * each client still gets its own report — they are different partners, possibly with different sites — but the
     * person gets as many e-mails the same morning, which the operator should know of before they ask.
     */
    static List<String> sharedAddresses(List<OutgoingMessage> messages) {
        Map<String, List<String>> byAddress = new java.util.TreeMap<>();
        for (OutgoingMessage m : messages) {
            byAddress.computeIfAbsent(m.recipient().smtpAddress().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>())
                    .add(m.recipient().clientId());
        }
        List<String> shared = byAddress.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> e.getKey() + " (clients " + String.join(", ", e.getValue()) + ")").toList();
        if (shared.isEmpty()) return List.of();
        return List.of(shared.size() + (shared.size() == 1 ? " address gets" : " addresses get") + " more than one report,"
                + " one per client that gives it: " + String.join("; ", shared.subList(0, Math.min(3, shared.size())))
                + (shared.size() > 3 ? "; …" : "") + " (the same person gets each of them)");
    }
}
