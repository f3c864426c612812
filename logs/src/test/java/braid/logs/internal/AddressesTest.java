package braid.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Addresses#isIpv6}, a one-pass validator, against a direct transcription of inet_pton's rules. */
class AddressesTest {

    @Test
    void knownAddresses() {
        for (String ok : new String[] {"::", "::1", "1::", "2001:db8::1", "2001:0db8:0000:0000:0000:ff00:0042:8329",
                "::ffff:192.0.2.1", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:8", "1::8", "fe80::1:2:3:4:5:6", "ABCD::ef"}) {
            assertThat(valid(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", ":", ":::", "1:::2", "1::2::3", ":1::", "1:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9",
                "1::2:3:4:5:6:7:8", "12345::", "::g", "::1.2.3", "::1.2.3.04", "::256.1.1.1", "1.2.3.4::", "1.2.3.4",
                "::1.2.3.4:1", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4.5", "2001:db8::1 ", "::" + "0:".repeat(15) + "0"}) {
            assertThat(valid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void agreesWithTheRulesOnRandomText() {
        SplittableRandom r = new SplittableRandom(20261206);
        String alphabet = "0123456789abcdefABCDEF::::....g ";
        for (int n = 0; n < 2_000_000; n++) {
            int len = r.nextInt(48);
            byte[] b = new byte[len];
            for (int i = 0; i < len; i++) {
                b[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
            }
            check(b);
        }
    }

    @Test
    void agreesWithTheRulesOnAddressesAndTheirMutations() {
        SplittableRandom r = new SplittableRandom(42);
        String alphabet = "0123456789abcdefABCDEF:.g";
        for (int n = 0; n < 500_000; n++) {
            StringBuilder a = new StringBuilder();
            int groups = r.nextBoolean() ? 8 : 6;
            for (int g = 0; g < groups; g++) {
                a.append(g > 0 ? ":" : "").append(Integer.toHexString(r.nextInt(r.nextBoolean() ? 16 : 65536)));
            }
            if (groups == 6) {
                a.append(':').append(r.nextInt(300)).append('.').append(r.nextInt(300)).append('.').append(r.nextInt(256))
                        .append('.').append(r.nextInt(256));
            }
            String s = a.toString();
            if (r.nextBoolean()) { // a run of groups written as "::"
                String[] parts = s.split(":", -1);
                int from = r.nextInt(parts.length);
                int to = Math.min(parts.length, from + 1 + r.nextInt(3));
                s = String.join(":", java.util.Arrays.copyOfRange(parts, 0, from)) + "::"
                        + String.join(":", java.util.Arrays.copyOfRange(parts, to, parts.length));
            }
            StringBuilder m = new StringBuilder(s);
            for (int k = r.nextInt(3); k > 0 && m.length() > 0; k--) { // up to two edits
                int at = r.nextInt(m.length());
                char c = alphabet.charAt(r.nextInt(alphabet.length()));
                switch (r.nextInt(3)) {
                    case 0 -> m.setCharAt(at, c);
                    case 1 -> m.insert(at, c);
                    default -> m.deleteCharAt(at);
                }
            }
            check(m.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static boolean valid(String s) {
        byte[] b = ("x" + s + "y").getBytes(StandardCharsets.UTF_8); // inside a larger buffer, as in a log line
        boolean v = Addresses.isIpv6(b, 1, b.length - 1);
        assertThat(v).as("the rules on " + s).isEqualTo(Rules.isIpv6(b, 1, b.length - 1));
        return v;
    }

    private static void check(byte[] b) {
        byte[] in = new byte[b.length + 2];
        System.arraycopy(b, 0, in, 1, b.length);
        in[0] = ':';
        in[in.length - 1] = ':';
        boolean expected = Rules.isIpv6(in, 1, in.length - 1);
        if (Addresses.isIpv6(in, 1, in.length - 1) != expected) {
            throw new AssertionError("'" + new String(b, StandardCharsets.US_ASCII) + "': expected " + expected);
        }
    }

    /** The rules as written before the one-pass version (several passes): the oracle. */
    private static final class Rules {
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
        static int groups(byte[] b, int s, int e) {
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
                        if (!Addresses.isIpv4(b, start, e)) {
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
    }
}
