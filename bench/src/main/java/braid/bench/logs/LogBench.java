package braid.bench.logs;

import org.jspecify.annotations.Nullable;
import braid.logs.AccessLogAnalyzer;
import braid.logs.AccessSummary;
import braid.logs.LogFormat;
import braid.sandbox.LogGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates a one-day combined log, checks that braid's figures equal GoAccess 1.7's on it, and times
 * both: braid in-process (first byte to result) and as a whole process including JVM start, against
 * {@code goaccess FILE --log-format=COMBINED -o out.json}.
 *
 * <pre>
 * bench/run braid.bench.logs.LogBench --size 1g [--runs 5] [--dir /tmp/braid-logbench] [--no-goaccess]
 *     [--memory 256m,2g]    (also analyse files of these sizes from the same generator, for max RSS)
 * </pre>
 */
public final class LogBench {
    /** The JVM flags the {@code braid} launcher gives {@code braid logs} (see the launcher for why). */
    static final List<String> CHILD_FLAGS = childFlags();

    private LogBench() {}

    private static List<String> childFlags() {
        List<String> f = new ArrayList<>(List.of("-XX:+UseSerialGC", "-XX:UserThreadWaitAttemptsAtExit=0",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        try {
            // As the launcher: transparent huge pages only where the kernel offers them (else the JVM warns).
            String thp = Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
            if (thp.contains("[always]") || thp.contains("[madvise]")) {
                f.add("-XX:+UseTransparentHugePages");
            }
        } catch (IOException e) {
            // no THP information: leave the flag out
        }
        return List.copyOf(f);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--analyze")) {
            analyzeAndPrint(Path.of(args[1]));
            return;
        }
        long size = 1L << 30;
        int runs = 5;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "braid-logbench");
        boolean goaccess = true;
        boolean generateOnly = false;
        List<Long> memorySizes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = parseSize(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--no-goaccess" -> goaccess = false;
                case "--generate-only" -> generateOnly = true; // for bench/spark/run: make the file, print its path

                case "--memory" -> {
                    for (String m : args[++i].split(",")) {
                        memorySizes.add(parseSize(m));
                    }
                }
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Path log = generated(dir, size);
        if (generateOnly) {
            System.out.println("FILE " + log);
            return;
        }
        long bytes = Files.size(log);
        System.out.printf(Locale.ROOT, "file: %s, %,d bytes, %d cores, java %s%n", log, bytes,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "load average at start: %s%n", loadAverage());

        // 1. The CLI's way: a fresh process per run, with the launcher's flags for `braid logs`. The child reports
        //    its own first-byte-to-result time; /usr/bin/time gives the whole process (JVM start included).
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            children.add(child(log, dir));
        }
        String childFigures = children.getLast().figures;
        double analysis = median(children.stream().map(c -> c.analysis).toList());
        double whole = median(children.stream().map(c -> c.wall).toList());
        double wholeCpu = median(children.stream().map(c -> c.cpu).toList());
        System.out.printf(Locale.ROOT, "braid CLI process (%s), median of %d:%n", String.join(" ", CHILD_FLAGS), runs);
        System.out.printf(Locale.ROOT, "  first byte to result: %.3f s = %.2f GB/s  runs=%s%n", analysis,
                bytes / analysis / 1e9, fmt(children.stream().map(c -> c.analysis).toList()));
        System.out.printf(Locale.ROOT, "  whole process:        %.3f s = %.2f GB/s  runs=%s%n", whole,
                bytes / whole / 1e9, fmt(children.stream().map(c -> c.wall).toList()));
        System.out.printf(Locale.ROOT, "  CPU seconds (user+sys): %.3f  runs=%s; max RSS %d MB%n", wholeCpu,
                fmt(children.stream().map(c -> c.cpu).toList()),
                children.stream().mapToLong(c -> c.maxRssKb).max().orElse(0) / 1024);

        // 2. As a library in a long-lived JVM (this one): one warm-up run, then N runs.
        @Nullable AccessSummary s = null;
        List<Double> inProc = new ArrayList<>();
        List<Double> inProcCpu = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i <= runs; i++) {
            long c = os.getProcessCpuTime();
            long t = System.nanoTime();
            s = analyzer().analyze(log);
            double sec = (System.nanoTime() - t) / 1e9;
            if (i > 0) {
                inProc.add(sec);
                inProcCpu.add((os.getProcessCpuTime() - c) / 1e9);
            }
        }
        double inMed = median(inProc);
        java.util.Objects.requireNonNull(s, "runs >= 0: at least one analysis");
        System.out.printf(Locale.ROOT, "braid in a warm JVM (%s), median of %d: %.3f s = %.2f GB/s  runs=%s; CPU %.3f s%n",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), runs, inMed,
                bytes / inMed / 1e9, fmt(inProc), median(inProcCpu));
        System.out.printf(Locale.ROOT, "braid figures: requests=%d uniqueVisitors=%d topPath=%s%n",
                s.overall().requests(), s.overall().uniqueVisitors(), s.overall().topPaths().getFirst());
        if (!childFigures.equals(figures(s))) {
            throw new IllegalStateException("child process figures differ: " + childFigures + " vs " + figures(s));
        }

        // 3. Memory against file size: the same generator (same distinct addresses, agents and paths) at other sizes.
        for (long m : memorySizes) {
            Path other = generated(dir, m);
            Child c = child(other, dir);
            System.out.printf(Locale.ROOT, "memory: %,d bytes -> max RSS %d MB (%s), first byte to result %.3f s%n",
                    Files.size(other), c.maxRssKb / 1024, c.figures.substring(0, c.figures.indexOf(" statusCodes")),
                    c.analysis);
        }
        Child same = child(log, dir);
        System.out.printf(Locale.ROOT, "memory: %,d bytes -> max RSS %d MB (%s)%n", bytes, same.maxRssKb / 1024,
                same.figures.substring(0, same.figures.indexOf(" statusCodes")));
        if (!goaccess) {
            return;
        }

        // 4. GoAccess on the same file, and the comparison of the figures.
        Path json = dir.resolve("goaccess-" + size + ".json");
        Path gaCpuFile = dir.resolve("goaccess-cpu.txt");
        List<String> gaCmd = new ArrayList<>(TIME);
        gaCmd.addAll(List.of("-o", gaCpuFile.toString(), "goaccess", log.toString(), "--log-format=COMBINED", "-o",
                json.toString()));
        System.out.printf(Locale.ROOT, "load average at start of goaccess: %s%n", loadAverage());
        long t = System.nanoTime();
        Process p = new ProcessBuilder(gaCmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("goaccess failed, exit " + p.exitValue());
        }
        double ga = (System.nanoTime() - t) / 1e9;
        double gaCpu = cpuSeconds(gaCpuFile);
        String gaFigures = goaccessFigures(json);
        boolean equal = gaFigures.equals(figures(s));
        System.out.printf(Locale.ROOT, "goaccess 1.7 whole process: %.1f s = %.4f GB/s, CPU %.1f s%n", ga,
                bytes / ga / 1e9, gaCpu);
        System.out.println("goaccess figures: " + gaFigures);
        System.out.println("braid figures:    " + figures(s));
        System.out.println("figures equal: " + equal);
        System.out.printf(Locale.ROOT, "ratio goaccess / braid whole process: wall %.0fx, CPU %.0fx%n", ga / whole,
                gaCpu / wholeCpu);
        if (!equal) {
            System.exit(1);
        }
    }

    private record Child(String figures, double analysis, double wall, double cpu, long maxRssKb) {}

    /** One {@code --analyze} child process under /usr/bin/time. */
    private static Child child(Path log, Path dir) throws IOException, InterruptedException {
        Path timeFile = dir.resolve("child-time.txt");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S %M", "-o", timeFile.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(CHILD_FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), LogBench.class.getName(), "--analyze",
                log.toString()));
        Path err = dir.resolve("child-stderr.txt");
        long t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("child failed: " + out + " " + Files.readString(err));
        }
        double wall = (System.nanoTime() - t) / 1e9;
        String[] time = Files.readAllLines(timeFile).getLast().strip().split(" ");
        String analysis = Files.readAllLines(err).stream().filter(l -> l.startsWith("analysis ")).findFirst()
                .orElseThrow(() -> new IllegalStateException("child printed no analysis time"));
        return new Child(out, Double.parseDouble(analysis.split(" ")[1]), wall,
                Double.parseDouble(time[0]) + Double.parseDouble(time[1]), Long.parseLong(time[2]));
    }

    /** The generated log of {@code size} bytes in {@code dir}, made once (seed 42, see the class comment). */
    private static Path generated(Path dir, long size) throws IOException {
        Path log = dir.resolve("access-" + size + ".log");
        if (!Files.exists(log) || Files.size(log) < size) {
            long t = System.nanoTime();
            LogGenerator.builder().seed(42).day(LocalDate.of(2026, 11, 22)).offset(ZoneOffset.UTC)
                    .distinctIps(60_000).distinctAgents(900).distinctPaths(20_000).build().writeAccessLog(log, size);
            System.out.printf(Locale.ROOT, "generated %s (%,d bytes) in %.1f s%n", log, Files.size(log),
                    (System.nanoTime() - t) / 1e9);
        }
        return log;
    }

    /** GNU time writes user and system CPU seconds to the file given with -o. */
    private static final List<String> TIME = List.of("/usr/bin/time", "-f", "%U %S");

    private static double cpuSeconds(Path timeOutput) throws IOException {
        List<String> lines = Files.readAllLines(timeOutput);
        String[] parts = lines.getLast().strip().split(" ");
        return Double.parseDouble(parts[0]) + Double.parseDouble(parts[1]);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static AccessLogAnalyzer analyzer() {
        return AccessLogAnalyzer.builder().format(LogFormat.COMBINED).zone(ZoneOffset.UTC).allDays().build();
    }

    /** The child process: prints the figures, and on stderr the analysis time from first byte to result. */
    private static void analyzeAndPrint(Path log) throws Exception {
        long t = System.nanoTime();
        AccessSummary s = analyzer().analyze(log);
        double sec = (System.nanoTime() - t) / 1e9;
        System.out.println(figures(s));
        System.err.printf(Locale.ROOT, "analysis %.3f s = %.2f GB/s%n", sec, s.bytesRead() / sec / 1e9);
    }

    /** The figures compared with GoAccess: requests, unique visitors, requests per status code. */
    static String figures(AccessSummary s) {
        return "requests=" + s.overall().requests() + " uniqueVisitors=" + s.overall().uniqueVisitors()
                + " statusCodes=" + new TreeMap<>(s.overall().statusCodes());
    }

    static String goaccessFigures(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        Map<Integer, Long> codes = new TreeMap<>();
        for (JsonNode cls : root.path("status_codes").path("data")) {
            for (JsonNode item : cls.path("items")) {
                String data = item.path("data").asText();
                codes.put(Integer.parseInt(data.substring(0, 3)), item.path("hits").path("count").asLong());
            }
        }
        return "requests=" + root.path("general").path("valid_requests").asLong() + " uniqueVisitors="
                + root.path("general").path("unique_visitors").asLong() + " statusCodes=" + codes;
    }

    private static long parseSize(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        long mult = 1;
        if (l.endsWith("g")) {
            mult = 1L << 30;
        } else if (l.endsWith("m")) {
            mult = 1L << 20;
        } else if (l.endsWith("k")) {
            mult = 1L << 10;
        }
        String digits = mult == 1 ? l : l.substring(0, l.length() - 1);
        return Long.parseLong(digits) * mult;
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String fmt(List<Double> xs) {
        return xs.stream().map(x -> String.format(Locale.ROOT, "%.3f", x)).toList().toString();
    }
}
