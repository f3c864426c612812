package braid.logs.internal;

/**
 * Open-addressing set of non-zero longs: IPv4 visitors packed into one long, half the memory (and cache
 * misses) of a pair per visitor. Not thread-safe.
 */
final class LongSet implements java.io.Serializable {
    private long[] keys = new long[4096];
    private int bits = 12;
    private int size;
    /** Keys waiting for {@link #flush}; see {@link #addSoon}. */
    private final long[] pending = new long[BATCH];
    private int pendingCount;
    /** Sum of the slots touched ahead of a batch, kept so the touching loads are not optimised away. */
    long touched;

    private static final int BATCH = 32;

    int size() {
        flush();
        return size;
    }

    /**
     * Adds {@code key} with the next batch. The table is far larger than the caches close to the core and each
     * add is one cache miss; touching a whole batch's slots in one tight loop first lets the processor wait for
     * those misses in parallel instead of one after another (Java has no prefetch instruction).
     */
    void addSoon(long key) {
        pending[pendingCount++] = key;
        if (pendingCount == BATCH) {
            flush();
        }
    }

    /** Adds every key given to {@link #addSoon}. */
    void flush() {
        int n = pendingCount;
        if (n == 0) {
            return;
        }
        pendingCount = 0;
        long[] k = keys;
        int shift = 64 - bits;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += k[(int) ((pending[i] * 0x9E3779B97F4A7C15L) >>> shift)];
        }
        touched += sum;
        for (int i = 0; i < n; i++) {
            add(pending[i]);
        }
    }

    void add(long key) {
        long[] k = keys;
        int mask = k.length - 1;
        int idx = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - bits));
        while (true) {
            long x = k[idx];
            if (x == key) {
                return;
            }
            if (x == 0) {
                k[idx] = key;
                // Grows at 3/4 full, not 1/2: with about 250,000 visitors per parser thread the table stays at 4 MB
                // instead of 8 MB, and its cache misses were the largest single cost of a line.
                if (++size * 4 > k.length * 3) {
                    grow();
                }
                return;
            }
            idx = (idx + 1) & mask;
        }
    }

    /** Whether {@code key} is in the set. */
    boolean contains(long key) {
        flush();
        long[] k = keys;
        int mask = k.length - 1;
        int idx = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - bits));
        while (true) {
            long x = k[idx];
            if (x == key) {
                return true;
            }
            if (x == 0) {
                return false;
            }
            idx = (idx + 1) & mask;
        }
    }

    /** A copy with the same keys (one array copy, no re-adding). */
    LongSet copy() {
        flush();
        LongSet c = new LongSet();
        c.keys = keys.clone();
        c.bits = bits;
        c.size = size;
        return c;
    }

    void forEach(java.util.function.LongConsumer each) {
        flush();
        for (long x : keys) {
            if (x != 0) {
                each.accept(x);
            }
        }
    }

    private void grow() {
        long[] old = keys;
        keys = new long[old.length * 2];
        bits++;
        size = 0;
        for (long x : old) {
            if (x != 0) {
                add(x);
            }
        }
    }
}
