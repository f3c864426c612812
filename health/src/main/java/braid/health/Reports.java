package braid.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Check results as people, programs and Prometheus read them. */
public final class Reports {
    private Reports() {}

    /** A table: status, name, message, one line per check, then the overall status. */
    public static String table(List<CheckResult> results) {
        return table(results, null);
    }

    /** The same, saying on its last line how long the checks took ("… in 2.04 s"). */
    public static String table(List<CheckResult> results, java.time.@org.jspecify.annotations.Nullable Duration took) {
        int w = 5;
        for (CheckResult r : results) w = Math.max(w, r.name().length());
        StringBuilder b = new StringBuilder();
        for (CheckResult r : results) {
            b.append(String.format(Locale.ROOT, "%-8s %-" + w + "s  %s%n", r.status(), r.name(), r.message()));
        }
        Status worst = HealthRunner.worst(results);
        long bad = results.stream().filter(r -> r.status() != Status.OK).count();
        b.append(String.format(Locale.ROOT, "%s: %d check%s, %d not OK%s%n", worst, results.size(), results.size() == 1 ? "" : "s", bad,
                took == null ? "" : String.format(Locale.ROOT, " in %.2f s", took.toNanos() / 1e9)));
        return b.toString();
    }

    /** {@code {"status": …, "checks": [{"name", "status", "message", "measurements"}]}}. */
    public static String json(List<CheckResult> results) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("status", HealthRunner.worst(results).name());
        ArrayNode a = root.putArray("checks");
        for (CheckResult r : results) {
            ObjectNode o = a.addObject();
            o.put("name", r.name());
            o.put("status", r.status().name());
            o.put("message", r.message());
            ObjectNode ms = o.putObject("measurements");
            new TreeSet<>(r.measurements().keySet()).forEach(k -> ms.put(k, r.measurements().get(k)));
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Prometheus's text format 0.0.4, for node_exporter's textfile collector: {@code braid_health_status} (0 OK,
     * 1 WARNING, 2 CRITICAL, 3 UNKNOWN) and one gauge per measurement ({@code braid_health_latency_seconds}, …),
     * each labelled with the check.
     */
    public static String prometheus(List<CheckResult> results) {
        StringBuilder b = new StringBuilder();
        b.append("# HELP braid_health_status The check's status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n")
                .append("# TYPE braid_health_status gauge\n");
        for (CheckResult r : results) {
            b.append("braid_health_status{check=\"").append(label(r.name())).append("\"} ").append(r.status().exitCode()).append('\n');
        }
        TreeSet<String> names = new TreeSet<>();
        results.forEach(r -> names.addAll(r.measurements().keySet()));
        for (String n : names) {
            String metric = "braid_health_" + n;
            b.append("# HELP ").append(metric).append(" Measured by the check: ").append(n.replace('_', ' ')).append(".\n")
                    .append("# TYPE ").append(metric).append(" gauge\n");
            for (CheckResult r : results) {
                Double v = r.measurements().get(n);
                if (v != null) b.append(metric).append("{check=\"").append(label(r.name())).append("\"} ").append(number(v)).append('\n');
            }
        }
        return b.toString();
    }

    /** Writes {@link #prometheus} to {@code file} through a temporary file renamed into place (never half a file). */
    public static void writePrometheus(List<CheckResult> results, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, prometheus(results), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String label(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

}
