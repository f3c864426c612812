package braid.logs.internal;

import org.jspecify.annotations.Nullable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses chunks of access-log lines byte by byte and counts them into its own tables.
 *
 * <p>One worker per thread; tables are merged after the scan. Byte-level on purpose: a regex or a String
 * per field costs several times more than the whole parse (see shared/notes/log-analysis-facts.md).
 * Follows GoAccess 1.7's rules so the totals match it: invalid address or status means a failed line,
 * a line may end at any field boundary once the required fields are read, an unterminated referrer or
 * user agent still counts (agent taken as "-").
 */
final class Worker implements java.io.Serializable {
    static final int MAX_LINE = 64 * 1024;
    static final int MAX_SAMPLES = 64;
    private static final byte[] DASH = {'-'};
    private static final long DASH_HASH = HashIds.hash(DASH, 0, 1);

    private final FormatSpec f;
    private final boolean fast;
    private final boolean fastVhost;
    private final boolean fastCommon;
    private final boolean allDays;
    private final long dayStart;
    private final long dayEnd;
    private final ZoneRules zoneRules;
    private final int fixedZoneOffset;
    private final boolean zoneFixed;

    final ByteTable agents = new ByteTable();
    private final HashIds agentIds = new HashIds();
    boolean[] agentBot = new boolean[256];
    int[] agentCanon = new int[256];
    final ByteTable canonAgents = new ByteTable();
    final ByteTable ip6 = new ByteTable();
    private final HashIds ip6Ids = new HashIds();
    /**
     * The fast path's IPv6 visitors waiting for their address's id, looked up as a batch by {@link #flushIp6}: the
     * id table is evicted by the visitor and path tables between two lines of the same client, and one look-up per
     * line waited for a cache miss (about 5 % of the CPU for a tenth of the lines, bench/results/logs.md "Session 24").
     */
    private static final int IP6_BATCH = 32;
    private final long[] ip6Hash = new long[IP6_BATCH];
    private final byte[] @Nullable [] ip6Buf = new byte[IP6_BATCH][];
    private final int[] ip6Off = new int[IP6_BATCH];
    private final int[] ip6Len = new int[IP6_BATCH];
    private final @Nullable SiteAcc[] ip6Site = new SiteAcc[IP6_BATCH];
    private final long[] ip6VisitorB = new long[IP6_BATCH];
    private int ip6Pending;
    /** {@link #ipKey} of a fast-path IPv6 address whose id is not looked up yet ({@link #lineIp6Hash} and bytes). */
    private static final long IP6_PENDING = 3L << 40;
    private long lineIp6Hash;
    private int lineIp6S;
    private int lineIp6Len;
    final ByteTable vhosts = new ByteTable();
    SiteAcc[] sites = new SiteAcc[8];
    final SiteAcc all = new SiteAcc();

    /** The first day seen: packed IPv4 visitor keys store their day relative to it. */
    long baseDay = Long.MIN_VALUE;
    long lines;
    long ignored;
    long malformed;
    long otherDay;
    /** Of {@link #otherDay}, the lines before the day (the rest are after it). */
    long beforeDay;
    /** Epoch seconds of the earliest and latest request counted for the day. */
    long firstEpoch = Long.MAX_VALUE;
    long lastEpoch = Long.MIN_VALUE;
    long truncated;
    long oddRequests;
    /** Lines the specialised parser read (the rest went through the token program). */
    long fastLines;
    final List<Sample> samples = new ArrayList<>();
    final List<long[]> chunkLines = new ArrayList<>();

    // Fields of the line being parsed; plain fields instead of an object per line.
    private int pos;
    private long ipKey;
    private int vhS;
    private int vhE;
    private long localDay;
    private int secOfDay;
    private int offsetSec;
    private boolean offsetKnown;
    private boolean dateOk;
    private boolean timeOk;
    private int reqS;
    private int reqE;
    private int pathS;
    private int pathE;
    private int status;
    private long size;
    private int refS;
    private int refE;
    private int agS;
    private int agE;
    /** {@link HashIds#hash} state over the agent's bytes {@code [agS, agHashPos)}, from the field scan. */
    private long agHash;
    private int agHashPos;
    private boolean trunc;
    /** The request's path (query dropped) when {@link #fastLine} found it, else -1 and accept() finds it. */
    private int fpS;
    private int fpE;
    /** {@link HashIds#hash} of {@code b[fpS..fpE)}, computed while the fast path scanned it. */
    private long fpHash;
    /** The time and zone words ("HH:MM:SS" and " +hhmm] ") of the last line the fast path read, and their values. */
    private long lastTimeW = -1;
    private long lastZoneW = -1;
    private int lastSecOfDay;
    private int lastOffsetSec;

    private long lastDate0;
    private long lastDate1;
    private long lastDateDay = Long.MIN_VALUE;
    private long hourFrom = Long.MAX_VALUE;
    private long hourTo = Long.MIN_VALUE;
    private int hourVal;
    private long noOffKey = Long.MIN_VALUE;
    private int noOffVal;

