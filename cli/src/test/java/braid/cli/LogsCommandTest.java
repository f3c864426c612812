package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.LogGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LogsCommandTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @TempDir
    Path dir;

    private Path access;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void generate() throws Exception {
        access = dir.resolve("access.log");
        LogGenerator.builder().seed(3).day(DAY).distinctIps(500).distinctAgents(50).distinctPaths(300)
                .neighbourDayShare(0.1).build().writeAccessLines(access, 5_000);
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new LogsCommand().spec());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void printsAReadableSummaryOfTheDay() {
        int code = run(access.toString(), "--date", "2026-11-22", "--zone", "UTC");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Access logs: 1 file(s), format combined, day 2026-11-22 (UTC)",
                "Requests ", "Unique visitors ", "Requests per hour", "Top paths", "Top 404 paths", "Top 5xx paths",
                "Top referring sites", "on other days");
    }

    @Test
    void jsonCountsOnlyTheDaysLinesUnlessAllIsGiven() throws Exception {
        assertThat(run(access.toString(), "--date", "2026-11-22", "--zone", "UTC", "--json")).isZero();
        JsonNode day = new ObjectMapper().readTree(out.toString()).path("access");
        out.getBuffer().setLength(0);
        assertThat(run(access.toString(), "--all", "--zone", "UTC", "--json")).isZero();
        JsonNode all = new ObjectMapper().readTree(out.toString()).path("access");
        assertThat(all.path("overall").path("requests").asLong()).isEqualTo(5_000);
        assertThat(day.path("overall").path("requests").asLong() + day.path("otherDayLines").asLong())
                .isEqualTo(5_000);
        assertThat(day.path("otherDayLines").asLong()).isGreaterThan(0);
        assertThat(day.path("day").asText()).isEqualTo("2026-11-22");
        assertThat(all.path("overall").path("requestsPerHour")).hasSize(24);
    }

    @Test
    void splitsFiguresPerVirtualHost() throws Exception {
        Path vhost = dir.resolve("other_vhosts_access.log");
        LogGenerator.builder().seed(4).day(DAY).format(LogGenerator.Format.VHOST_COMBINED).build()
                .writeAccessLines(vhost, 2_000);
        assertThat(run(vhost.toString(), "--all", "--json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString()).path("access");
        assertThat(json.path("format").asText()).isEqualTo("vhost_combined");
        assertThat(json.path("virtualHosts").has("www.example.com")).isTrue();
        long sum = 0;
        for (JsonNode h : json.path("virtualHosts")) {
            sum += h.path("requests").asLong();
        }
        assertThat(sum).isEqualTo(2_000);
    }

    @Test
    void includesErrorLogLevelsAndMessages() throws Exception {
        Path errors = dir.resolve("error.log");
        LogGenerator.builder().day(DAY).build().writeErrorLog(errors, 300, true);
        assertThat(run("--error-log", errors.toString(), "--date", "2026-11-22")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Error logs: 1 file(s)", "Top messages", "error");
    }

    @Test
    void missingFileExitsOneNamingIt() {
        Path missing = dir.resolve("nope.log");
        assertThat(run(missing.toString(), "--all")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("braid logs: cannot read " + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void fileWithNoParsableLineExitsOne() throws Exception {
        Path garbage = dir.resolve("garbage.log");
        Files.write(garbage, new byte[] {0, 1, 2, 3, '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThat(run(garbage.toString(), "--all")).isEqualTo(1);
        assertThat(err.toString()).contains("no line of").contains("could be parsed").doesNotContain("read as");
    }

    @Test
    void anEmptyLogIsSaidToBeEmptyNotMalformed() throws Exception {
        // a log rotated a moment ago, or a server that stopped logging: nothing is malformed, there is nothing
        Path empty = Files.createFile(dir.resolve("empty.log"));
        assertThat(run(empty.toString(), "--all")).isEqualTo(1);
        assertThat(err.toString()).contains("braid logs: " + empty + " holds no request lines (empty): nothing to summarise")
                .doesNotContain("malformed", "could be parsed");
        err.getBuffer().setLength(0);
        Path comments = Files.writeString(dir.resolve("comments.log"), "# nothing yet\n\n");
        assertThat(run(comments.toString(), "--all")).isEqualTo(1);
        assertThat(err.toString()).contains(" holds no request lines (2 blank or comment lines): nothing to summarise");
    }

    @Test
    void aFormatThatReadsNoLineNamesTheOneThatDoes() throws Exception {
        // the generator writes combined lines; the operator asked for vhost_combined
        assertThat(run(access.toString(), "--all", "--format", "vhost_combined")).isEqualTo(1);
        assertThat(err.toString()).contains("braid logs: no line of " + access + " could be parsed as vhost_combined (5,000 malformed);"
                + " they read as combined (--format combined, or leave --format out)");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run(access.toString(), "--date", "22.11.2026")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid --date");
        assertThat(run(access.toString(), "--date", "2026-11-22", "--all")).isEqualTo(2);
        assertThat(run(access.toString(), "--format", "fancy")).isEqualTo(2);
        assertThat(run(access.toString(), "--zone", "Mars/Olympus")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void acceptsACustomGoAccessFormat() throws Exception {
        Path custom = dir.resolve("custom.log");
        Files.writeString(custom, "2026-11-22 [22/Nov/2026:10:00:00 +0000] 1.2.3.4 200 \"GET /x HTTP/1.1\"\n");
        assertThat(run(custom.toString(), "--all", "--json", "--format", "%^ [%d:%t %^] %h %s \"%r\""))
                .as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString()).path("access");
        assertThat(json.path("overall").path("requests").asLong()).isEqualTo(1);
        assertThat(json.path("overall").path("topPaths").get(0).path("key").asText()).isEqualTo("/x");
    }

    @Test
    void itsHelpIsTheSameOnEveryPath() {
        // braid logs builds its model in code, and a root of its own; braid --help the annotated root
        String alone = Main.commandLine("logs").getSubcommands().get("logs").getUsageMessage(CommandLine.Help.Ansi.OFF);
        String withAll = Main.commandLine().getSubcommands().get("logs").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(alone).isEqualTo(withAll).contains("Usage: braid logs [-hV] [--all] [--json] [--rotated]",
                "--format=FORMAT", "'%h %^[%d:%t %^]", "--spark-conf=KEY=VALUE",
                "  -V, --version", "Exit codes:", "  1   a file cannot be read", "Configuration: docs/configuration.md");
    }

    @Test
    void everyOptionReachesTheCommand() throws Exception {
        Path errors = dir.resolve("error.log");
        LogGenerator.builder().day(DAY).build().writeErrorLog(errors, 300, true);
        Path older = dir.resolve("error.log.1");
        LogGenerator.builder().day(DAY).build().writeErrorLog(older, 100, true);
        assertThat(run(access.toString(), "--date=2026-11-22", "--zone", "UTC", "--top", "3", "--format", "combined",
                "--error-log", errors.toString(), "--error-log", older.toString(), "--json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("access").path("day").asText()).isEqualTo("2026-11-22");
        assertThat(json.path("access").path("zone").asText()).isEqualTo("UTC");
        assertThat(json.path("access").path("format").asText()).isEqualTo("combined");
        assertThat(json.path("access").path("overall").path("topPaths")).hasSize(3);
        assertThat(json.path("errors").path("files")).hasSize(2);
        assertThat(run(access.toString(), "--top", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("Invalid value for option '--top': 'x' is not an int");
    }

    @Test
    void aColdBraidLogsOrHealthReadsNoAnnotation() throws Exception {
        // the JDK makes a proxy class per annotation type read, which JDK 25's AOT cache cannot hold (~50 ms cold)
        assertThat(proxyClassesMadeBy("logs", "--all", "--json", access.toString())).isZero();
        // braid health too (a Nagios plugin, run every minute): a run, its help, and a usage error
        Path health = Files.writeString(dir.resolve("health.yaml"), "health:\n  checks:\n    - {name: tmp, disk: \""
                + dir.toString().replace("\\", "/") + "\", minFree: 1%}\n");
        // (a run sets up the logging, whose Logback reads two annotations of its own: not picocli's)
        assertThat(annotationsProxiedBy("health", "--config", health.toString(), "--perfdata", "--only", "tmp"))
                .isNotEmpty().noneMatch(a -> a.startsWith("picocli."));
        assertThat(proxyClassesMadeBy("health", "--help")).isZero();
        assertThat(proxyClassesMadeBy("fetch", "--help")).as("where annotations are read, the log shows them").isPositive();
    }

    @Test
    void theLaunchersInlineTheParsersHelpersUnderC1() throws Exception {
        // src/dist/lib/logs.jvm.args: a renamed helper would silently lose its inlining, so each must still exist…
        Path args = Path.of("src/dist/lib/logs.jvm.args");
        java.util.List<String> inlined = Files.readAllLines(args).stream().filter(l -> l.startsWith("-XX:CompileCommand=inline,"))
                .map(l -> l.substring("-XX:CompileCommand=inline,".length()).strip()).toList();
        assertThat(inlined).hasSizeGreaterThanOrEqualTo(5);
        for (String m : inlined) {
            String[] cm = m.split("::");
            assertThat(java.util.Arrays.stream(Class.forName(cm[0]).getDeclaredMethods()).map(java.lang.reflect.Method::getName))
                    .as(m).contains(cm[1]);
        }
        // …and a JVM given the file as the launchers give it inlines them into the C1 code of the parser
        Path printed = dir.resolve("inlining.txt");
        java.util.List<String> cmd = java.util.List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "@" + args.toAbsolutePath(), "-XX:+UnlockDiagnosticVMOptions", "-XX:+PrintInlining",
                "-cp", braid.report.reliability.ChildJvm.classpath(), "braid.cli.Main", "logs", "--all", "--json",
                access.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(printed);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("CompileCommand: An error occurred")
                .containsPattern("braid\\.logs\\.internal\\.Worker::date \\(\\d+ bytes\\)\\s+force inline by CompileCommand");
    }

    /** The interfaces of the proxy classes a cold {@code braid ARGS} makes (the class-load log names them by address). */
    private java.util.List<String> annotationsProxiedBy(String... args) throws Exception {
        Path classes = dir.resolve("classes-debug-" + args[0] + ".txt");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xlog:class+load=debug:file=" + classes, "-cp",
                braid.report.reliability.ChildJvm.classpath(), "braid.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out-" + args[0]).toFile())
                .start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out-" + args[0]))).isZero();
        // "[info ][class,load] NAME source: …" then "[debug][class,load]  klass: 0xADDR … interfaces: 0xADDR …"
        java.util.Map<String, String> names = new java.util.HashMap<>();
        java.util.List<String> proxied = new java.util.ArrayList<>();
        java.util.regex.Pattern info = java.util.regex.Pattern.compile("\\[class,load\\] (\\S+) source: (\\S+)");
        java.util.regex.Pattern debug = java.util.regex.Pattern.compile("klass: (0x[0-9a-f]+) .*?interfaces: ((?:0x[0-9a-f]+ ?)+)");
        String name = null;
        boolean proxy = false;
        java.util.List<String[]> pending = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(classes)) {
            java.util.regex.Matcher m = info.matcher(line);
            if (m.find()) {
                name = m.group(1);
                proxy = m.group(2).equals("__dynamic_proxy__");
                continue;
            }
            java.util.regex.Matcher d = debug.matcher(line);
            if (name != null && line.contains("klass: ")) {
                java.util.regex.Matcher k = java.util.regex.Pattern.compile("klass: (0x[0-9a-f]+)").matcher(line);
                if (k.find()) names.put(k.group(1), name);
                if (proxy && d.find()) pending.add(d.group(2).strip().split(" "));
                name = null;
            }
        }
        for (String[] interfaces : pending) {
            for (String a : interfaces) proxied.add(names.getOrDefault(a, a));
        }
        return proxied;
    }

    private long proxyClassesMadeBy(String... args) throws Exception {
        Path classes = dir.resolve("classes-" + args[0] + ".txt");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xlog:class+load:file=" + classes, "-cp",
                braid.report.reliability.ChildJvm.classpath(), "braid.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out-" + args[0]).toFile())
                .start();
        assertThat(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("out-" + args[0]))).isZero();
        try (var lines = Files.lines(classes)) {
            return lines.filter(l -> l.contains("__dynamic_proxy__")).count();
        }
    }
}
