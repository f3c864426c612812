package braid.sap.internal;

import org.jspecify.annotations.Nullable;

/**
 * Checks that an e-mail address can be sent to: RFC 5322 dot-atom local part and a dotted domain.
 *
 * <p>Hand-written because the sap module has no mail library, and {@code InternetAddress} from Jakarta Mail
 * accepts forms (bare local names, quoted strings with spaces) that a mail relay would reject for a
 * customer-facing report. Internationalized domains (Unicode letters) are allowed. Stateless.
 */
public final class EmailSyntax {

    // Hand-scanned rather than matched with java.util.regex: the two patterns this replaces
    // ("[atext\\p{L}]+(\\.[atext\\p{L}]+)*" for the local part and
    // "[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?" for each label, after a split at the dots) made a Matcher,
    // its group arrays, a set per repetition and a String per label for every partner: a sixth of the SAP client's
    // allocation on a page of 1,000 partners. EmailSyntaxTest checks this against those patterns.

    /** RFC 5322 atext besides letters and digits. */
    private static final String ATEXT_SIGNS = "!#$%&'*+/=?^_`{|}~-";

    private EmailSyntax() {}

    /** Why the address is invalid, or null when it is valid. */
    public static @Nullable String problem(String address) {
        if (address == null || address.isBlank()) {
            return "empty";
        }
        if (!address.equals(address.strip())) {
            return "leading or trailing blanks";
        }
        if (address.length() > 254) {
            return "longer than 254 characters";
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return "no '@'";
        }
        if (address.indexOf('@') != at) {
            return "more than one '@'";
        }
        if (at == 0 || at > 64) {
            return "local part empty or longer than 64 characters";
        }
        if (!dotAtom(address, 0, at)) {
            return "invalid local part '" + address.substring(0, at) + "'";
        }
        int d = at + 1;
        int end = address.length();
        if (address.indexOf('.', d) < 0) {
            return "domain '" + address.substring(d) + "' has no dot";
        }
        int lastLabel = d;
        for (int s = d; ; ) {
            int dot = address.indexOf('.', s);
            int e = dot < 0 ? end : dot;
            if (!label(address, s, e)) {
                return "invalid domain '" + address.substring(d) + "'";
            }
            if (dot < 0) {
                lastLabel = s;
                break;
            }
            s = dot + 1;
        }
        if (allDigits(address, lastLabel, end)) {
            return "invalid top-level domain in '" + address.substring(d) + "'";
        }
        return null;
    }

    /** {@code s[from, to)} is one or more runs of atext (letters of any script too) joined by single dots. */
    private static boolean dotAtom(String s, int from, int to) {
        boolean inRun = false;
        for (int i = from; i < to; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            if (c == '.') {
                if (!inRun) {
                    return false;
                }
                inRun = false;
            } else if (atext(c)) {
                inRun = true;
            } else {
                return false;
            }
        }
        return inRun;
    }

    private static boolean atext(int c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || ATEXT_SIGNS.indexOf(c) >= 0;
        }
        return Character.isLetter(c);
    }

    /** A DNS label: 1 to 63 letters, digits (of any script) and hyphens, neither first nor last a hyphen. */
    private static boolean label(String s, int from, int to) {
        int count = 0;
        int last = -1;
        for (int i = from; i < to; ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            boolean alnum = letterOrNumber(c);
            if (!alnum && (c != '-' || count == 0)) {
                return false;
            }
            if (++count > 63) {
                return false;
            }
            last = c;
        }
        return count > 0 && last != '-';
    }

    /** Regex {@code [\\p{L}\\p{N}]}: a letter, or a number of any kind (decimal, letter-like, other). */
    private static boolean letterOrNumber(int c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        if (Character.isLetter(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** Every UTF-16 unit of {@code s[from, to)} is a digit (a top-level domain may not be numeric). */
    private static boolean allDigits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