    Worker(FormatSpec f, boolean allDays, long dayStart, long dayEnd, ZoneId zone) {
        this.f = f;
        this.fast = f.shape != FormatSpec.INTERPRETED;
        this.fastVhost = f.shape == FormatSpec.SHAPE_VHOST_COMBINED;
        this.fastCommon = f.shape == FormatSpec.SHAPE_COMMON;
        this.allDays = allDays;
        this.dayStart = dayStart;
        this.dayEnd = dayEnd;
        this.zoneRules = zone.getRules();
        this.zoneFixed = zoneRules.isFixedOffset();
        this.fixedZoneOffset = zoneFixed ? zoneRules.getOffset(Instant.EPOCH).getTotalSeconds() : 0;
    }

    SiteAcc site(int idx) {
        return sites[idx];
    }

    /**
     * Parses the complete lines in {@code b[0..len)} (the last one may lack its newline); {@code b} must have
     * {@link Scanner#SLACK} bytes of room after {@code len}, which this overwrites.
     */
    void parseChunk(byte[] b, int len, int file, int chunk) {
        // The sentinel ends every scan of the specialised parser at the chunk's end without a length check; the
        // carried-over partial line was copied out before the chunk was handed over (Scanner.SLACK).
        b[len] = '\n';
        int p = 0;
        int line = 0;
        while (p < len) {
            line++;
            byte c = b[p];
            if (c == '\n') {
                ignored++;
                p++;
                continue;
            }
            if (c == '\r' && p + 1 < len && b[p + 1] == '\n') {
                ignored++;
                p += 2;
                continue;
            }
            if (c == '#') {
                ignored++;
                p = lineEnd(b, p, len) + 1;
                continue;
            }
            int start = p;
            String reason;
            if (fast && fastLine(b, p)) {
                fastLines++;
                reason = null;
            } else {
                reason = parse(b, p, len);
            }
            int e = lineEnd(b, pos, len);
            if (e - start > MAX_LINE) {
                reason = "line longer than 64 KiB";
            } else if (reason == null) {
                reason = accept(b);
            }
            if (reason != null) {
                malformed++;
                if (samples.size() < MAX_SAMPLES) {
                    samples.add(new Sample(file, chunk, line, reason, excerpt(b, start, e)));
                }
            }
            p = e + 1;
        }
        flushIp6();
        all.flush();
        for (SiteAcc sa : sites) {
            if (sa != null) {
                sa.flush();
            }
        }
        lines += line;
        chunkLines.add(new long[] {file, chunk, line});
    }

    /** Records a line that did not fit into a read buffer at all. */
    void oversized(int file, int chunk) {
        lines++;
        malformed++;
        chunkLines.add(new long[] {file, chunk, 1});
        if (samples.size() < MAX_SAMPLES) {
            samples.add(new Sample(file, chunk, 1, "line longer than the 4 MiB read buffer", ""));
        }
    }

    /** GoAccess accepts a line that ends at a field boundary (the required fields are checked later). */
    private static boolean atLineEnd(byte[] b, int p, int len) {
        return p >= len || b[p] == '\n' || (b[p] == '\r' && (p + 1 >= len || b[p + 1] == '\n'));
    }

    private static int lineEnd(byte[] b, int p, int len) {
        while (p < len && b[p] != '\n') {
            p++;
        }
        return p;
    }

    static String excerpt(byte[] b, int s, int e) {
        StringBuilder sb = new StringBuilder();
        int end = Math.min(e, s + 160);
        for (int i = s; i < end; i++) {
            int x = b[i] & 0xff;
            if (x >= 0x20 && x < 0x7f) {
                sb.append((char) x);
            } else if (x != '\r') {
                sb.append(String.format("\\x%02X", x));
            }
        }
        if (end < e) {
            sb.append("…");
        }
        return sb.toString();
    }

