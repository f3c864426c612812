package braid.logs.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Open-addressing hash table from byte strings to dense ids 0..size-1, keyed on the bytes themselves.
 *
 * <p>Hand-written because a {@code HashMap<String,…>} would need a String (and its copy) per looked-up
 * field, which costs more than the whole parse of a line. Not thread-safe: one per worker thread.
 */
public final class ByteTable implements java.io.Serializable {
    private byte[] arena = new byte[1 << 16];
    private int arenaLen;
    private int[] slots;
    private int[] hashes = new int[256];
    private int[] offs = new int[256];
    private int[] lens = new int[256];
    private int size;
    private int mask;

    public ByteTable() {
        slots = new int[1024];
        mask = slots.length - 1;
    }

    public int size() {
        return size;
    }

    public static int hash(byte[] b, int off, int len) {
        if (len > 48) {
            // Long keys (user agents) are hashed on a sample: their ends and four words between. Equality is
            // still checked on all bytes; this only trades a few more probes for far fewer bytes hashed.
            int h = len * 0x9E3779B9;
            h = mix(h, word(b, off));
            h = mix(h, word(b, off + 4));
            h = mix(h, word(b, off + 8));
            int step = (len - 24) >> 2;
            h = mix(h, word(b, off + 12 + step));
            h = mix(h, word(b, off + 12 + 2 * step));
            h = mix(h, word(b, off + 12 + 3 * step));
            h = mix(h, word(b, off + len - 12));
            h = mix(h, word(b, off + len - 8));
            h = mix(h, word(b, off + len - 4));
            return h ^ (h >>> 16);
        }
        int h = len * 0x9E3779B9;
        int i = off;
        int end = off + len;
        for (; i + 4 <= end; i += 4) {
            int w = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
            h = (h ^ w) * 0x01000193 + (h >>> 15);
        }
        for (; i < end; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static int word(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
    }

    private static int mix(int h, int w) {
        return (h ^ w) * 0x01000193 + (h >>> 15);
    }

    /** The id of the key, or -1 - (insertion id) when it was added by this call. */
    public int intern(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int idx = h & mask;
        while (true) {
            int s = slots[idx];
            if (s == 0) {
                return -1 - insert(idx, h, b, off, len);
            }
            int id = s - 1;
            if (hashes[id] == h && lens[id] == len
                    && Arrays.equals(arena, offs[id], offs[id] + len, b, off, off + len)) {
                return id;
            }
            idx = (idx + 1) & mask;
        }
    }

    /** The id of the key, adding it when absent. */
    public int id(byte[] b, int off, int len) {
        int r = intern(b, off, len);
        return r >= 0 ? r : -1 - r;
    }

    private int insert(int idx, int h, byte[] b, int off, int len) {
        if (arenaLen + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + len));
        }
        System.arraycopy(b, off, arena, arenaLen, len);
        int id = size++;
        if (id == hashes.length) {
            hashes = Arrays.copyOf(hashes, id * 2);
            offs = Arrays.copyOf(offs, id * 2);
            lens = Arrays.copyOf(lens, id * 2);
        }
        hashes[id] = h;
        offs[id] = arenaLen;
        lens[id] = len;
        arenaLen += len;
        slots[idx] = id + 1;
        if (size * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] n = new int[slots.length * 2];
        int m = n.length - 1;
        for (int id = 0; id < size; id++) {
            int idx = hashes[id] & m;
            while (n[idx] != 0) {
                idx = (idx + 1) & m;
            }
            n[idx] = id + 1;
        }
        slots = n;
        mask = m;
    }

    public byte[] bytes(int id) {
        return Arrays.copyOfRange(arena, offs[id], offs[id] + lens[id]);
    }

    public byte[] arena() {
        return arena;
    }

    public int offset(int id) {
        return offs[id];
    }

    public int length(int id) {
        return lens[id];
    }

    public String string(int id) {
        return new String(arena, offs[id], lens[id], StandardCharsets.UTF_8);
    }
}
