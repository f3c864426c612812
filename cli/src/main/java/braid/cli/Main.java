package braid.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Entry point of the {@code braid} command line. */
public final class Main {
    private Main() {}

    /** The JDK property listing the proxy authentication schemes its HTTP client refuses for HTTPS tunnels. */
    static final String TUNNELLING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

    public static void main(String[] args) {
        allowBasicProxyAuthenticationForTunnels();
        // UTF-8 whatever the locale: task names, client names and symbols must survive cron's C locale
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        CommandLine cl = commandLine(args.length > 0 ? args[0] : "");
        cl.setOut(new PrintWriter(System.out, true));
        cl.setErr(new PrintWriter(System.err, true));
        System.exit(cl.execute(args));
    }

    /**
     * Lets the website connector and {@code braid fetch} (the JDK's HTTP client; SAP and the health checks use braid's
     * own, which sends them anyway) send the proxy credentials of a proxy URL
     * ({@code http://user:password@proxy:3128}) on the CONNECT that opens an HTTPS tunnel.
     *
     * <p>The JDK's {@code conf/net.properties} sets {@code jdk.http.auth.tunneling.disabledSchemes=Basic}
     * (since 8u111), and its HTTP client drops Basic {@code Proxy-Authorization} from CONNECT requests while
     * the property lists Basic; it reads the property once, when its implementation class
     * ({@code jdk.internal.net.http.common.Utils}) initialises, and HttpClient.Builder has no per-client
     * setting. So it is set here, before any client exists, rather than in the libraries: a library must
     * not change a JVM-wide default behind its caller's back (and could not do it reliably once another
     * client exists). The default protects users from sending Basic credentials to whatever proxy a
     * system setting names; braid sends them only to the proxy the operator configured them for (and never
     * into the tunnel), so allowing Basic there loses nothing.
     * An explicit {@code -Djdk.http.auth.tunneling.disabledSchemes=...} is left alone: the connectors
     * then fail with a message that says the credentials were not sent and why.
     */
    static void allowBasicProxyAuthenticationForTunnels() {
        if (System.getProperty(TUNNELLING_DISABLED_SCHEMES) == null) {
            System.setProperty(TUNNELLING_DISABLED_SCHEMES, "");
        }
    }

    /** A subcommand of {@code braid}: its name and how to make it. */
    private record Sub(String name, java.util.function.Supplier<Object> make) {}

    /**
     * The subcommands of {@code braid}, in the order its help lists them; named here, not read from their
     * {@code @Command} annotations (reading one costs a cold start a dynamic proxy class).
     */
    private static final java.util.List<Sub> COMMANDS = java.util.List.of(new Sub("report", ReportCommand::new),
            new Sub("check", CheckCommand::new), new Sub("demo", DemoCommand::new), new Sub("sandbox", SandboxCommand::new),
            new Sub("news", NewsCommand::new), new Sub("logs", () -> new LogsCommand().spec()),
            new Sub("sap", SapCommand::new), new Sub("fetch", FetchCommand::new), new Sub("health", () -> new HealthCommand().spec()));

    /** The configured command line with every command, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command line for arguments that start with {@code first}: when it names a command, only that command is
     * built (picocli reads every option of every command by reflection when it is built, a quarter of a second of a
     * cold start that {@code braid health} or {@code braid logs} need not pay); otherwise all of them, for the
     * top-level help, the version and the suggestions for a mistyped command. {@code braid logs} and {@code braid health}, whose own models are
     * built in code, get a root built in code too ({@link #bareRoot}), so that it reads no annotation at all.
     */
    static CommandLine commandLine(String first) {
        boolean named = COMMANDS.stream().anyMatch(c -> c.name().equals(first));
        CommandLine root = new CommandLine(first.equals("logs") || first.equals("health") ? bareRoot() : new BraidCommand())
                .setExecutionExceptionHandler(Main::unexpected).setParameterExceptionHandler(Main::usageError);
        for (Sub c : COMMANDS) {
            if (!named || c.name().equals(first)) root.addSubcommand(c.name(), c.make().get());
        }
        // The root's "Getting started" footer is inherited (its scope carries the version provider down); each
        // command's help ends with its own exit codes and one pointer instead.
        withoutFooter(root.getSubcommands().values(), root.getCommandSpec().usageMessage().footer());
        return root;
    }

