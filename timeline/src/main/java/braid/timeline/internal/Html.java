package braid.timeline.internal;

/** HTML escaping of user data (task names, errors) for text and attribute values. Stateless. */
public final class Html {
    private Html() {}

    /**
     * Escapes {@code s} for HTML text and double- or single-quoted attributes; {@code null} becomes
     * empty. Written by hand because it is five characters and the JDK has no escaper.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String r = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (r != null || (c < 0x20 && c != '\n' && c != '\t')) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(r != null ? r : " ");
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }
}
