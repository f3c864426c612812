package braid.logs.internal;

import java.time.DateTimeException;
import java.time.LocalDate;

/** Byte-level parsing of the dates found in web-server logs. */
final class Dates {
    private Dates() {}

    /** Two ASCII digits as a number, or -1. */
    static int two(byte[] b, int i) {
        int a = b[i] - '0';
        int c = b[i + 1] - '0';
        if (a < 0 || a > 9 || c < 0 || c > 9) {
            return -1;
        }
        return a * 10 + c;
    }

    /** Month 1..12 from a three-letter English abbreviation (any case), or -1. */
    static int month(byte[] b, int i) {
        int key = (b[i] | 0x20) << 16 | (b[i + 1] | 0x20) << 8 | (b[i + 2] | 0x20);
        return switch (key) {
            case ('j' << 16 | 'a' << 8 | 'n') -> 1;
            case ('f' << 16 | 'e' << 8 | 'b') -> 2;
            case ('m' << 16 | 'a' << 8 | 'r') -> 3;
            case ('a' << 16 | 'p' << 8 | 'r') -> 4;
            case ('m' << 16 | 'a' << 8 | 'y') -> 5;
            case ('j' << 16 | 'u' << 8 | 'n') -> 6;
            case ('j' << 16 | 'u' << 8 | 'l') -> 7;
            case ('a' << 16 | 'u' << 8 | 'g') -> 8;
            case ('s' << 16 | 'e' << 8 | 'p') -> 9;
            case ('o' << 16 | 'c' << 8 | 't') -> 10;
            case ('n' << 16 | 'o' << 8 | 'v') -> 11;
            case ('d' << 16 | 'e' << 8 | 'c') -> 12;
            default -> -1;
        };
    }

    /** Epoch day of {@code dd/Mon/yyyy} at {@code b[i]}, or Long.MIN_VALUE. */
    static long dayMonYear(byte[] b, int i) {
        if (b[i + 2] != '/' || b[i + 6] != '/') {
            return Long.MIN_VALUE;
        }
        int d = two(b, i);
        int m = month(b, i + 3);
        int y1 = two(b, i + 7);
        int y2 = two(b, i + 9);
        if (d < 1 || m < 0 || y1 < 0 || y2 < 0) {
            return Long.MIN_VALUE;
        }
        try {
            return LocalDate.of(y1 * 100 + y2, m, d).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
    }
}
