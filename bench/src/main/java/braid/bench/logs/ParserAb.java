package braid.bench.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Builds of braid's log parser against each other, without the process around them: each build (a directory of
 * compiled braid-logs classes, e.g. {@code logs/target/classes} of two worktrees) gets a class loader of its own in one
 * JVM, and the builds take turns, in a rotating order, parsing the same log held in memory with two workers' share of
 * the chunks (as the two parser threads of a run get them) on one thread. Prints each build's CPU seconds per GB of the
 * parse alone: the median, the least and every round.
 *
 * <p>Whole runs of {@code braid logs} move by 15–40 % with this VM's phase (bench/results/logs.md "Session 24"); this
 * moves less (±8 %), since the builds share the minutes they run in. Each chunk is first copied into one of four reused
 * buffers, as the reader thread does. Session 24 measured the IPv6 change with it.
 *
 * <pre>
 * bench/logs/parser-ab ROUNDS LOG CLASSES_DIR...   (the script passes the launcher's C1 flags for braid logs)
 * </pre>
 */
public final class ParserAb {
    private static final int CHUNK = 4 << 20;
    private static final int SLACK = 64;

    private ParserAb() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ParserAb LOG ROUNDS CORE_CLASSES_DIR LOGS_CLASSES_DIR...");
            System.exit(2);
        }
        Path log = Path.of(args[0]);
        int rounds = Integer.parseInt(args[1]);
        Path core = Path.of(args[2]);
        String[] builds = Arrays.copyOfRange(args, 3, args.length);
        List<byte[]> chunks = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        long bytes = read(log, chunks, lengths);
        int n = builds.length;
        Constructor<?>[] worker = new Constructor<?>[n];
        Method[] parse = new Method[n];
        Object[] combined = new Object[n];
        for (int v = 0; v < n; v++) {
            URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(builds[v]).toUri().toURL(), core.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            Class<?> spec = loader.loadClass("braid.logs.internal.FormatSpec");
            combined[v] = spec.getField("COMBINED").get(null);
            Class<?> w = loader.loadClass("braid.logs.internal.Worker");
            worker[v] = w.getDeclaredConstructor(spec, boolean.class, long.class, long.class, ZoneId.class);
            worker[v].setAccessible(true);
            parse[v] = w.getDeclaredMethod("parseChunk", byte[].class, int.class, int.class, int.class);
            parse[v].setAccessible(true);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[][] ring = new byte[4][CHUNK + SLACK];
        double[][] perGb = new double[n][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < n; k++) {
                int v = (k + r) % n; // a different build goes first each round
                Object[] workers = {newWorker(worker[v], combined[v]), newWorker(worker[v], combined[v])};
                long cpu = 0;
                for (int i = 0; i < chunks.size(); i++) {
                    byte[] buf = ring[i & 3];
                    System.arraycopy(chunks.get(i), 0, buf, 0, lengths.get(i));
                    long before = threads.getCurrentThreadCpuTime();
                    try {
                        parse[v].invoke(workers[i & 1], buf, lengths.get(i), 0, i);
                    } catch (InvocationTargetException e) {
                        throw new IllegalStateException(builds[v] + " failed on chunk " + i, e.getCause());
                    }
                    cpu += threads.getCurrentThreadCpuTime() - before;
                }
                perGb[v][r] = cpu / 1e9 * (1L << 30) / bytes;
            }
        }
        for (int v = 0; v < n; v++) {
            double[] sorted = perGb[v].clone();
            Arrays.sort(sorted);
            StringBuilder all = new StringBuilder();
            for (double x : perGb[v]) {
                all.append(String.format(Locale.ROOT, " %.3f", x));
            }
            System.out.printf(Locale.ROOT, "%-40s median %.3f  least %.3f CPU-s per GB  |%s%n", builds[v],
                    sorted[sorted.length / 2], sorted[0], all);
        }
    }

    private static Object newWorker(Constructor<?> worker, Object spec) throws ReflectiveOperationException {
        return worker.newInstance(spec, true, 0L, 0L, ZoneId.of("UTC")); // every day, as --all
    }

    /** The log in 4 MiB chunks ending at line ends, as the scanner cuts them; returns the bytes kept. */
    private static long read(Path log, List<byte[]> chunks, List<Integer> lengths) throws IOException {
        long kept = 0;
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            byte[] carry = new byte[0];
            while (true) {
                byte[] buf = new byte[CHUNK + SLACK];
                System.arraycopy(carry, 0, buf, 0, carry.length);
                int n = carry.length;
                int r = f.read(buf, n, CHUNK - n);
                if (r <= 0) {
                    break;
                }
                n += r;
                int last = n - 1;
                while (last >= 0 && buf[last] != '\n') {
                    last--;
                }
                if (last < 0) {
                    throw new IOException(log + ": a line longer than 4 MiB");
                }
                carry = Arrays.copyOfRange(buf, last + 1, n);
                chunks.add(buf);
                lengths.add(last + 1);
                kept += last + 1;
            }
        }
        return kept;
    }
}
