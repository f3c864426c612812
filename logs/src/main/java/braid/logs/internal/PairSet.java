package braid.logs.internal;

/**
 * Open-addressing set of (long, long) pairs; used for unique visitors (address, day and agent id).
 *
 * <p>Hand-written to avoid an object per visitor. Not thread-safe. The pair (0, 0) is never stored:
 * callers always set a high bit in {@code a}.
 */
public final class PairSet implements java.io.Serializable {
    private long[] keys = new long[2048];
    private int size;
    private int mask = 1023;

    public int size() {
        return size;
    }

    public void add(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL;
        int idx = (int) (h ^ (h >>> 29)) & mask;
        long[] k = keys;
        while (true) {
            int p = idx << 1;
            long ka = k[p];
            if (ka == 0 && k[p + 1] == 0) {
                k[p] = a;
                k[p + 1] = b;
                // Grows at 3/4 full like LongSet: half the memory, fewer cache misses.
                if (++size * 4 > (mask + 1) * 3) {
                    grow();
                }
                return;
            }
            if (ka == a && k[p + 1] == b) {
                return;
            }
            idx = (idx + 1) & mask;
        }
    }

    /** Whether the pair is in the set. */
    public boolean contains(long a, long b) {
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL;
        int idx = (int) (h ^ (h >>> 29)) & mask;
        long[] k = keys;
        while (true) {
            int p = idx << 1;
            long ka = k[p];
            if (ka == a && k[p + 1] == b) {
                return true;
            }
            if (ka == 0 && k[p + 1] == 0) {
                return false;
            }
            idx = (idx + 1) & mask;
        }
    }

    /** Calls {@code each} for every pair. */
    public void forEach(PairConsumer each) {
        for (int i = 0; i < keys.length; i += 2) {
            if (keys[i] != 0 || keys[i + 1] != 0) {
                each.accept(keys[i], keys[i + 1]);
            }
        }
    }

    private void grow() {
        long[] old = keys;
        keys = new long[old.length * 2];
        mask = (keys.length >> 1) - 1;
        size = 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                add(old[i], old[i + 1]);
            }
        }
    }

    /** Receives one pair. */
    @FunctionalInterface
    public interface PairConsumer {
        void accept(long a, long b);
    }
}
