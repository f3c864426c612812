package braid.logs.internal;

/** Validates client addresses as inet_pton does, which is what GoAccess uses to reject lines. */
final class Addresses {
    private Addresses() {}

    /** Hexadecimal digits (either case). */
    private static final boolean[] HEX = new boolean[256];

    static {
        for (char c : "0123456789abcdefABCDEF".toCharArray()) {
            HEX[c] = true;
        }
    }

    /**
     * True when {@code b[s..e)} is a textual IPv6 address inet_pton(AF_INET6) accepts: groups of 1 to 4 hex digits
     * separated by ':', 8 of them, or fewer with one "::" standing for at least one; an IPv4 address may end it (as
     * two groups).
     *
     * <p>One pass over the bytes (the parser validates a client's address each time it meets it, so this runs on every
     * IPv6 line): {@code AddressesTest} compares it with a direct transcription of those rules on millions of inputs.
     */
    static boolean isIpv6(byte[] b, int s, int e) {
        if (e - s < 2 || e - s > 45) {
            return false;
        }
        int i = s;
        int groups = 0;
        boolean dc = false;
        if (b[i] == ':') {
            if (b[i + 1] != ':') {
                return false;
            }
            dc = true;
            i += 2;
            if (i == e) {
                return true;
            }
        }
        while (true) {
            int g = i;
            while (i < e && HEX[b[i] & 0xff]) {
                i++;
            }
            if (i < e && b[i] == '.') {
                // an IPv4 address runs to the end, or the address is invalid
                if (!isIpv4(b, g, e)) {
                    return false;
                }
                groups += 2;
                break;
            }
            int len = i - g;
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (i == e) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i == e) {
                return false; // a single ':' at the end
            }
            if (b[i] == ':') {
                if (dc) {
                    return false;
                }
                dc = true;
                i++;
                if (i == e) {
                    break;
                }
            }
        }
        return dc ? groups <= 7 : groups == 8;
    }

    static boolean isIpv4(byte[] b, int s, int e) {
        int part = 0;
        int digits = 0;
        int dots = 0;
        for (int i = s; i < e; i++) {
            byte x = b[i];
            if (x == '.') {
                if (digits == 0) {
                    return false;
                }
                dots++;
                part = 0;
                digits = 0;
            } else if (x >= '0' && x <= '9') {
                if (digits > 0 && part == 0) {
                    return false;
                }
                part = part * 10 + (x - '0');
                if (part > 255 || ++digits > 3) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return dots == 3 && digits > 0;
    }
}
