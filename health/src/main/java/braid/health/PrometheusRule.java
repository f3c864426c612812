package braid.health;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A rule over a metrics endpoint, as an alert expression: {@code metric{label="v", other!="x", path=~"/api.*"} < 2e9}.
 * It fires for every series of the metric whose labels match and whose value makes the comparison true; a rule whose
 * metric has no matching series cannot be judged (UNKNOWN).
 *
 * @param metric    the metric name
 * @param matchers  label matchers ({@code =}, {@code !=}, {@code =~} with a fully anchored regular expression)
 * @param op        {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ==} or {@code !=}
 * @param threshold the number compared with
 */
public record PrometheusRule(String metric, List<LabelMatcher> matchers, String op, double threshold) {
    private static final Pattern RULE = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{.*})?\\s*(<=|>=|==|!=|<|>)\\s*(\\S+)\\s*");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    public PrometheusRule {
        matchers = List.copyOf(matchers);
    }

    /** A label matcher. */
    public record LabelMatcher(String label, String op, String value) {
        boolean matches(PrometheusText.Sample s) {
            String v = s.labels().getOrDefault(label, "");
            return switch (op) {
                case "=" -> v.equals(value);
                case "!=" -> !v.equals(value);
                default -> Pattern.compile(value).matcher(v).matches();
            };
        }
    }

    /**
     * Parses a rule.
     *
     * @throws IllegalArgumentException saying what a rule looks like
     */
    public static PrometheusRule parse(String rule) {
        Matcher m = RULE.matcher(rule);
        String example = " (a rule looks like: node_filesystem_avail_bytes{mountpoint=\"/\"} < 2e9)";
        if (!m.matches()) throw new IllegalArgumentException("not a rule: '" + rule + "'" + example);
        List<LabelMatcher> matchers = new ArrayList<>();
        if (m.group(2) != null) {
            String inner = m.group(2).substring(1, m.group(2).length() - 1).strip();
            Matcher lm = MATCHER.matcher(inner);
            int at = 0;
            while (at < inner.length()) {
                if (!lm.find(at) || lm.start() != at) throw new IllegalArgumentException("not a label matcher at '" + inner.substring(at) + "' in '" + rule + "'" + example);
                String value = lm.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
                if (lm.group(2).equals("=~")) {
                    try {
                        Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("not a regular expression: '" + value + "' in '" + rule + "'");
                    }
                }
                matchers.add(new LabelMatcher(lm.group(1), lm.group(2), value));
                at = lm.end();
            }
        }
        double t;
        try {
            t = Double.parseDouble(m.group(4).replace("+Inf", "Infinity").replace("-Inf", "-Infinity"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: '" + m.group(4) + "' in '" + rule + "'" + example);
        }
        return new PrometheusRule(m.group(1), matchers, m.group(3), t);
    }

    /** The series of the metric whose labels match. */
    public List<PrometheusText.Sample> series(PrometheusText.Exposition e) {
        List<PrometheusText.Sample> out = new ArrayList<>();
        for (PrometheusText.Sample s : e.samples()) {
            if (!s.name().equals(metric)) continue;
            boolean all = true;
            for (LabelMatcher lm : matchers) all &= lm.matches(s);
            if (all) out.add(s);
        }
        return out;
    }

    /** Whether {@code value} makes the comparison true (the rule fires for it); NaN never does. */
    public boolean fires(double value) {
        if (Double.isNaN(value)) return false;
        return switch (op) {
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "==" -> value == threshold;
            default -> value != threshold;
        };
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(metric);
        if (!matchers.isEmpty()) {
            b.append('{');
            for (int i = 0; i < matchers.size(); i++) {
                LabelMatcher lm = matchers.get(i);
                b.append(i == 0 ? "" : ",").append(lm.label()).append(lm.op()).append('"').append(lm.value()).append('"');
            }
            b.append('}');
        }
        return b.append(' ').append(op).append(' ').append(braid.health.internal.Probes.number(threshold)).toString();
    }
}
