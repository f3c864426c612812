package braid.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A reader of Prometheus's text exposition format 0.0.4 and of OpenMetrics 1.0 text: {@code # HELP} and
 * {@code # TYPE} lines, samples with labels (escapes {@code \\}, {@code \"}, {@code \n}), values including
 * {@code +Inf}, {@code -Inf} and {@code NaN}, optional timestamps, histograms and summaries (their {@code _bucket},
 * {@code _sum}, {@code _count} samples with {@code le} and {@code quantile} labels), OpenMetrics exemplars (skipped)
 * and {@code # EOF}.
 *
 * <p>Written here because no well-kept Java parser of the format exists: the official Java library
 * ({@code prometheus-metrics-exposition-textformats}) only writes it; the tests read what its writers produce.
 */
public final class PrometheusText {
    private PrometheusText() {}

    /** One sample: a metric name, its labels in the order written, its value and its timestamp if given. */
    public record Sample(String name, Map<String, String> labels, double value, @Nullable Double timestamp) {
        public Sample {
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }
    }

    /**
     * What was read: the samples in order, and the type of each family that declared one ("counter", "gauge",
     * "histogram", "summary", "untyped", …).
     */
    public record Exposition(List<Sample> samples, Map<String, String> types) {
        public Exposition {
            samples = List.copyOf(samples);
            types = Map.copyOf(types);
        }
    }

    /** Input that is not the text format, naming the 1-based line and what is wrong. */
    public static final class FormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int line;

        FormatException(int line, String problem) {
            super("line " + line + ": " + problem);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /**
     * Parses {@code text}.
     *
     * @throws FormatException at the first line that is not the format
     */
    public static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        boolean eof = false;
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String l = lines[i];
            if (l.endsWith("\r")) l = l.substring(0, l.length() - 1);
            if (eof) {
                if (l.isEmpty() && i == lines.length - 1) break;
                throw new FormatException(n, "text after # EOF");
            }
            if (l.isBlank()) continue;
            if (l.startsWith("#")) {
                String rest = l.substring(1).strip();
                if (rest.equals("EOF")) {
                    eof = true;
                } else if (rest.startsWith("TYPE ")) {
                    String[] p = rest.substring(5).strip().split("\\s+", 2);
                    if (p.length != 2 || !validName(p[0])) throw new FormatException(n, "a # TYPE line needs a metric name and a type");
                    types.put(p[0], p[1].strip());
                } else if (rest.startsWith("HELP ")) {
                    String[] p = rest.substring(5).strip().split("\\s+", 2);
                    if (p.length < 1 || !validName(p[0])) throw new FormatException(n, "a # HELP line needs a metric name");
                }
                continue; // other comments are allowed in 0.0.4
            }
            samples.add(sample(l, n));
        }
        return new Exposition(samples, types);
    }

    private static Sample sample(String l, int n) {
        int i = 0;
        int len = l.length();
        while (i < len && (Character.isLetterOrDigit(l.charAt(i)) || l.charAt(i) == '_' || l.charAt(i) == ':')) i++;
        String name = l.substring(0, i);
        if (!validName(name)) {
            throw new FormatException(n, "not a sample: '" + abbreviate(l) + "'" + (l.strip().startsWith("<") ? " (this is HTML, not metrics)" : ""));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < len && l.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < len && l.charAt(i) == ' ') i++;
                if (i < len && l.charAt(i) == '}') {
                    i++;
                    break;
                }
                int s = i;
                while (i < len && (Character.isLetterOrDigit(l.charAt(i)) || l.charAt(i) == '_')) i++;
                String key = l.substring(s, i);
                if (key.isEmpty() || Character.isDigit(key.charAt(0))) throw new FormatException(n, "a label name is expected at character " + (i + 1));
                while (i < len && l.charAt(i) == ' ') i++;
                if (i >= len || l.charAt(i) != '=') throw new FormatException(n, "'=' expected after label " + key);
                i++;
                while (i < len && l.charAt(i) == ' ') i++;
                if (i >= len || l.charAt(i) != '"') throw new FormatException(n, "the value of label " + key + " must be in double quotes");
                i++;
                StringBuilder v = new StringBuilder();
                boolean closed = false;
                while (i < len) {
                    char c = l.charAt(i++);
                    if (c == '\\' && i < len) {
                        char e = l.charAt(i++);
                        switch (e) {
                            case 'n' -> v.append('\n');
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            default -> v.append('\\').append(e); // 0.0.4: other escapes stay as written
                        }
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        v.append(c);
                    }
                }
                if (!closed) throw new FormatException(n, "the value of label " + key + " has no closing quote");
                if (labels.put(key, v.toString()) != null) throw new FormatException(n, "label " + key + " appears twice");
                while (i < len && l.charAt(i) == ' ') i++;
                if (i < len && l.charAt(i) == ',') {
                    i++;
                    continue;
                }
                if (i < len && l.charAt(i) == '}') {
                    i++;
                    break;
                }
                throw new FormatException(n, "',' or '}' expected after the value of label " + key);
            }
        }
        String rest = l.substring(i);
        int hash = rest.indexOf(" # "); // an OpenMetrics exemplar follows
        if (hash >= 0) rest = rest.substring(0, hash);
        String[] parts = rest.strip().split("[ \\t]+");
        if (parts.length == 0 || parts[0].isEmpty()) throw new FormatException(n, "no value for " + name);
        if (parts.length > 2) throw new FormatException(n, "more than a value and a timestamp after " + name);
        double value = number(parts[0], n, "value");
        Double ts = parts.length == 2 ? number(parts[1], n, "timestamp") : null;
        return new Sample(name, labels, value, ts);
    }

    private static double number(String s, int n, String what) {
        switch (s) {
            case "+Inf", "Inf", "+inf", "inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN", "nan" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new FormatException(n, "the " + what + " '" + abbreviate(s) + "' is not a number");
                }
            }
        }
    }

    static boolean validName(String s) {
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == ':')) return false;
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "…";
    }
}
