package braid.logs.internal;

import java.util.Arrays;

/** Counters of one site (all traffic, or one virtual host) in one worker; not thread-safe. */
final class SiteAcc {
    long requests;
    long bytes;
    long bots;
    final long[] status = new long[600];
    final long[] hours = new long[24];
    final PairSet visitors = new PairSet();
    /** IPv4 visitors packed as address << 32 | 1 << 31 | (day - Worker.baseDay) << 20 | agent. */
    final LongSet visitors4 = new LongSet();
    final ByteTable paths = new ByteTable();
    int[] pathHits = new int[256];
    int[] path404 = new int[256];
    int[] path5xx = new int[256];
    final ByteTable refs = new ByteTable();
    int[] refHits = new int[64];

    private final HashIds pathIds = new HashIds();
    private final HashIds refIds = new HashIds();

    /** Counts a path; {@code hash} is {@link HashIds#hash64} of it (identity by hash, see HashIds). */
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