    /**
     * {@code braid} as the root of {@code braid logs} and {@code braid health}: only its name shows there (in the usage line and in messages),
     * as its help is printed only for {@code braid --help}, which builds {@link BraidCommand}.
     */
    private static picocli.CommandLine.Model.CommandSpec bareRoot() {
        return picocli.CommandLine.Model.CommandSpec.wrapWithoutInspection(new BraidCommand()).name("braid")
                .versionProvider(new VersionProvider());
    }

    private static void withoutFooter(java.util.Collection<CommandLine> commands, String[] inherited) {
        for (CommandLine c : commands) {
            var usage = c.getCommandSpec().usageMessage();
            // a command's own footer (fetch's examples, health's example configuration) stays
            if (usage.footer().length == 0 || java.util.Arrays.equals(usage.footer(), inherited)) {
                usage.footerHeading("%n").footer("Configuration: docs/configuration.md; every command has --help.");
            }
            withoutFooter(c.getSubcommands().values(), inherited);
        }
    }

    /**
     * A usage error as a Unix tool reports one: the error, a suggestion if picocli has one, and one hint line; exit
     * 2. Not the whole help, which buries the one line that matters.
     */
    static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        java.io.PrintWriter err = cl.getErr();
        // (only for a command without subcommands: a group's error may be about the next word, and its options are theirs)
        java.util.Optional<String> unknown = cl.getSubcommands().isEmpty() ? unknownOption(cl, args) : java.util.Optional.empty();
        if (unknown.isPresent()) {
            // picocli names a missing required option first: "--confg x" would read "Missing required option: '--config'"
            // without a word about the option that was misspelt
            String name = unknown.get();
            err.println("braid: unknown option '" + name + "'" + braid.core.Failures.closest(name, longOptions(cl))
                    .map(g -> "; did you mean '" + g + "'?").orElse(""));
        } else if (e instanceof CommandLine.UnmatchedArgumentException u && !cl.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            // a misspelt command: "Unmatched arguments from index 1: 'rn', '--config', 'x'" said nothing useful, and
            // picocli's suggestions compare letter pairs, which find nothing for "rn"; two edits find "run"
            String word = u.getUnmatched().get(0);
            String group = cl.getCommandSpec().qualifiedName();
            err.println("braid: '" + group + "' has no command '" + word + "'" + braid.core.Failures.closest(word,
                    cl.getSubcommands().keySet()).map(g -> "; did you mean '" + group + " " + g + "'?")
                    .orElse("; its commands: " + String.join(", ", cl.getSubcommands().keySet())));
        } else {
            err.println("braid: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        }
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        // braid health speaks Nagios's codes, where 2 is CRITICAL: a plugin given wrong arguments is UNKNOWN (3)
        return cl.getCommandSpec().userObject() instanceof HealthCommand ? braid.health.Status.UNKNOWN.exitCode()
                : braid.report.ExitCode.USAGE;
    }

    /** The first {@code --name} of {@code args} that neither {@code cl} nor a command above it has. */
    private static java.util.Optional<String> unknownOption(CommandLine cl, String[] args) {
        java.util.Set<String> known = new java.util.HashSet<>();
        for (CommandLine c = cl; c != null; c = c.getParent()) known.addAll(c.getCommandSpec().optionsMap().keySet());
        for (String a : args) {
            if (a.equals("--")) break;
            if (!a.startsWith("--") || a.length() == 2) continue;
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!known.contains(name)) return java.util.Optional.of(name);
        }
        return java.util.Optional.empty();
    }

    private static java.util.List<String> longOptions(CommandLine cl) {
        return cl.getCommandSpec().optionsMap().keySet().stream().filter(n -> n.startsWith("--")).sorted().toList();
    }

    /** For a command that only groups subcommands: called without one, it is a usage error naming them. */
    static void missingSubcommand(picocli.CommandLine.Model.CommandSpec spec) {
        throw new CommandLine.ParameterException(spec.commandLine(), "'" + spec.qualifiedName() + "' needs a command: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * A failure no command turned into a result (a full disk while writing the run's files, a bug): one line in
     * words on the terminal, exit 1; the stack trace only with {@code BRAID_DEBUG=1}.
     */
    static int unexpected(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        if (e instanceof InterruptedException) {
            cl.getErr().println("braid: interrupted");
            return 3;
        }
        cl.getErr().println("braid: " + cl.getCommandName() + " stopped: " + braid.report.internal.Plain.describe(e));
        if ("1".equals(System.getenv("BRAID_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        } else {
            cl.getErr().println("(BRAID_DEBUG=1 shows the Java stack trace)");
        }
        return braid.report.ExitCode.FAILED;
    }
}
