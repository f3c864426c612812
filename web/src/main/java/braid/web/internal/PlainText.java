package braid.web.internal;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Turns feed and page text into plain, single-line, length-capped text that is safe to put into
 * any output after that output's own escaping. Stateless and thread-safe.
 */
public final class PlainText {
    // \s misses NBSP and the Unicode spaces real feeds are full of; controls would corrupt e-mails.
    private static final Pattern SPACE = Pattern.compile("[\\s\\u00A0\\u1680\\u2000-\\u200B\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]+");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}&&[^\\s]]");

    private PlainText() {}

    /** Strips markup (scripts and styles vanish entirely), decodes entities, collapses whitespace, caps the length. */
    public static String fromHtml(String html, int maxChars) {
        if (html == null || html.isEmpty()) return "";
        // Cheap path: no tag and no entity means jsoup would return the text unchanged.
        if (html.indexOf('<') < 0 && html.indexOf('&') < 0) return fromText(html, maxChars);
        return fromText(Jsoup.parseBodyFragment(html).text(), maxChars);
    }

    /** Collapses whitespace, drops control characters and caps the length of text that is already plain. */
    public static String fromText(String text, int maxChars) {
        if (text == null || text.isEmpty()) return "";
        String s = SPACE.matcher(CONTROL.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
        return cap(s, maxChars);
    }

    /** Cuts at a word boundary near {@code maxChars} and appends an ellipsis; the result never exceeds maxChars. */
    static String cap(String s, int maxChars) {
        if (s.length() <= maxChars) return s;
        int end = maxChars - 1;
        if (Character.isLowSurrogate(s.charAt(end))) end--;
        int space = s.lastIndexOf(' ', end);
        if (space >= maxChars / 2) end = space;
        return s.substring(0, end).stripTrailing() + "…";
    }
}
