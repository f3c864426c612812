package braid.logs.internal;

import org.jspecify.annotations.Nullable;
import braid.logs.AccessSummary;
import braid.logs.Count;
import braid.logs.MalformedLine;
import braid.logs.SiteFigures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Merges the per-thread tables of a scan into an {@link AccessSummary}. */
public final class Merge {
    private static final int SAMPLES = 10;
    /** Visitor keys above which their union gets its own thread. */
    private static final long PARALLEL_VISITORS = 100_000;

    private Merge() {}

    public static AccessSummary summary(Scanner.Result r, String format, ZoneId zone, @Nullable LocalDate day, int topN) {
        List<Worker> ws = r.workers();
        // Translate per-thread ids (decoded agents, IPv6 addresses) into global ones, so that visitor
        // keys from different threads compare equal.
        ByteTable agents = new ByteTable();
        ByteTable ip6 = new ByteTable();
        int[][] agentMap = new int[ws.size()][];
        int[][] ip6Map = new int[ws.size()][];
        for (int i = 0; i < ws.size(); i++) {
            Worker w = ws.get(i);
            // Worker 0 first: its tables' entries are distinct, so its ids map to themselves.
            agentMap[i] = translate(w.canonAgents, agents);
            ip6Map[i] = translate(w.ip6, ip6);
        }
        Worker first = ws.get(0);
        long globalBase = first.baseDay;
        if (globalBase == Long.MIN_VALUE) {
            // The first worker counted nothing: its sets are empty, and any base day will do.
            first = null;
            globalBase = ws.stream().mapToLong(w -> w.baseDay).filter(d -> d != Long.MIN_VALUE).findFirst()
                    .orElse(0);
        }
        SiteFigures overall = site(ws, ws.stream().map(w -> w.all).toList(), agentMap, ip6Map, first, globalBase, topN);
        Map<String, List<SiteAcc>> byHost = new TreeMap<>();
        Map<String, List<Integer>> owners = new HashMap<>();
        for (int i = 0; i < ws.size(); i++) {
            Worker w = ws.get(i);
            for (int v = 0; v < w.vhosts.size(); v++) {
                String host = w.vhosts.string(v).toLowerCase(Locale.ROOT);
                byHost.computeIfAbsent(host, k -> new ArrayList<>()).add(w.site(v));
                owners.computeIfAbsent(host, k -> new ArrayList<>()).add(i);
            }
        }
        Map<String, SiteFigures> vhosts = new LinkedHashMap<>();
        for (var e : byHost.entrySet()) {
            List<Integer> own = owners.getOrDefault(e.getKey(), List.of()); // filled with byHost, key by key
            List<Worker> sub = own.stream().map(ws::get).toList();
            int[][] am = own.stream().map(i -> agentMap[i]).toArray(int[][]::new);
            int[][] im = own.stream().map(i -> ip6Map[i]).toArray(int[][]::new);
            vhosts.put(e.getKey(), site(sub, e.getValue(), am, im, first, globalBase, topN));
        }
        long lines = 0;
        long other = 0;
        long linesBefore = 0;
        long firstEpoch = Long.MAX_VALUE;
        long lastEpoch = Long.MIN_VALUE;
        long ignored = 0;
        long malformed = 0;
        long truncated = 0;
        Map<Long, Long> chunkLines = new HashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (Worker w : ws) {
            lines += w.lines;
            other += w.otherDay;
            linesBefore += w.beforeDay;
            firstEpoch = Math.min(firstEpoch, w.firstEpoch);
            lastEpoch = Math.max(lastEpoch, w.lastEpoch);
            ignored += w.ignored;
            malformed += w.malformed;
            truncated += w.truncated;
            for (long[] c : w.chunkLines) {
                chunkLines.put(c[0] << 32 | c[1], c[2]);
            }
            samples.addAll(w.samples);
        }
        List<MalformedLine> out = new ArrayList<>();
        if (samples.size() > 1) { // (its comparator's lambdas are made at run time: 1-4 ms of a fresh process)
            samples.sort(Comparator.comparingInt(Sample::file).thenComparingInt(Sample::chunk)
                    .thenComparingInt(Sample::lineInChunk));
        }
        // chunk numbers may be sparse (a split of a file on a cluster numbers its chunks from split × 4096)
        java.util.TreeMap<Long, Long> ordered = new java.util.TreeMap<>(chunkLines);
        for (Sample s : samples.subList(0, Math.min(SAMPLES, samples.size()))) {
            long before = 0;
            for (long n : ordered.subMap((long) s.file() << 32, (long) s.file() << 32 | s.chunk()).values()) {
                before += n;
            }
            Path file = r.files().get(s.file());
            out.add(new MalformedLine(file, before + s.lineInChunk(), s.reason(), s.excerpt()));
        }
        braid.logs.Coverage coverage = new braid.logs.Coverage(
                firstEpoch == Long.MAX_VALUE ? null : java.time.Instant.ofEpochSecond(firstEpoch),
                lastEpoch == Long.MIN_VALUE ? null : java.time.Instant.ofEpochSecond(lastEpoch), linesBefore,
                other - linesBefore);
        return new AccessSummary(r.files(), format, zone, day, overall, vhosts, lines, other, ignored, malformed,
                truncated, out, r.warnings(), r.bytesRead(), coverage);
    }

