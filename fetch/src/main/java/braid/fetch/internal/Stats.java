package braid.fetch.internal;

import braid.fetch.FetchResult;
import braid.fetch.FetchSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects the figures of a run as results are handed over; used by one thread. */
public final class Stats {
    private long requests;
    private long failed;
    private final Map<String, Long> byStatus = new TreeMap<>();
    private final Map<String, Map<String, Long>> errors = new HashMap<>();
    private final Map<String, long[]> hostTimes = new HashMap<>(); // sum ms, count
    private long[] ms = new long[1024];

    public synchronized void add(FetchResult r) {
        requests++;
        if (requests > ms.length) ms = Arrays.copyOf(ms, ms.length * 2);
        ms[(int) requests - 1] = r.ms();
        String host = r.request().url().getHost();
        long[] t = hostTimes.computeIfAbsent(host, h -> new long[2]);
        t[0] += r.ms();
        t[1]++;
        if (r.error() != null) {
            failed++;
            errors.computeIfAbsent(host, h -> new HashMap<>()).merge(r.error(), 1L, Long::sum);
        } else {
            byStatus.merge((r.status() / 100) + "xx", 1L, Long::sum);
        }
    }

    public synchronized long requests() {
        return requests;
    }

    public synchronized long failed() {
        return failed;
    }

    public synchronized FetchSummary summary(Duration wall) {
        long[] sorted = Arrays.copyOf(ms, (int) requests);
        Arrays.sort(sorted);
        Map<String, List<Map.Entry<String, Long>>> top = new TreeMap<>();
        errors.forEach((host, m) -> top.put(host, m.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).map(e -> Map.entry(e.getKey(), e.getValue())).toList()));
        List<Map.Entry<String, Duration>> slow = new ArrayList<>();
        hostTimes.forEach((h, t) -> slow.add(Map.entry(h, Duration.ofMillis(t[0] / Math.max(1, t[1])))));
        slow.sort(Map.Entry.<String, Duration>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return new FetchSummary(requests, 0, new LinkedHashMap<>(byStatus), failed, top, pct(sorted, 50), pct(sorted, 95),
                wall, slow.subList(0, Math.min(5, slow.size())));
    }

    private static Duration pct(long[] sorted, int p) {
        if (sorted.length == 0) return Duration.ZERO;
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return Duration.ofMillis(sorted[Math.max(0, Math.min(sorted.length - 1, i))]);
    }
}
