package braid.sandbox.internal.sap;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A parsed OData V2 {@code $filter} over scalar properties: {@code eq ne gt ge lt le}, {@code and or not},
 * parentheses, and string, boolean, number, {@code null} and {@code datetime'…'} literals.
 *
 * <p>Written by hand because no OData library is on the sandbox's class path and the subset is small
 * (OData V2 URI conventions, section 4.5 "Filter System Query Option"). Immutable and thread-safe.
 */
public final class ODataFilter implements Predicate<Map<String, Object>> {

    private final Predicate<Map<String, Object>> predicate;

    private ODataFilter(Predicate<Map<String, Object>> predicate) {
        this.predicate = predicate;
    }

    /** Parses {@code text}; {@code known} are the property names that may appear. */
    public static ODataFilter parse(String text, java.util.Set<String> known) {
        var parser = new Parser(tokenize(text), known, text);
        Predicate<Map<String, Object>> p = parser.or();
        if (parser.pos != parser.tokens.size()) {
            throw new IllegalArgumentException("unexpected '" + parser.tokens.get(parser.pos) + "' in $filter: " + text);
        }
        return new ODataFilter(p);
    }

    @Override
    public boolean test(Map<String, Object> properties) {
        return predicate.test(properties);
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '\'') {
                // A quoted string; '' inside stands for one quote (OData V2 literal form).
                StringBuilder b = new StringBuilder("'");
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated string in $filter: " + s);
                    }
                    char d = s.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(d);
                    i++;
                }
                out.add(b.toString());
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '('
                        && s.charAt(i) != ')') {
                    if (s.charAt(i) == '\'') {
                        // datetime'2024-01-01T00:00' : prefix glued to a quoted part
                        int end = s.indexOf('\'', i + 1);
                        if (end < 0) {
                            throw new IllegalArgumentException("unterminated literal in $filter: " + s);
                        }
                        i = end + 1;
                    } else {
                        i++;
                    }
                }
                out.add(s.substring(start, i));
            }
        }
        return out;
    }

    private static final class Parser {
        final List<String> tokens;
        final java.util.Set<String> known;
        final String text;
        int pos;

        Parser(List<String> tokens, java.util.Set<String> known, String text) {
            this.tokens = tokens;
            this.known = known;
            this.text = text;
        }

        @Nullable String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        String next() {
            if (pos >= tokens.size()) {
                throw new IllegalArgumentException("$filter ends too early: " + text);
            }
            return tokens.get(pos++);
        }

        Predicate<Map<String, Object>> or() {
            Predicate<Map<String, Object>> left = and();
            while ("or".equals(peek())) {
                pos++;
                left = left.or(and());
            }
            return left;
        }

        Predicate<Map<String, Object>> and() {
            Predicate<Map<String, Object>> left = unary();
            while ("and".equals(peek())) {
                pos++;
                left = left.and(unary());
            }
            return left;
        }

        Predicate<Map<String, Object>> unary() {
            String t = peek();
            if ("not".equals(t)) {
                pos++;
                return unary().negate();
            }
            if ("(".equals(t)) {
                pos++;
                Predicate<Map<String, Object>> inner = or();
                if (!")".equals(next())) {
                    throw new IllegalArgumentException("missing ')' in $filter: " + text);
                }
                return inner;
            }
            String property = next();
            if (!known.contains(property)) {
                throw new IllegalArgumentException("Property " + property + " not found in type A_BusinessPartnerType");
            }
            String op = next();
            @Nullable Object literal = literal(next());
            return switch (op) {
                case "eq" -> m -> java.util.Objects.equals(normalize(m.get(property)), literal);
                case "ne" -> m -> !java.util.Objects.equals(normalize(m.get(property)), literal);
                case "gt" -> m -> ordered(m.get(property), literal) && compare(m.get(property), literal) > 0;
                case "ge" -> m -> ordered(m.get(property), literal) && compare(m.get(property), literal) >= 0;
                case "lt" -> m -> ordered(m.get(property), literal) && compare(m.get(property), literal) < 0;
                case "le" -> m -> ordered(m.get(property), literal) && compare(m.get(property), literal) <= 0;
                default -> throw new IllegalArgumentException("unsupported operator '" + op + "' in $filter: " + text);
            };
        }

        @Nullable Object literal(String t) {
            if (t.startsWith("'")) {
                return t.substring(1);
            }
            if (t.startsWith("datetime'") && t.endsWith("'")) {
                String v = t.substring("datetime'".length(), t.length() - 1);
                try {
                    return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new IllegalArgumentException("invalid datetime literal " + t + " in $filter: " + text, e);
                }
            }
            if (t.equals("true") || t.equals("false")) {
                return Boolean.valueOf(t);
            }
            if (t.equals("null")) {
                return null;
            }
            try {
                return Long.valueOf(t);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid literal " + t + " in $filter: " + text, e);
            }
        }
    }

    private static @Nullable Object normalize(@Nullable Object v) {
        return v instanceof Integer i ? Long.valueOf(i) : v;
    }

    /** Order comparisons with null are false, as in SQL and SAP Gateway. */
    private static boolean ordered(@Nullable Object value, @Nullable Object literal) {
        return value != null && literal != null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(@Nullable Object value, @Nullable Object literal) {
        if (value == null || literal == null) {
            return value == literal ? 0 : (value == null ? -1 : 1);
        }
        Object v = value instanceof Integer i ? Long.valueOf(i) : value;
        if (v.getClass() != literal.getClass()) {
            throw new IllegalArgumentException("cannot compare " + v + " with " + literal);
        }
        return ((Comparable) v).compareTo(literal);
    }
}
