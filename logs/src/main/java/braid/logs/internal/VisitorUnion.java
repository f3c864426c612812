package braid.logs.internal;

/**
 * Unique visitors of one site across parser threads: the union of their visitor sets, with per-thread agent and
 * IPv6 ids translated into global ones. Not thread-safe.
 *
 * <p>The set of the thread whose ids are the global ones (the first; Merge seeds the global tables with its
 * tables) is copied as it is, and the others' keys are added to it: re-adding every key of every thread into a
 * fresh table cost a tenth of a cold run. Every key is placed by one rule (packed when its day and agent fit,
 * as in {@link Worker}), so the three sets stay disjoint and their sizes add up.
 */
final class VisitorUnion {
    private final long base;
    @SuppressWarnings("NullAway.Init") // set by addIdentity or the first add, before any other use
    private LongSet v4;
    @SuppressWarnings("NullAway.Init")
    private LongSet v6;
    private final PairSet other = new PairSet();

    /** {@code base} is the day packed keys are relative to: the baseDay of the thread whose ids are global. */
    VisitorUnion(long base) {
        this.base = base;
    }

    /** Starts from the sets of the thread whose ids and base day are the global ones; call before {@link #add}. */
    void addIdentity(SiteAcc a) {
        v4 = a.visitors4.copy();
        v6 = a.visitors6.copy();
        a.visitors.forEach(other::add);
    }

    /** Adds a thread's visitors; {@code agentMap} and {@code ip6Map} translate its ids, {@code day0} its base. */
    void add(SiteAcc a, long day0, int[] agentMap, int[] ip6Map) {
        if (v4 == null) {
            v4 = new LongSet();
            v6 = new LongSet();
        }
        a.visitors4.forEach(k -> place(1, k >>> 32, day0 + ((k >>> 20) & 0x7ff), agentMap[(int) (k & 0xfffff)]));
        a.visitors6.forEach(k -> place(2, ip6Map[(int) (k >>> 32)], day0 + ((k >>> 20) & 0x7ff),
                agentMap[(int) (k & 0xfffff)]));
        a.visitors.forEach((x, y) -> {
            long kind = x >>> 40;
            long ip = kind == 2 ? ip6Map[(int) (x & 0xffffffffL)] : x & 0xffffffffL;
            place(kind, ip, y >>> 32, agentMap[(int) (y & 0xffffffffL)]);
        });
    }

    /**
     * The number of distinct visitors of {@code first} (the thread whose ids and base day {@code base} are the global
     * ones) and {@code other} (another thread's, {@code day0} its base, translated by the maps) together, by lookups
     * alone: {@code other}'s keys are distinct among themselves (its ids translate one to one), so the union adds
     * those that {@code first}'s sets lack. No copy of a set and no insertion: the union of two threads' sets was the
     * longest part of the merge, which runs after the parallel scan.
     */
    static long unionSize(SiteAcc first, long base, SiteAcc other, long day0, int[] agentMap, int[] ip6Map) {
        long[] missing = new long[1];
        other.visitors4.forEach(k -> {
            if (!has(first, base, 1, k >>> 32, day0 + ((k >>> 20) & 0x7ff), agentMap[(int) (k & 0xfffff)])) missing[0]++;
        });
        other.visitors6.forEach(k -> {
            if (!has(first, base, 2, ip6Map[(int) (k >>> 32)], day0 + ((k >>> 20) & 0x7ff), agentMap[(int) (k & 0xfffff)])) {
                missing[0]++;
            }
        });
        other.visitors.forEach((x, y) -> {
            long kind = x >>> 40;
            long ip = kind == 2 ? ip6Map[(int) (x & 0xffffffffL)] : x & 0xffffffffL;
            if (!has(first, base, kind, ip, y >>> 32, agentMap[(int) (y & 0xffffffffL)])) missing[0]++;
        });
        return first.visitors4.size() + first.visitors6.size() + first.visitors.size() + missing[0];
    }

    /** Whether {@code a}'s sets hold the visitor, looked up where {@link #place} puts it. */
    private static boolean has(SiteAcc a, long base, long kind, long ip, long day, int agent) {
        long rel = day - base;
        if (rel >= 0 && rel < 2048 && agent < (1 << 20) && (kind == 1 || ip < (1L << 31))) {
            return (kind == 1 ? a.visitors4 : a.visitors6).contains(ip << 32 | 1L << 31 | rel << 20 | agent);
        }
        return a.visitors.contains(kind << 40 | ip, day << 32 | agent);
    }

    private void place(long kind, long ip, long day, int agent) {
        long rel = day - base;
        if (rel >= 0 && rel < 2048 && agent < (1 << 20) && (kind == 1 || ip < (1L << 31))) {
            (kind == 1 ? v4 : v6).addSoon(ip << 32 | 1L << 31 | rel << 20 | agent);
        } else {
            other.add(kind << 40 | ip, day << 32 | agent);
        }
    }

    long size() {
        return (v4 == null ? 0 : v4.size() + v6.size()) + other.size();
    }
}
