package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.core.Clock;
import braid.core.Engine;
import braid.core.RunResult;
import braid.cli.SeedScenario;
import braid.timeline.BreakdownTable;
import braid.timeline.ConsoleProgress;
import braid.timeline.HtmlTimeline;
import braid.timeline.RunRecord;
import braid.timeline.RunRecorder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code braid demo}: runs a scenario end to end on embedded services and shows where time went. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the demo ran (or --print-config printed the template)", "1:the demo's run failed",
                "2:bad usage"},
        description = {"Runs a demonstration and prints the time breakdown.",
                "",
                "--scenario seed reproduces the tutorial's program: website 15 min, logs 5 min and SAP 12 min at once,",
                "then merge and send 8 min: 23 min with concurrency instead of 40 min one after another.",
                "By default it runs 600× faster than real time (about 2.3 s); --virtual-time finishes at once",
                "with the identical timeline; --time-scale 1 takes the real 23 minutes."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", defaultValue = "daily", paramLabel = "NAME",
            description = "daily: the real pipeline against embedded stand-ins over real protocols; seed: the tutorial's program. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--print-config", description = "Print a braid.yaml to start from (example values and ${SAP_PASSWORD}/${SMTP_PASSWORD} placeholders) and exit; starts and writes nothing.")
    boolean printConfig;

    @Option(names = "--dir", paramLabel = "DIR", description = "Working folder of the daily demo (default: braid-demo/daily-<time>).")
    @Nullable Path dir;

    @Option(names = "--time-scale", paramLabel = "N", description = "Run N times faster than real time (default 600).")
    @Nullable Double timeScale;

    @Option(names = "--virtual-time", description = "Use a virtual clock: finishes at once with the identical timeline.")
    boolean virtualTime;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write run.json and timeline.html (default: braid-demo/<scenario>-<time>).")
    @Nullable Path out;

    @Override
    public Integer call() throws Exception {
        if (scenario.equals("daily")) {
            if (virtualTime || timeScale != null)
                throw new ParameterException(spec.commandLine(), "--virtual-time and --time-scale apply to --scenario seed only");
            return runDaily(System.out);
        }
        if (!scenario.equals("seed"))
            throw new ParameterException(spec.commandLine(), "unknown scenario '" + scenario + "' (known: daily, seed)");
        if (virtualTime && timeScale != null)
            throw new ParameterException(spec.commandLine(), "--virtual-time and --time-scale exclude each other");
        if (timeScale != null && !(timeScale > 0))
            throw new ParameterException(spec.commandLine(), "--time-scale must be positive, was " + timeScale);
        PrintStream o = System.out;
        return runSeed(o);
    }

    private int runDaily(PrintStream o) throws Exception {
        java.time.LocalDate day = java.time.LocalDate.now(braid.sandbox.DemoEnvironment.ZONE).minusDays(1);
        Path work = dir != null ? dir : Path.of("braid-demo", "daily-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (printConfig) {
            // a template with placeholders to fill in, not the ports of stand-ins that would be gone; writes nothing
            try (var in = DemoCommand.class.getResourceAsStream("/braid/cli/braid.example.yaml")) {
                o.print(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
            return 0;
        }
        try (var env = braid.sandbox.DemoEnvironment.start(work.toAbsolutePath(), day, braid.sandbox.DemoEnvironment.Latency.DEMO)) {
            o.println("Sandbox on loopback: website " + env.website().baseUri() + " · SAP " + env.sap().serviceRoot()
                    + " · SMTP 127.0.0.1:" + env.smtp().port() + " · logs " + env.logsDir());
            braid.report.config.BraidConfig cfg;
            try {
                cfg = braid.report.config.BraidConfig.load(env.config(), env.env());
            } catch (braid.report.config.ConfigException e) {
                throw new IllegalStateException("the demo's own config is invalid: " + e.problems(), e);
            }
            boolean terminal = System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
            var outcome = new braid.report.ReportRun(cfg, braid.report.ReportOptions.DEFAULT.withDate(day).withVerbose(true),
                    env.env(), Clock.system(), o, System.err, terminal).run();
            o.println();
            o.println("Where to look:");
            if (outcome.runDir() != null) o.println("  timeline       " + outcome.runDir().resolve("timeline.html").toAbsolutePath());
            o.println("  e-mails        " + env.smtp().folder().toAbsolutePath() + "  (" + env.smtp().list().size() + " received by the SMTP sink, as .eml)");
            o.println("  config         " + env.config().toAbsolutePath() + "  (try: braid sandbox, then braid report run --config …)");
            return outcome.exitCode();
        }
    }

    private int runSeed(PrintStream o) throws Exception {
        Clock clock = virtualTime ? Clock.virtual() : Clock.scaled(timeScale == null ? 600 : timeScale);
        String how = virtualTime ? "on a virtual clock" : "at " + fmt(timeScale == null ? 600 : timeScale) + "× real time";
        o.println("Seed scenario " + how + ": website 15 min, logs 5 min, SAP 12 min at once; then merge and send 8 min.");
        warmUp();
        RunRecorder recorder = new RunRecorder();
        Engine engine = Engine.builder().clock(clock).build();
        RunResult result;
        try (ConsoleProgress progress = ConsoleProgress.plain(o, true)) {
            result = engine.run(SeedScenario.graph(o::println), recorder, progress);
        }
        RunRecord record = recorder.record();
        o.println();
        o.print(BreakdownTable.render(record));
        Path dir = out != null ? out : Path.of("braid-demo", "seed-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        record.write(dir.resolve("run.json"));
        Path html = dir.resolve("timeline.html");
        Files.writeString(html, HtmlTimeline.render(record), StandardCharsets.UTF_8);
        o.println();
        o.println("🎉 All tasks completed: " + (result.succeeded() ? result.task(SeedScenario.MERGE).value() : result.outcome()));
        o.println("Timeline: " + html.toAbsolutePath());
        o.println("Run record: " + dir.resolve("run.json").toAbsolutePath());
        return result.succeeded() ? 0 : 1;
    }

    /**
     * Loads the engine's classes and starts the virtual-thread scheduler before the measured run:
     * at 600× a 50 ms cold start would otherwise show as half a minute of nothing.
     */
    private static void warmUp() throws InterruptedException {
        braid.core.Graph.Builder g = braid.core.Graph.builder("warm-up");
        var a = g.add("a", ctx -> { ctx.sleep(java.time.Duration.ofMillis(1)); return 1; });
        g.add("b", braid.core.Policy.DEFAULT, java.util.List.of(a), (ctx, in) -> in.get(a));
        Engine.builder().clock(Clock.scaled(1)).build().run(g.build(), new RunRecorder());
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