    private @Nullable String parse(byte[] b, int p, int len) {
        ipKey = 0;
        vhS = -1;
        dateOk = false;
        timeOk = false;
        offsetKnown = false;
        reqS = -1;
        pathS = -1;
        status = -1;
        size = 0;
        refS = -1;
        agS = -1;
        trunc = false;
        fpS = -1;
        byte[] kind = f.kind;
        int n = kind.length;
        byte[] lit = f.lit;
        for (int t = 0; t < n; t++) {
            byte k = kind[t];
            if (k == FormatSpec.LIT) {
                // A literal never is a newline, so the end-of-line test is only needed on a mismatch.
                if (p < len && b[p] == lit[t]) {
                    p++;
                    continue;
                }
                pos = p;
                return atLineEnd(b, p, len) ? null : "does not match the log format";
            }
            // The common answers inline: C1 inlines only methods under 35 bytecodes, and atLineEnd is larger;
            // its call on every field showed in the profile.
            if (p >= len || b[p] == '\n' || b[p] == '\r' && atLineEnd(b, p, len)) {
                pos = p;
                return null;
            }
            int d = f.delim[t];
            int s = p;
            boolean found;
            if (f.quoted[t]) {
                if (k == FormatSpec.AGENT) {
                    p = skipPlainHashing(b, p, len);
                } else {
                    p = skipPlain(b, p, len);
                }
                while (p < len) {
                    byte x = b[p];
                    if (x == '"' || x == '\n') {
                        break;
                    }
                    if (x == '\\' && p + 1 < len && b[p + 1] != '\n') {
                        p++;
                    }
                    p++;
                }
                found = p < len && b[p] == '"';
            } else if (d < 0) {
                while (p < len && b[p] != '\n') {
                    p++;
                }
                found = true;
            } else {
                byte dd = (byte) d;
                p = skipTo(b, p, len, dd);
                while (p < len) {
                    byte x = b[p];
                    if (x == dd || x == '\n') {
                        break;
                    }
                    p++;
                }
                found = p < len && b[p] == dd;
            }
            if (!found) {
                pos = p;
                if (k == FormatSpec.REFERER || k == FormatSpec.AGENT) {
                    trunc = true;
                    refS = k == FormatSpec.REFERER ? -1 : refS;
                    agS = -1;
                    return null;
                }
                return "line ends inside a field";
            }
            int e = p;
            if (d < 0 && e > s && b[e - 1] == '\r') {
                e--;
            }
            // Fields that only record where they are, without a call: C1 does not inline field().
            switch (k) {
                case FormatSpec.REQUEST -> {
                    reqS = s;
                    reqE = e;
                }
                case FormatSpec.REFERER -> {
                    refS = s;
                    refE = e;
                }
                case FormatSpec.AGENT -> {
                    agS = s;
                    agE = e;
                }
                case FormatSpec.SKIP, FormatSpec.METHOD, FormatSpec.PROTOCOL -> {
                    // ignored
                }
                default -> {
                    String r = field(k, b, s, e, len);
                    if (r != null) {
                        pos = p;
                        return r;
                    }
                }
            }
        }
        pos = p;
        return null;
    }


    /** Bytes that end or complicate a request's path: space, quote, '?', backslash, newline. */
    private static final boolean[] PATH_STOP = new boolean[256];

    static {
        for (char c : new char[] {' ', '"', '?', '\\', '\n'}) {
            PATH_STOP[c] = true;
        }
    }

