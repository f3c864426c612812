package braid.logs.internal;

/** Validates client addresses as inet_pton does, which is what GoAccess uses to reject lines. */
final class Addresses {
    private Addresses() {}

    /** True when {@code b[s..e)} is a textual IPv6 address inet_pton(AF_INET6) accepts. */
    static boolean isIpv6(byte[] b, int s, int e) {
        if (e - s < 2 || e - s > 45) {
            return false;
        }
        int dc = -1;
        for (int i = s; i + 1 < e; i++) {
            if (b[i] == ':' && b[i + 1] == ':') {
                if (dc >= 0) {
                    return false;
                }
                dc = i;
                i++;
            }
        }
        if (dc < 0) {
            return groups(b, s, e) == 8;
        }
        int left = groups(b, s, dc);
        int right = groups(b, dc + 2, e);
        if (left < 0 || right < 0) {
            return false;
        }
        // An IPv4 tail is only allowed at the very end.
        return left + right <= 7 && !(left > 0 && hasDot(b, s, dc));
    }

    private static boolean hasDot(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] == '.') {
                return true;
            }
        }
        return false;
    }

    /** Number of groups in a colon-separated run (an IPv4 tail counts 2), 0 when empty, -1 when invalid. */
    private static int groups(byte[] b, int s, int e) {
        if (s >= e) {
            return 0;
        }
        int n = 0;
        int start = s;
        for (int i = s; i <= e; i++) {
            if (i == e || b[i] == ':') {
                int len = i - start;
                if (len == 0) {
                    return -1;
                }
                if (i == e && hasDot(b, start, e)) {
                    if (!isIpv4(b, start, e)) {
                        return -1;
                    }
                    return n + 2;
                }
                if (len > 4) {
                    return -1;
                }
                for (int j = start; j < i; j++) {
                    int x = b[j];
                    boolean hex = (x >= '0' && x <= '9') || ((x | 0x20) >= 'a' && (x | 0x20) <= 'f');
                    if (!hex) {
                        return -1;
                    }
                }
                n++;
                start = i + 1;
            }
        }
        return n;
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
