package braid.logs.internal;

import org.jspecify.annotations.Nullable;
import java.util.Arrays;

/** Counters of one site (all traffic, or one virtual host) in one worker; not thread-safe. */
final class SiteAcc implements java.io.Serializable {
    long requests;
    long bytes;
    long bots;
    final long[] status = new long[600];
    final long[] hours = new long[24];
    final PairSet visitors = new PairSet();
    /** IPv4 visitors packed as address << 32 | 1 << 31 | (day - Worker.baseDay) << 20 | agent. */
    final LongSet visitors4 = new LongSet();
    /** IPv6 visitors packed the same way, with the worker's IPv6 address id in place of the address. */
    final LongSet visitors6 = new LongSet();
    final ByteTable paths = new ByteTable();
    int[] pathHits = new int[256];
    int[] path404 = new int[256];
    int[] path5xx = new int[256];
    final ByteTable refs = new ByteTable();
    int[] refHits = new int[64];

    private final HashIds pathIds = new HashIds();
    private final HashIds refIds = new HashIds();

    /** Paths waiting for {@link #flush}: as {@link LongSet#addSoon}, their table slots are touched as a batch. */
    private static final int BATCH = 32;
    private final byte[] @Nullable [] pendingBytes = new byte[BATCH][];
    private final int[] pendingOff = new int[BATCH];
    private final int[] pendingLen = new int[BATCH];
    private final long[] pendingHash = new long[BATCH];
    private final int[] pendingStatus = new int[BATCH];
    private int pending;

    /** Counts a path with the next batch; {@code b} must stay unchanged until {@link #flush}. */
    void pathSoon(byte[] b, int off, int len, long hash, int status) {
        int i = pending;
        pendingBytes[i] = b;
        pendingOff[i] = off;
        pendingLen[i] = len;
        pendingHash[i] = hash;
        pendingStatus[i] = status;
        pending = i + 1;
        if (i + 1 == BATCH) {
            flush();
        }
    }

    /** Counts the paths given to {@link #pathSoon}; call before their buffer is reused. */
    @SuppressWarnings("NullAway") // pendingBytes[0..pending) were set by pathSoon; the rest are null
    void flush() {
        int n = pending;
        if (n == 0) {
            return;
        }
        pending = 0;
        pathIds.touch(pendingHash, n);
        for (int i = 0; i < n; i++) {
            path(pendingBytes[i], pendingOff[i], pendingLen[i], pendingHash[i], pendingStatus[i]);
            pendingBytes[i] = null;
        }
    }

    /** Counts a path; {@code hash} is {@link HashIds#hash} of it (identity by hash, see HashIds). */
    void path(byte[] b, int off, int len, long hash, int status) {
        int id = pathIds.get(hash);
        if (id < 0) {
            id = paths.id(b, off, len);
            pathIds.put(hash, id);
        }
        if (id >= pathHits.length) {
            int n = pathHits.length * 2;
            pathHits = Arrays.copyOf(pathHits, n);
            path404 = Arrays.copyOf(path404, n);
            path5xx = Arrays.copyOf(path5xx, n);
        }
        pathHits[id]++;
        if (status == 404) {
            path404[id]++;
        } else if (status >= 500) {
            path5xx[id]++;
        }
    }

    void referer(byte[] b, int off, int len, long hash) {
        int id = refIds.get(hash);
        if (id < 0) {
            id = refs.id(b, off, len);
            refIds.put(hash, id);
        }
        if (id >= refHits.length) {
            refHits = Arrays.copyOf(refHits, refHits.length * 2);
        }
        refHits[id]++;
    }
}