    /**
     * The specialised parser for the predefined layouts (combined, common, vhost_combined): reads a line that has
     * exactly the usual shape in one pass with fixed offsets, and returns false at anything else (an odd request
     * line, an escape, a truncated field, an invalid value), after which {@link #parse} reads the line again with
     * the general rules. It therefore only ever accepts lines the general parser reads to the same fields.
     *
     * <p>Needs the newline sentinel at the chunk's end: every scan here stops at a newline without a length check,
     * and every fixed-offset read checks that none of the bytes it covers is a newline.
     */
    private boolean fastLine(byte[] b, int p) {
        vhS = -1;
        dateOk = false;
        timeOk = false;
        offsetKnown = false;
        trunc = false;
        if (fastVhost) {
            int s = p;
            p = nonEmptyToSpace(b, p);
            if (p < 0) {
                return false;
            }
            vhS = s;
            vhE = withoutPort(b, s, p);
            p++;
        }
        // Client address: IPv4 read octet by octet (1 to 3 digits, no leading zero, at most 255, then '.' or the
        // space); anything else is scanned to the space and checked as IPv6 as the general parser checks it.
        int s = p;
        int v = 0;
        int octets = 0;
        while (true) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            int e = b[p + 1] - '0';
            if (e >= 0 && e <= 9) {
                if (d == 0) {
                    break; // inet_pton rejects leading zeros
                }
                d = d * 10 + e;
                p++;
                e = b[p + 1] - '0';
                if (e >= 0 && e <= 9) {
                    d = d * 10 + e;
                    p++;
                    if (d > 255) {
                        break;
                    }
                }
            }
            p++;
            v = v << 8 | d;
            if (++octets == 4 || b[p] != '.') {
                break;
            }
            p++;
        }
        byte x;
        if (octets == 4 && b[p] == ' ') {
            ipKey = (1L << 40) | (v & 0xffffffffL);
        } else {
            p = nonEmptyToSpace(b, s);
            if (p < 0) {
                return false;
            }
            // IPv6: validated here (one pass); its id, found by the address's 64-bit hash, is looked up with a batch.
            if (!Addresses.isIpv6(b, s, p)) {
                return false;
            }
            lineIp6Hash = HashIds.hash(b, s, p);
            lineIp6S = s;
            lineIp6Len = p - s;
            ipKey = IP6_PENDING;
        }
        // " - - [": the ignored field runs to the bracket (usually exactly "- - ").
        p++;
        if (b[p] == '-' && b[p + 1] == ' ' && b[p + 2] == '-' && b[p + 3] == ' ') {
            p += 4;
        }
        while ((x = b[p]) != '[') {
            if (x == '\n') {
                return false;
            }
            p++;
        }
        p++;
        // dd/Mon/yyyy:HH:MM:SS +zzzz] — date() and time() accept neither a newline nor a separator inside.
        if (!date(b, p, p + 11) || b[p + 11] != ':') {
            return false;
        }
        // "HH:MM:SS" and " +hhmm] " as two words, parsed without a byte loop; most lines repeat the zone and
        // many the second of the line before.
        long tw = (long) LONG.get(b, p + 12);
        long zw = (long) LONG.get(b, p + 20);
        if (zw == lastZoneW || zoneWord(zw)) {
            if (tw != lastTimeW && !timeWord(tw)) {
                return false;
            }
            secOfDay = lastSecOfDay;
            timeOk = true;
            offsetSec = lastOffsetSec;
            offsetKnown = true;
            p += 28;
        } else {
            if (!time(b, p + 12, p + 20, Integer.MAX_VALUE) || b[p + 20] != ' ') {
                return false;
            }
            p += 21;
            while ((x = b[p]) != ']') {
                if (x == '\n') {
                    return false;
                }
                p++;
            }
            if (b[p + 1] != ' ') {
                return false;
            }
            p += 2;
        }
        if (b[p] != '"') {
            return false;
        }
        p++;
        // "METHOD PATH[?QUERY] HTTP/x.y": anything else (no protocol is fine) goes to the general parser.
        reqS = p;
        if (((long) LONG.get(b, p) & 0xFFFF_FFFFL) == GET_) {
            p += 3; // most requests are GETs
        }
        while ((x = b[p]) != ' ') {
            if (x == '"' || x == '\\' || x == '\n') {
                return false;
            }
            p++;
        }
        // The path is hashed (HashIds.hash's word steps) while it is scanned 8 bytes at a time.
        int ps = ++p;
        long h = HashIds.SEED;
        while (true) {
            long w = (long) LONG.get(b, p);
            if ((((w ^ SPACES) - ONES | (w ^ QUOTES) - ONES | (w ^ QMARKS) - ONES | (w ^ BACKSLASHES) - ONES
                    | (w ^ NEWLINES) - ONES) & HIGHS) != 0) {
                break;
            }
            h = HashIds.step(h, w);
            p += 8;
        }
        int hashed = p;
        while (!PATH_STOP[(x = b[p]) & 0xff]) {
            p++;
        }
        int q = -1;
        if (x == '?') {
            q = p;
            while (true) {
                long w = (long) LONG.get(b, p);
                if ((((w ^ SPACES) - ONES | (w ^ QUOTES) - ONES | (w ^ BACKSLASHES) - ONES | (w ^ NEWLINES) - ONES)
                        & HIGHS) != 0) {
                    break;
                }
                p += 8;
            }
            while ((x = b[p]) != ' ' && x != '"') {
                if (x == '\\' || x == '\n') {
                    return false;
                }
                p++;
            }
        } else if (x != ' ' && x != '"') {
            return false;
        }
        int pe = p;
        if (pe == ps) {
            return false; // an empty path: the general rules take the rest of the request as the path
        }
        if (x == ' ') {
            long w = (long) LONG.get(b, p + 1);
            if ((w == HTTP11 || w == HTTP20 || w == HTTP10) && b[p + 9] == '"') {
                p += 9;
            } else if ((w & 0xFF_FFFF_FFFFL) != HTTP_) {
                return false;
            } else {
                p += 6;
            }
            while ((x = b[p]) != '"') {
                if (x == ' ' || x == '\\' || x == '\n') {
                    return false;
                }
                p++;
            }
        }
        reqE = p;
        fpS = ps;
        fpE = q >= 0 ? q : pe;
        fpHash = HashIds.finish(h, b, hashed, fpE, fpE - ps);
        pathS = -1;
        // "\" SSS SIZE"
        int s0 = b[p + 2] - '0';
        int s1 = b[p + 3] - '0';
        int s2 = b[p + 4] - '0';
        if (b[p + 1] != ' ' || s0 < 1 || s0 > 5 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9 || b[p + 5] != ' ') {
            return false;
        }
        status = s0 * 100 + s1 * 10 + s2;
        p += 6;
        int sizeS = p;
        long sz = 0;
        while ((x = b[p]) >= '0' && x <= '9') {
            sz = sz * 10 + (x - '0');
            p++;
        }
        if (p == sizeS && x == '-') {
            p++;
            x = b[p];
        }
        size = sz;
        if (fastCommon) {
            // The size runs to the end of the line; a '\r' before the newline is dropped.
            if (x == '\r' && b[p + 1] == '\n') {
                p++;
            } else if (x != '\n') {
                return false;
            }
            pos = p;
            refS = -1;
            agS = -1;
            return true;
        }
        if (x != ' ' || b[p + 1] != '"') {
            return false;
        }
        p += 2;
        refS = p;
        p = b[p] == '-' && b[p + 1] == '"' ? p + 1 : quotedEnd(b, skipPlain(b, p, Integer.MAX_VALUE));
        if (p < 0 || b[p + 1] != ' ' || b[p + 2] != '"') {
            return false;
        }
        refE = p;
        p += 3;
        agS = p;
        p = quotedEnd(b, skipPlainHashing(b, p, Integer.MAX_VALUE));
        if (p < 0) {
            return false;
        }
        agE = p;
        pos = p + 1;
        return true;
    }

    private static final long TIME_DIGITS = 0xF0F000F0F000F0F0L;
    private static final long TIME_ZEROS = 0x3030003030003030L;

    /**
     * Reads "HH:MM:SS" from a little-endian word as {@link #time} reads it (same checks) into {@code lastTimeW} and
     * {@code lastSecOfDay}; false when it is not a valid time.
     */
    private boolean timeWord(long w) {
        if ((w & 0x0000FF0000FF0000L) != 0x00003A00003A0000L || (w & TIME_DIGITS) != TIME_ZEROS
                || ((w + 0x0606000606000606L) & TIME_DIGITS) != TIME_ZEROS) {
            return false;
        }
        long d = w - TIME_ZEROS;
        int h = (int) (d & 0xff) * 10 + (int) ((d >>> 8) & 0xff);
        int m = (int) ((d >>> 24) & 0xff) * 10 + (int) ((d >>> 32) & 0xff);
        int sec = (int) ((d >>> 48) & 0xff) * 10 + (int) ((d >>> 56) & 0xff);
        if (h > 23 || m > 59 || sec > 60) {
            return false;
        }
        lastTimeW = w;
        lastSecOfDay = h * 3600 + m * 60 + Math.min(sec, 59);
        return true;
    }

    /**
     * Reads " +hhmm] " (or '-') from a little-endian word into {@code lastZoneW} and {@code lastOffsetSec}, as
     * {@link #time} reads the offset; false for any other shape (the caller then takes the general way).
     */
    private boolean zoneWord(long w) {
        long sign = (w >>> 8) & 0xff;
        int digits = (int) (w >>> 16);
        if ((w & 0xff) != ' ' || (w >>> 48) != (' ' << 8 | ']') || (sign != '+' && sign != '-')
                || (digits & 0xF0F0F0F0) != 0x30303030 || ((digits + 0x06060606) & 0xF0F0F0F0) != 0x30303030) {
            return false;
        }
        int d = digits - 0x30303030;
        int o = ((d & 0xff) * 10 + ((d >>> 8) & 0xff)) * 3600 + (((d >>> 16) & 0xff) * 10 + (d >>> 24)) * 60;
        lastZoneW = w;
        lastOffsetSec = sign == '-' ? -o : o;
        return true;
    }

    /** The end of the host in {@code b[s..e)} ("host:port" or a bare host): before a ":digits" suffix. */
    private static int withoutPort(byte[] b, int s, int e) {
        for (int i = e - 1; i > s; i--) {
            byte x = b[i];
            if (x == ':') {
                return i;
            }
            if (x < '0' || x > '9') {
                break;
            }
        }
        return e;
    }

    /** The first space from {@code p} on, or -1 when a newline comes first or the field is empty. */
    private static int nonEmptyToSpace(byte[] b, int p) {
        int s = p;
        byte x;
        while ((x = b[p]) != ' ') {
            if (x == '\n') {
                return -1;
            }
            p++;
        }
        return p == s ? -1 : p;
    }

    /** The closing quote of a quoted field from {@code p} on (backslash escapes honoured), or -1 at a newline. */
    private static int quotedEnd(byte[] b, int p) {
        while (true) {
            byte x = b[p];
            if (x == '"') {
                return p;
            }
            if (x == '\n') {
                return -1;
            }
            if (x == '\\' && b[p + 1] != '\n') {
                p++;
            }
            p++;
        }
    }

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long NEWLINES = ONES * '\n';
    private static final long SPACES = ONES * ' ';
    private static final long HTTP_ = word("HTTP/");
    private static final long GET_ = word("GET ");
    private static final long HTTPS_SLASHES = word("https://");
    private static final long HTTP_SLASHES = word("http://");
    private static final long HTTP10 = word("HTTP/1.0");
    private static final long HTTP11 = word("HTTP/1.1");
    private static final long HTTP20 = word("HTTP/2.0");

    /** Up to 8 ASCII characters as the little-endian word LONG reads. */
    private static long word(String s) {
        long w = 0;
        for (int i = 0; i < s.length(); i++) {
            w |= (long) s.charAt(i) << (8 * i);
        }
        return w;
    }
    private static final long QMARKS = ONES * '?';

    /*
     * The word scans below test "(x ^ pattern) - ONES" & HIGHS per pattern: for ASCII bytes this is non-zero exactly
     * when some byte matches (a borrow only leaves a byte that already matched), and a byte >= 0x81 gives a false
     * hit; either way the scan stops and the byte loop after it decides. Half the operations of the exact test
     * ((x - ONES) & ~x & HIGHS), and these loops run over most bytes of a line.
     */

    /**
     * Skips 8 bytes at a time while none is a quote, backslash or newline; the byte loop after it handles
     * the rest. Field scanning is the largest cost of a line, and most bytes are inside quoted fields.
     */
    private static int skipPlain(byte[] b, int p, int len) {
        while (p + 8 <= len) {
            long w = (long) LONG.get(b, p);
            long hit = ((w ^ QUOTES) - ONES | (w ^ BACKSLASHES) - ONES | (w ^ NEWLINES) - ONES) & HIGHS;
            if (hit != 0) {
                return p; // the byte loop finds the exact byte; numberOfTrailingZeros is slow under C1
            }
            p += 8;
        }
        return p;
    }

    /**
     * {@link #skipPlain} that also runs {@link HashIds#hash}'s word steps over the bytes it skips
     * (into {@code agHash}, up to {@code agHashPos}): the user agent is the longest field, and hashing it in
     * a second pass cost as much as scanning it.
     */
    private int skipPlainHashing(byte[] b, int p, int len) {
        long h = HashIds.SEED;
        while (p + 8 <= len) {
            long w = (long) LONG.get(b, p);
            long hit = ((w ^ QUOTES) - ONES | (w ^ BACKSLASHES) - ONES | (w ^ NEWLINES) - ONES) & HIGHS;
            if (hit != 0) {
                break;
            }
            h = HashIds.step(h, w);
            p += 8;
        }
        agHash = h;
        agHashPos = p;
        return p;
    }

    /** Like {@link #skipPlain} for an unquoted field ending at {@code d} or a newline. */
    private static int skipTo(byte[] b, int p, int len, byte d) {
        long delims = ONES * (d & 0xff);
        while (p + 8 <= len) {
            long w = (long) LONG.get(b, p);
            long hit = ((w ^ delims) - ONES | (w ^ NEWLINES) - ONES) & HIGHS;
            if (hit != 0) {
                return p; // the byte loop finds the exact byte; numberOfTrailingZeros is slow under C1
            }
            p += 8;
        }
        return p;
    }

    /** The fields parse() does not record inline (request, referrer and agent are handled there). */
    private @Nullable String field(byte k, byte[] b, int s, int e, int len) {
        switch (k) {
            case FormatSpec.HOST -> {
                return host(b, s, e) ? null : "invalid client address";
            }
            case FormatSpec.VHOST -> {
                vhS = s;
                vhE = e;
            }
            case FormatSpec.VHOST_PORT -> {
                vhS = s;
                vhE = withoutPort(b, s, e);
            }
            case FormatSpec.DATE -> {
                if (!date(b, s, e)) {
                    return "unparsable date";
                }
            }
            case FormatSpec.TIME -> {
                if (!time(b, s, e, len)) {
                    return "unparsable time";
                }
            }
            case FormatSpec.PATH -> {
                pathS = s;
                pathE = e;
            }
            case FormatSpec.STATUS -> {
                int v = 0;
                int nd = e - s;
                if (nd < 1 || nd > 3) {
                    return "invalid status code";
                }
                for (int i = s; i < e; i++) {
                    int x = b[i] - '0';
                    if (x < 0 || x > 9) {
                        return "invalid status code";
                    }
                    v = v * 10 + x;
                }
                if (v < 100 || v > 599) {
                    return "invalid status code";
                }
                status = v;
            }
            case FormatSpec.SIZE -> {
                long v = 0;
                for (int i = s; i < e; i++) {
                    int x = b[i] - '0';
                    if (x < 0 || x > 9) {
                        v = 0;
                        break;
                    }
                    v = v * 10 + x;
                }
                size = v;
            }
            default -> {
                // %^ and the other ignored specifiers
            }
        }
        return null;
    }

    private boolean host(byte[] b, int s, int e) {
        int v = 0;
        int part = 0;
        int digits = 0;
        int dots = 0;
        boolean v4 = e > s;
        for (int i = s; i < e; i++) {
            byte x = b[i];
            if (x == '.') {
                if (digits == 0 || dots == 3) {
                    v4 = false;
                    break;
                }
                v = v << 8 | part;
                part = 0;
                digits = 0;
                dots++;
            } else if (x >= '0' && x <= '9') {
                if (digits > 0 && part == 0) {
                    v4 = false; // inet_pton rejects leading zeros
                    break;
                }
                part = part * 10 + (x - '0');
                if (part > 255 || ++digits > 3) {
                    v4 = false;
                    break;
                }
            } else {
                v4 = false;
                break;
            }
        }
        if (v4 && dots == 3 && digits > 0) {
            ipKey = (1L << 40) | ((v << 8 | part) & 0xffffffffL);
            return true;
        }
        if (!Addresses.isIpv6(b, s, e)) {
            return false;
        }
        ipKey = (2L << 40) | ip6.id(b, s, e - s);
        return true;
    }

    private boolean date(byte[] b, int s, int e) {
        if (e - s != 11) {
            return false;
        }
        // The 11 bytes as two overlapping words: Arrays.equals is not intrinsified under C1 (-XX:TieredStopAtLevel=1)
        // and its call showed in the profile; almost every line repeats the previous line's date.
        long w0 = (long) LONG.get(b, s);
        long w1 = (long) LONG.get(b, s + 3);
        if (lastDateDay != Long.MIN_VALUE && w0 == lastDate0 && w1 == lastDate1) {
            localDay = lastDateDay;
            dateOk = true;
            return true;
        }
        long day = Dates.dayMonYear(b, s);
        if (day == Long.MIN_VALUE) {
            return false;
        }
        lastDate0 = w0;
        lastDate1 = w1;
        lastDateDay = day;
        localDay = day;
        dateOk = true;
        return true;
    }

    private boolean time(byte[] b, int s, int e, int len) {
        if (e - s != 8 || b[s + 2] != ':' || b[s + 5] != ':') {
            return false;
        }
        int h = Dates.two(b, s);
        int m = Dates.two(b, s + 3);
        int sec = Dates.two(b, s + 6);
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) {
            return false;
        }
        secOfDay = h * 3600 + m * 60 + Math.min(sec, 59);
        timeOk = true;
        if (e + 5 < len && b[e] == ' ' && (b[e + 1] == '+' || b[e + 1] == '-')) {
            int oh = Dates.two(b, e + 2);
            int om = Dates.two(b, e + 4);
            if (oh >= 0 && om >= 0) {
                int o = oh * 3600 + om * 60;
                offsetSec = b[e + 1] == '-' ? -o : o;
                offsetKnown = true;
            }
        }
        return true;
    }

    private @Nullable String accept(byte[] b) {
        if (ipKey == 0) {
            return "no client address";
        }
        if (!dateOk || !timeOk) {
            return "no date";
        }
        if (status < 0) {
            return "no status code";
        }
        if (reqS < 0 && pathS < 0) {
            return "no request";
        }
        long local = localDay * 86400 + secOfDay;
        long epoch;
        if (offsetKnown) {
            epoch = local - offsetSec;
        } else if (zoneFixed) {
            epoch = local - fixedZoneOffset;
        } else {
            long key = Math.floorDiv(local, 3600);
            if (key != noOffKey) {
                noOffKey = key;
                noOffVal = zoneRules.getOffset(LocalDateTime.ofEpochSecond(key * 3600, 0, ZoneOffset.UTC))
                        .getTotalSeconds();
            }
            epoch = local - noOffVal;
        }
        if (!allDays && (epoch < dayStart || epoch >= dayEnd)) {
            otherDay++;
            if (epoch < dayStart) {
                beforeDay++;
            }
            return null;
        }
        if (epoch < firstEpoch) {
            firstEpoch = epoch;
        }
        if (epoch > lastEpoch) {
            lastEpoch = epoch;
        }
        // The local hour holds for [hourFrom, hourTo): one comparison per line instead of two long divisions
        // (a runtime call under C1). The range ends at the local hour's end and at the zone's transitions, so
        // half-hour zones and summer time get their own hours.
        if (epoch < hourFrom || epoch >= hourTo) {
            localHour(epoch);
        }
        int hour = hourVal;
        if (trunc) {
            truncated++;
        }
        // Agent id, bot flag and GoAccess's visitor key (decoded agent).
        int agent;
        if (agS < 0 || agE == agS) {
            agent = agentId(DASH, 0, 1, DASH_HASH);
        } else {
            agent = agentId(b, agS, agE - agS, HashIds.finish(agHash, b, agHashPos, agE, agE - agS));
        }
        // The path of the request: between the first and the last space, query string dropped.
        int ps;
        int pe;
        if (fpS >= 0) {
            ps = fpS;
            pe = fpE;
        } else if (reqS >= 0) {
            ps = reqS;
            pe = reqE;
            int sp = -1;
            for (int i = reqS; i < reqE; i++) {
                if (b[i] == ' ') {
                    sp = i;
                    break;
                }
            }
            if (sp < 0) {
                oddRequests++;
            } else {
                ps = sp + 1;
                for (int i = reqE - 1; i > ps; i--) {
                    if (b[i] == ' ') {
                        if (i + 5 < reqE && b[i + 1] == 'H' && b[i + 2] == 'T' && b[i + 3] == 'T' && b[i + 4] == 'P'
                                && b[i + 5] == '/') {
                            pe = i;
                        }
                        break;
                    }
                }
            }
        } else {
            ps = pathS;
            pe = pathE;
        }
        if (fpS < 0) {
            for (int i = ps; i < pe; i++) {
                if (b[i] == '?') {
                    pe = i;
                    break;
                }
            }
        }
        byte[] pb = b;
        if (pe <= ps) {
            pb = DASH;
            ps = 0;
            pe = 1;
        }
        int hs = -1;
        int he = -1;
        if (refS >= 0 && refE - refS > 3) {
            // Most referrers start "https://" or "http://": one word compared (it holds only bytes of the field
            // when it matches, since a field's closing quote is in neither), else the general search for "://".
            long w = (long) LONG.get(b, refS);
            if (w == HTTPS_SLASHES) {
                hs = refS + 8;
            } else if ((w & 0xFF_FFFF_FFFF_FFFFL) == HTTP_SLASHES) {
                hs = refS + 7;
            }
            for (int i = refS; hs < 0 && i + 2 < refE; i++) {
                if (b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/') {
                    hs = i + 3;
                    break;
                }
                if (b[i] == '/' || b[i] == '?') {
                    break;
                }
            }
            if (hs > 0) {
                he = hs;
                while (he < refE) {
                    byte x = b[he];
                    if (x == '/' || x == ':' || x == '?' || x == '#') {
                        break;
                    }
                    he++;
                }
                if (he == hs) {
                    hs = -1;
                }
            }
        }
        if (baseDay == Long.MIN_VALUE) {
            baseDay = localDay;
        }
        long visitorB = (localDay << 32) | agentCanon[agent];
        boolean bot = agentBot[agent];
        long pathHash = fpS >= 0 && pb == b ? fpHash : HashIds.hash(pb, ps, pe);
        long refHash = hs >= 0 ? HashIds.hash(b, hs, he) : 0;
        count(all, b, pb, ps, pe, pathHash, hs, he, refHash, hour, visitorB, bot);
        if (vhS >= 0) {
            int v = vhosts.id(b, vhS, vhE - vhS);
            if (v >= sites.length) {
                sites = Arrays.copyOf(sites, sites.length * 2);
            }
            SiteAcc sa = sites[v];
            if (sa == null) {
                sa = sites[v] = new SiteAcc();
            }
            count(sa, b, pb, ps, pe, pathHash, hs, he, refHash, hour, visitorB, bot);
        }
        return null;
    }

    private void localHour(long epoch) {
        Instant at = Instant.ofEpochSecond(epoch);
        long local = epoch + (zoneFixed ? fixedZoneOffset : zoneRules.getOffset(at).getTotalSeconds());
        hourVal = (int) (Math.floorMod(local, 86400L) / 3600);
        hourFrom = epoch - Math.floorMod(local, 3600L);
        hourTo = hourFrom + 3600;
        if (!zoneFixed) {
            ZoneOffsetTransition next = zoneRules.nextTransition(at);
            if (next != null) {
                hourTo = Math.min(hourTo, next.toEpochSecond());
            }
            ZoneOffsetTransition previous = zoneRules.previousTransition(at.plusSeconds(1));
            if (previous != null) {
                hourFrom = Math.max(hourFrom, previous.toEpochSecond());
            }
        }
    }

    private void count(SiteAcc a, byte[] b, byte[] pb, int ps, int pe, long pathHash, int hs, int he,
            long refHash, int hour, long visitorB, boolean bot) {
        a.requests++;
        a.bytes += size;
        a.status[status]++;
        a.hours[hour]++;
        if (bot) {
            a.bots++;
        }
        if (status < 400 || status >= 500) {
            if (ipKey == IP6_PENDING) {
                ip6Soon(a, b, visitorB);
            } else {
                visitor(a, ipKey, visitorB);
            }
        }
        a.pathSoon(pb, ps, pe - ps, pathHash, status);
        if (hs >= 0) {
            a.referer(b, hs, he - hs, refHash);
        }
    }

    /** Counts the visitor {@code key} (kind << 40 | address or IPv6 id) with {@code visitorB} (day << 32 | agent). */
    private void visitor(SiteAcc a, long key, long visitorB) {
        long dayRel = (visitorB >> 32) - baseDay;
        long agent = visitorB & 0xffffffffL;
        boolean packs = dayRel >= 0 && dayRel < 2048 && agent < (1 << 20);
        if (packs && (key >>> 40) == 1) {
            a.visitors4.addSoon((key & 0xffffffffL) << 32 | 1L << 31 | dayRel << 20 | agent);
        } else if (packs && (key & 0xffffffffL) < (1L << 31)) {
            a.visitors6.addSoon((key & 0xffffffffL) << 32 | 1L << 31 | dayRel << 20 | agent);
        } else {
            a.visitors.add(key, visitorB);
        }
    }

    /** The line's IPv6 visitor, counted with the next batch; {@code b} must stay unchanged until {@link #flushIp6}. */
    private void ip6Soon(SiteAcc a, byte[] b, long visitorB) {
        int i = ip6Pending;
        ip6Hash[i] = lineIp6Hash;
        ip6Buf[i] = b;
        ip6Off[i] = lineIp6S;
        ip6Len[i] = lineIp6Len;
        ip6Site[i] = a;
        ip6VisitorB[i] = visitorB;
        ip6Pending = i + 1;
        if (i + 1 == IP6_BATCH) {
            flushIp6();
        }
    }

    /**
     * Looks up (or interns) the ids of the waiting IPv6 addresses and counts their visitors; their table slots are
     * read first in one tight loop, so the cache misses overlap. Call before the chunk's buffer is reused.
     */
    @SuppressWarnings("NullAway") // ip6Buf and ip6Site [0..ip6Pending) were set by ip6Soon
    private void flushIp6() {
        int n = ip6Pending;
        if (n == 0) {
            return;
        }
        ip6Pending = 0;
        ip6Ids.touch(ip6Hash, n);
        for (int i = 0; i < n; i++) {
            long h = ip6Hash[i];
            int id = ip6Ids.get(h);
            if (id < 0) {
                id = ip6.id(ip6Buf[i], ip6Off[i], ip6Len[i]);
                ip6Ids.put(h, id);
            }
            visitor(ip6Site[i], (2L << 40) | id, ip6VisitorB[i]);
            ip6Buf[i] = null;
            ip6Site[i] = null;
        }
    }

    /** {@code h} is {@link HashIds#hash} of the agent's bytes. */
    private int agentId(byte[] b, int off, int len, long h) {
        int known = agentIds.get(h);
        if (known >= 0) {
            return known;
        }
        int id = agents.id(b, off, len);
        agentIds.put(h, id);
        if (id >= agentBot.length) {
            agentBot = Arrays.copyOf(agentBot, id * 2);
            agentCanon = Arrays.copyOf(agentCanon, id * 2);
        }
        byte[] decoded = Agents.urlDecode(b, off, len);
        agentBot[id] = Agents.isBot(decoded);
        agentCanon[id] = canonAgents.id(decoded, 0, decoded.length);
        return id;
    }
}
