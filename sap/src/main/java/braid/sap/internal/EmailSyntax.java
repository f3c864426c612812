package braid.sap.internal;

import java.util.regex.Pattern;

/**
 * Checks that an e-mail address can be sent to: RFC 5322 dot-atom local part and a dotted domain.
 *
 * <p>Hand-written because the sap module has no mail library, and {@code InternetAddress} from Jakarta Mail
 * accepts forms (bare local names, quoted strings with spaces) that a mail relay would reject for a
 * customer-facing report. Internationalized domains (Unicode letters) are allowed. Stateless.
 */
public final class EmailSyntax {

    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\p{L}-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\p{L}-]+)*");
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

    private EmailSyntax() {}

    /** Why the address is invalid, or null when it is valid. */
    public static String problem(String address) {
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
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty() || local.length() > 64) {
            return "local part empty or longer than 64 characters";
        }
        if (!LOCAL.matcher(local).matches()) {
            return "invalid local part '" + local + "'";
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return "domain '" + domain + "' has no dot";
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return "invalid domain '" + domain + "'";
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "invalid top-level domain in '" + domain + "'";
        }
        return null;
    }
}
