package braid.sap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The e-mail check that decides whether a client gets the report: the hand-written scanner gives the same answer as
 * the two regular expressions it replaced (kept here as the reference), on chosen addresses and on generated ones
 * built from the characters where the rules differ (dots, hyphens, '@', letters and numbers of other scripts,
 * surrogate pairs, unpaired surrogates, blanks).
 */
class EmailSyntaxTest {

    private static final Pattern LOCAL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\p{L}-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\p{L}-]+)*");
    private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?");

    /** The rules as they were written before (session 10), with the same words. */
    private static String reference(String address) {
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

    @Test
    void chosenAddressesAreJudgedInTheSameWordsAsBefore() {
        List<String> cases = List.of(
                "anna@example.com", "a.b-c+tag@mail.example.co.uk", "o'brien@example.ie", "x@a.b",
                "jörg@bücher.de", "用户@例子.广告", "user@xn--bcher-kva.de", "a@b.c1", "a@1.2",
                "a@b.123", "a@b", "@b.com", "a@", "a@.com", "a@b..com", "a@b.com.", "a@-b.com", "a@b-.com",
                "a@b_c.com", "a..b@c.com", ".a@b.com", "a.@b.com", "a b@c.com", " a@b.com", "a@b.com ", "",
                "   ", "a@b@c.com", "\"quoted\"@example.com", "a@" + "x".repeat(63) + ".com",
                "a@" + "x".repeat(64) + ".com", "x".repeat(64) + "@b.com", "x".repeat(65) + "@b.com",
                "a@b." + "c".repeat(250), "a@b.٣", "a@٣.com", "a@b.Ⅻ", "٣@b.com", "a@𝒳.com", "𝒳@b.com",
                "a@b.\uD835", "\uD835@b.com", "a@b.c\u00AD", "a@b.c-d", "a@b.-", "a@b.c\tx", "a\u2028@b.com");
        for (String c : cases) {
            assertThat(EmailSyntax.problem(c)).as(c).isEqualTo(reference(c));
        }
        assertThat(EmailSyntax.problem(null)).isEqualTo("empty");
        // the checks are not vacuous: some pass, some fail for each reason
        assertThat(EmailSyntax.problem("anna@example.com")).isNull();
        assertThat(EmailSyntax.problem("用户@例子.广告")).isNull();
        assertThat(EmailSyntax.problem("a@b..com")).isEqualTo("invalid domain 'b..com'");
        assertThat(EmailSyntax.problem("a..b@c.com")).isEqualTo("invalid local part 'a..b'");
        assertThat(EmailSyntax.problem("a@b")).isEqualTo("domain 'b' has no dot");
        assertThat(EmailSyntax.problem("a@b.123")).isEqualTo("invalid top-level domain in 'b.123'");
    }

    @Test
    void generatedAddressesAreJudgedInTheSameWordsAsBefore() {
        String[] pieces = {"a", "Z", "0", "9", ".", ".", "-", "-", "@", "_", "+", "'", " ", "\t", "é", "ß", "ж", "中",
            "٣", "Ⅻ", "½", "\u0301", "𝒳", "\uD835", "\uDC00", "\u00AD", "\"", "(", "x".repeat(30), "1".repeat(20)};
        SplittableRandom random = new SplittableRandom(17);
        List<String> differing = new ArrayList<>();
        int valid = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            if (random.nextBoolean()) { // most addresses have one '@' and a dot after it
                sb.append('@').append(pieces[random.nextInt(pieces.length)]).append("b.").append(
                        pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? "com" : "");
            }
            String address = sb.toString();
            String expected = reference(address);
            if (expected == null) {
                valid++;
            }
            if (!java.util.Objects.equals(EmailSyntax.problem(address), expected)) {
                differing.add(address);
            }
        }
        assertThat(differing).isEmpty();
        assertThat(valid).as("valid addresses among the generated").isGreaterThan(1_000);
    }
}