    private static int[] translate(ByteTable local, ByteTable global) {
        int[] map = new int[local.size()];
        for (int id = 0; id < map.length; id++) {
            map[id] = global.id(local.arena(), local.offset(id), local.length(id));
        }
        return map;
    }

    private static SiteFigures site(List<Worker> ws, List<SiteAcc> accs, int[][] agentMap, int[][] ip6Map,
            @Nullable Worker first, long globalBase, int topN) {
        long requests = 0;
        long bytes = 0;
        long bots = 0;
        long[] status = new long[600];
        long[] hours = new long[24];
        // Unique visitors: the union of the workers' sets. With many visitors it runs on its own thread while this
        // one merges the rest; it was half of the merge, which comes after the parallel scan.
        long keys = 0;
        for (SiteAcc a : accs) {
            keys += a.visitors4.size() + a.visitors6.size() + a.visitors.size();
        }
        FutureTask<Long> visitors = new FutureTask<>(() -> {
            if (accs.size() == 1) {
                SiteAcc a = accs.getFirst(); // its ids translate one to one: its keys stay distinct
                return (long) a.visitors4.size() + a.visitors6.size() + a.visitors.size();
            }
            if (accs.size() == 2 && (ws.get(0) == first || ws.get(1) == first)) {
                int f = ws.get(0) == first ? 0 : 1;
                return VisitorUnion.unionSize(accs.get(f), globalBase, accs.get(1 - f), ws.get(1 - f).baseDay,
                        agentMap[1 - f], ip6Map[1 - f]);
            }
            // The first worker's ids are the global ones (summary seeds the global tables with its tables).
            VisitorUnion u = new VisitorUnion(globalBase);
            for (int i = 0; i < accs.size(); i++) {
                if (ws.get(i) == first) {
                    u.addIdentity(accs.get(i));
                }
            }
            for (int i = 0; i < accs.size(); i++) {
                if (ws.get(i) != first) {
                    u.add(accs.get(i), ws.get(i).baseDay, agentMap[i], ip6Map[i]);
                }
            }
            return u.size();
        });
        if (keys > PARALLEL_VISITORS) {
            Thread.ofPlatform().daemon().name("braid-logs-merge").start(visitors);
        } else {
            visitors.run();
        }
        Map<String, long[]> paths = new HashMap<>();
        Map<String, long[]> refs = new HashMap<>();
        for (int i = 0; i < accs.size(); i++) {
            SiteAcc a = accs.get(i);
            requests += a.requests;
            bytes += a.bytes;
            bots += a.bots;
            for (int s = 0; s < 600; s++) {
                status[s] += a.status[s];
            }
            for (int h = 0; h < 24; h++) {
                hours[h] += a.hours[h];
            }
            for (int id = 0; id < a.paths.size(); id++) {
                long[] c = paths.computeIfAbsent(a.paths.string(id), k -> new long[3]);
                c[0] += a.pathHits[id];
                c[1] += a.path404[id];
                c[2] += a.path5xx[id];
            }
            for (int id = 0; id < a.refs.size(); id++) {
                String host = new String(a.refs.arena(), a.refs.offset(id), a.refs.length(id),
                        StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                refs.computeIfAbsent(host, k -> new long[1])[0] += a.refHits[id];
            }
        }
        Map<String, Long> classes = new LinkedHashMap<>();
        Map<Integer, Long> codes = new LinkedHashMap<>();
        for (int c = 1; c <= 5; c++) {
            long sum = 0;
            for (int s = c * 100; s < c * 100 + 100; s++) {
                sum += status[s];
            }
            if (sum > 0) {
                classes.put(c + "xx", sum);
            }
        }
        for (int s = 100; s < 600; s++) {
            if (status[s] > 0) {
                codes.put(s, status[s]);
            }
        }
        List<Long> perHour = new ArrayList<>(24);
        for (long h : hours) {
            perHour.add(h);
        }
        long unique;
        try {
            unique = visitors.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while merging the visitors", e);
        }
        return new SiteFigures(requests, unique, bytes, classes, codes, top(paths, 0, topN),
                top(paths, 1, topN), top(paths, 2, topN), top(refs, 0, topN), perHour, bots);
    }

    /**
     * The {@code n} keys with the highest count at {@code idx} (ties by key), highest first. A small sorted array
     * instead of a heap with a comparator chain: this runs once per list in a fresh process, before the JIT has
     * compiled any of it, and the comparator's lambdas made it several times slower there.
     */
    private static List<Count> top(Map<String, long[]> m, int idx, int n) {
        String[] keys = new String[n];
        long[] counts = new long[n];
        int size = 0;
        for (var e : m.entrySet()) {
            long c = e.getValue()[idx];
            String k = e.getKey();
            if (c <= 0 || n == 0 || size == n && !before(c, k, counts[n - 1], keys[n - 1])) {
                continue;
            }
            int i = size < n ? size++ : n - 1;
            while (i > 0 && before(c, k, counts[i - 1], keys[i - 1])) {
                counts[i] = counts[i - 1];
                keys[i] = keys[i - 1];
                i--;
            }
            counts[i] = c;
            keys[i] = k;
        }
        List<Count> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Count(keys[i], counts[i]));
        }
        return out;
    }

    private static boolean before(long c, String k, long otherCount, String otherKey) {
        return c > otherCount || c == otherCount && k.compareTo(otherKey) < 0;
    }
}
