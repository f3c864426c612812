package braid.logs.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An access-log layout compiled from a GoAccess-style specifier string into a token program.
 *
 * <p>Supported specifiers: {@code %h} client address, {@code %v} virtual host, {@code %d} date
 * (dd/Mon/yyyy), {@code %t} time (HH:MM:SS; a following {@code +hhmm} offset is used when present),
 * {@code %r} request line, {@code %m} method, {@code %U} path, {@code %H} protocol, {@code %s} status,
 * {@code %b} size, {@code %R} referrer, {@code %u} user agent, {@code %^} ignored field, and
 * {@code %e %T %D %L %q} read and ignored. Immutable and thread-safe.
 */
public final class FormatSpec implements java.io.Serializable {
    public static final byte LIT = 0;
    public static final byte HOST = 1;
    public static final byte VHOST = 2;
    /** Debian's {@code %v:%p} or a bare host name: reads to the space, strips a port. */
    public static final byte VHOST_PORT = 3;
    public static final byte DATE = 4;
    public static final byte TIME = 5;
    public static final byte REQUEST = 6;
    public static final byte STATUS = 7;
    public static final byte SIZE = 8;
    public static final byte REFERER = 9;
    public static final byte AGENT = 10;
    public static final byte SKIP = 11;
    public static final byte METHOD = 12;
    public static final byte PATH = 13;
    public static final byte PROTOCOL = 14;

    private static final String COMBINED_SPEC = "%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\"";
    private static final String COMMON_SPEC = "%h %^[%d:%t %^] \"%r\" %s %b";

    /** {@link #shape}: no specialised parser, the token program is interpreted. */
    static final byte INTERPRETED = 0;
    static final byte SHAPE_COMBINED = 1;
    static final byte SHAPE_COMMON = 2;
    static final byte SHAPE_VHOST_COMBINED = 3;

    public static final FormatSpec COMBINED = new FormatSpec("combined", COMBINED_SPEC, false, SHAPE_COMBINED);
    public static final FormatSpec COMMON = new FormatSpec("common", COMMON_SPEC, false, SHAPE_COMMON);
    public static final FormatSpec VHOST_COMBINED = new FormatSpec("vhost_combined", "\u0000 " + COMBINED_SPEC, true,
            SHAPE_VHOST_COMBINED);

    private final String name;
    private final String specifier;
    final byte[] kind;
    final byte[] lit;
    /** Delimiter of each field, or -1 when the field runs to the end of the line. */
    final int[] delim;
    final boolean[] quoted;
    final boolean hasVhost;
    final boolean hasDate;
    /**
     * Which predefined layout this is, for {@link Worker}'s specialised line parser; it falls back to the token
     * program for any line that strays from the layout, so both give the same figures.
     */
    final byte shape;
    private final String source;
    private final boolean vhostPort;

    private FormatSpec(String name, String spec, boolean vhostPort, byte shape) {
        this.name = name;
        this.shape = shape;
        this.source = spec;
        this.vhostPort = vhostPort;
        this.specifier = vhostPort ? "%v:%^ " + spec.substring(2) : spec;
        List<byte[]> toks = new ArrayList<>();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '\u0000') {
                toks.add(new byte[] {VHOST_PORT, 0});
            } else if (c == '%' && i + 1 < spec.length()) {
                char k = spec.charAt(++i);
                byte kd = switch (k) {
                    case 'h' -> HOST;
                    case 'v' -> VHOST;
                    case 'd' -> DATE;
                    case 't' -> TIME;
                    case 'r' -> REQUEST;
                    case 's' -> STATUS;
                    case 'b' -> SIZE;
                    case 'R' -> REFERER;
                    case 'u' -> AGENT;
                    case 'm' -> METHOD;
                    case 'U' -> PATH;
                    case 'H' -> PROTOCOL;
                    case '^', 'e', 'T', 'D', 'L', 'q', 'p', 'x', 'K', 'k', 'M' -> SKIP;
                    case '%' -> LIT;
                    default -> throw new IllegalArgumentException(
                            "unknown specifier %" + k + " in log format: " + spec);
                };
                toks.add(new byte[] {kd, (byte) (kd == LIT ? '%' : 0)});
            } else {
                if (c > 127) {
                    throw new IllegalArgumentException("non-ASCII character in log format: " + spec);
                }
                toks.add(new byte[] {LIT, (byte) c});
            }
        }
        int n = toks.size();
        kind = new byte[n];
        lit = new byte[n];
        delim = new int[n];
        quoted = new boolean[n];
        boolean v = false;
        boolean d = false;
        for (int i = 0; i < n; i++) {
            kind[i] = toks.get(i)[0];
            lit[i] = toks.get(i)[1];
            v |= kind[i] == VHOST || kind[i] == VHOST_PORT;
            d |= kind[i] == DATE;
        }
        for (int i = 0; i < n; i++) {
            if (kind[i] == LIT) {
                continue;
            }
            if (i + 1 < n && kind[i + 1] != LIT) {
                throw new IllegalArgumentException("two fields without a separator in log format: " + spec);
            }
            delim[i] = i + 1 < n ? lit[i + 1] & 0xff : -1;
            if (kind[i] == VHOST_PORT) {
                delim[i] = ' ';
            }
            quoted[i] = i > 0 && kind[i - 1] == LIT && lit[i - 1] == '"' && delim[i] == '"';
        }
        hasVhost = v;
        hasDate = d;
        boolean host = false;
        boolean status = false;
        for (byte k : kind) {
            host |= k == HOST;
            status |= k == STATUS;
        }
        if (!host || !status || !d) {
            throw new IllegalArgumentException(
                    "a log format needs at least %h, %d, %t and %s: " + spec);
        }
    }

    /** Compiles a GoAccess-style specifier such as {@code %h %^[%d:%t %^] "%r" %s %b "%R" "%u"}. */
    public static FormatSpec custom(String specifier) {
        byte shape = specifier.equals(COMBINED_SPEC) ? SHAPE_COMBINED
                : specifier.equals(COMMON_SPEC) ? SHAPE_COMMON : INTERPRETED;
        return new FormatSpec("custom", specifier, false, shape);
    }

    /** The same layout without the specialised parser; tests compare the two. */
    FormatSpec interpreted() {
        return new FormatSpec(name, source, vhostPort, INTERPRETED);
    }

    public String name() {
        return name;
    }

    public String specifier() {
        return specifier;
    }

    @Override
    public String toString() {
        return name + " (" + specifier + ")";
    }
}
