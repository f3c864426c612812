package braid.bench.engine;

import org.jspecify.annotations.Nullable;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N tasks each waiting 100 ms on the real clock: braid's scope form against a bare
 * {@code Executors.newVirtualThreadPerTaskExecutor()} and Python's {@code asyncio.gather}, all in
 * one run on the same machine, each the best of 3 inside one warm process.
 *
 * <p>Run: {@code bench/run braid.bench.engine.EngineBench [--tasks 100000] [--delay-ms 100] [--repeats 3]}
 */
public final class EngineBench {

    public static void main(String[] args) throws Exception {
        int tasks = 100_000;
        long delayMs = 100;
        int repeats = 3;
        boolean python = true;
        boolean record = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tasks" -> tasks = Integer.parseInt(args[++i].replace("_", ""));
                case "--delay-ms" -> delayMs = Long.parseLong(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--no-python" -> python = false;
                case "--record" -> record = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Duration delay = Duration.ofMillis(delayMs);
        if (record) {
            recorded(tasks, delay);
            return;
        }
        System.out.printf(Locale.ROOT, "%,d tasks each waiting %d ms; best of %d; %d cores; %s%n",
                tasks, delayMs, repeats, Runtime.getRuntime().availableProcessors(), Runtime.version());

        // warm-up of both Java paths
        braid(Math.min(tasks, 10_000), delay);
        bare(Math.min(tasks, 10_000), delay);

        double braidBest = Double.MAX_VALUE, bareBest = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) { // alternate, since these machines drift
            bareBest = Math.min(bareBest, bare(tasks, delay));
            braidBest = Math.min(braidBest, braid(tasks, delay));
        }
        Double pyBest = python ? python(tasks, delay, repeats) : null;

        System.out.printf(Locale.ROOT, "%-44s %9s %s%n", "implementation", "wall", "ratio");
        System.out.printf(Locale.ROOT, "%-44s %8.3fs %s%n", "braid Engine.scope (fork + join)", braidBest, "1.00");
        System.out.printf(Locale.ROOT, "%-44s %8.3fs %.2f× braid%n", "Executors.newVirtualThreadPerTaskExecutor", bareBest, braidBest / bareBest);
        if (pyBest != null)
            System.out.printf(Locale.ROOT, "%-44s %8.3fs braid is %.1f× faster%n", "Python " + pythonVersion() + " asyncio.gather", pyBest, pyBest / braidBest);
        System.out.printf(Locale.ROOT, "braid/bare = %.3f (goal ≤ 1.3)%s%n", braidBest / bareBest,
                pyBest == null ? "" : String.format(Locale.ROOT, "; asyncio/braid = %.1f (goal ≥ 5)", pyBest / braidBest));
    }

    static double braid(int n, Duration delay) {
        Engine engine = Engine.create();
        long t0 = System.nanoTime();
        long sum = engine.scope("bench", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) forks.add(scope.fork("t", Policy.DEFAULT, ctx -> { ctx.sleep(delay); return 1; }));
            long s = 0;
            for (Fork<Integer> f : forks) s += f.join();
            return s;
        });
        if (sum != n) throw new AssertionError(sum);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One run with the run recorder attached and the HTML page rendered: the memory check for huge runs. */
    static void recorded(int n, Duration delay) throws IOException {
        braid.timeline.RunRecorder recorder = new braid.timeline.RunRecorder();
        long t0 = System.nanoTime();
        Engine.create().scope("bench", scope -> {
            for (int i = 0; i < n; i++) scope.fork("t" + i, Policy.DEFAULT, ctx -> { ctx.sleep(delay); return null; });
            return null;
        }, recorder);
        double runS = (System.nanoTime() - t0) / 1e9;
        braid.timeline.RunRecord rec = recorder.record();
        long t1 = System.nanoTime();
        String html = braid.timeline.HtmlTimeline.render(rec);
        Path json = Files.createTempFile("braid-bench", ".json");
        rec.write(json);
        double renderS = (System.nanoTime() - t1) / 1e9;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%,d recorded tasks: run %.2f s, record+HTML+JSON %.2f s, %d tasks in record, HTML %,d bytes, JSON %,d bytes, heap used after GC %,d MB (max %,d MB)%n",
                n, runS, renderS, rec.tasks().size(), html.length(), Files.size(json), (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        Files.delete(json);
    }

    static double bare(int n, Duration delay) throws Exception {
        long t0 = System.nanoTime();
        long sum = 0;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> fs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) fs.add(ex.submit(() -> { Thread.sleep(delay); return 1; }));
            for (Future<Integer> f : fs) sum += f.get();
        }
        if (sum != n) throw new AssertionError(sum);
        return (System.nanoTime() - t0) / 1e9;
    }

    static @Nullable Double python(int n, Duration delay, int repeats) throws IOException, InterruptedException {
        Path script = locate("bench/src/main/python/asyncio_sleepers.py");
        if (script == null) {
            System.out.println("(python peer skipped: asyncio_sleepers.py not found; run from the repository root)");
            return null;
        }
        Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(n),
                Double.toString(delay.toMillis() / 1000.0), Integer.toString(repeats)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) throw new IOException("python3 failed: " + out);
        return Double.parseDouble(out);
    }

    static String pythonVersion() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip().replace("Python ", "");
            p.waitFor();
            return v;
        } catch (IOException | InterruptedException e) {
            return "3";
        }
    }

    static @Nullable Path locate(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(relative);
            if (Files.exists(p)) return p;
        }
        return null;
    }
}
