package braid.logs.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Open-addressing map from 64-bit content hashes to dense ids; identifies user agents without comparing
 * their bytes on every line.
 *
 * <p>GoAccess itself keys agents by a 32-bit hash; a 64-bit one over every byte makes a collision among
 * thousands of agents vanishingly unlikely (about 1e-13), and saves the byte comparison that was a quarter
 * of the parse time. Not thread-safe.
 */
final class HashIds implements java.io.Serializable {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /**
     * Key and id side by side ({@code slots[2i]} the hash, {@code slots[2i + 1]} its id): one cache line per
     * look-up instead of one in a key array and another in an id array; 20,000 paths already outgrow the
     * caches close to the core.
     */
    private long[] slots = new long[4096];
    private int size;

    /** Start state of {@link #hash}; the word steps before {@link #finish} may run inside a field scan. */
    static final long SEED = 0x9E3779B97F4A7C15L;

    /** One 8-byte step of {@link #hash}. */
    static long step(long h, long w) {
        h = (h ^ w) * 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 29);
    }

    /**
     * Continues {@link #hash}'s word steps over {@code b[p..e)} (p on an 8-byte step from the key's start)
     * and finishes it with the tail and the key's length {@code len}.
     */
    static long finish(long h, byte[] b, int p, int e, int len) {
        for (; p + 8 <= e; p += 8) {
            h = step(h, (long) LONG.get(b, p));
        }
        long tail = 0;
        int rest = e - p;
        if (rest > 0 && p + 8 <= b.length) {
            // The tail as one word with the bytes after the key masked off (they may be anything).
            tail = (long) LONG.get(b, p) & (-1L >>> (64 - 8 * rest));
        } else {
            for (int i = 0; p < e; p++, i += 8) {
                tail |= (b[p] & 0xffL) << i;
            }
        }
        h = (h ^ tail ^ len * 0x9E3779B97F4A7C15L) * 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }

    /**
     * A 64-bit hash of every byte of {@code b[s..e)} whose word steps do not depend on the length, so the
     * parser can run them while it scans a field for its end (one pass over an agent or a path, not two).
     */
    static long hash(byte[] b, int s, int e) {
        return finish(SEED, b, s, e, e - s);
    }

    /** Sum of the slots {@link #touch} read, kept so those loads are not optimised away. */
    long touched;

    /** Reads the first slot of each of {@code keys[0..n)} in one tight loop, so their cache misses overlap. */
    void touch(long[] keys, int n) {
        long[] sl = slots;
        int mask = (sl.length >> 1) - 1;
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += sl[((int) keys[i] & mask) << 1];
        }
        touched += sum;
    }

    /** The id of {@code key}, or -1 when absent (then call {@link #put}). */
    int get(long key) {
        long[] sl = slots;
        int mask = (sl.length >> 1) - 1;
        int idx = (int) key & mask;
        while (true) {
            long k = sl[idx << 1];
            if (k == key) {
                return (int) sl[(idx << 1) + 1];
            }
            if (k == 0) {
                return -1;
            }
            idx = (idx + 1) & mask;
        }
    }

    void put(long key, int id) {
        if ((size + 1) * 4 > slots.length / 2 * 3) {
            long[] old = slots;
            slots = new long[old.length * 2];
            size = 0;
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != 0) {
                    put(old[i], (int) old[i + 1]);
                }
            }
        }
        long[] sl = slots;
        int mask = (sl.length >> 1) - 1;
        int idx = (int) key & mask;
        while (sl[idx << 1] != 0) {
            idx = (idx + 1) & mask;
        }
        sl[idx << 1] = key;
        sl[(idx << 1) + 1] = id;
        size++;
    }
}
