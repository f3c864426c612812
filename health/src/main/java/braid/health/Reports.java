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

    /**
     * A table: the overall status first, naming the checks that are not OK, then one line per check.
     *
     * <p>The first line is what Nagios and Icinga show as a plugin's status (in the dashboard and in notifications);
     * the rest is its long output. So it must say what is wrong by itself: "CRITICAL: 12 checks, 1 not OK in 0.41 s
     * (db: connection refused by 10.0.0.5:5432)", not the first check's line, which may well be an OK one.
     */
    public static String table(List<CheckResult> results) {
        return table(results, null, false);
    }

    /** The same, saying on its first line how long the checks took ("… in 2.04 s"). */
    public static String table(List<CheckResult> results, java.time.@org.jspecify.annotations.Nullable Duration took) {
        return table(results, took, false);
    }

    /** At most this many failing checks are named on the first line (then "and N more"). */
    static final int NAMED = 3;

    /**
     * The same, with Nagios's performance data when {@code perfdata} is set: after a {@code |} at the end of the first
     * line, each measurement as {@code 'CHECK_MEASUREMENT'=VALUE[UOM]} (see {@link #perfdata}), which Nagios, Icinga,
     * PNP4Nagios and Grafana's Icinga data sources graph.
     */
    public static String table(List<CheckResult> results, java.time.@org.jspecify.annotations.Nullable Duration took,
                               boolean perfdata) {
        return table(results, took, perfdata, List.of());
    }

    /**
     * The same, the performance data with each measurement's warning and critical thresholds (and bounds) as the
     * {@code checks} that made the results set them ({@link #perfdata(List, List)}).
     */
    public static String table(List<CheckResult> results, java.time.@org.jspecify.annotations.Nullable Duration took,
                               boolean perfdata, List<HealthCheck> checks) {
        int w = 5;
        for (CheckResult r : results) w = Math.max(w, r.name().length());
        StringBuilder b = new StringBuilder();
        Status worst = HealthRunner.worst(results);
        List<CheckResult> bad = results.stream().filter(r -> r.status() != Status.OK)
                .sorted(java.util.Comparator.comparingInt((CheckResult r) -> -Status.rank(r.status()))).toList();
        b.append(String.format(Locale.ROOT, "%s: %d check%s, %d not OK%s", worst, results.size(), results.size() == 1 ? "" : "s",
                bad.size(), took == null ? "" : String.format(Locale.ROOT, " in %.2f s", took.toNanos() / 1e9)));
        if (!bad.isEmpty()) {
            StringBuilder named = new StringBuilder();
            for (CheckResult r : bad.subList(0, Math.min(NAMED, bad.size()))) {
                if (!named.isEmpty()) named.append("; ");
                named.append(text(r.name())).append(": ").append(r.status() == worst ? "" : r.status() + " ").append(text(r.message()));
            }
            if (bad.size() > NAMED) named.append("; and ").append(bad.size() - NAMED).append(" more");
            b.append(" (").append(named).append(')');
        }
        if (perfdata) {
            String p = perfdata(results, checks);
            if (!p.isEmpty()) b.append(" | ").append(p);
        }
        b.append(System.lineSeparator());
        for (CheckResult r : results) {
            b.append(String.format(Locale.ROOT, "%-8s %-" + w + "s  %s%n", r.status(), text(r.name()), text(r.message())));
        }
        return b.toString();
    }

    /**
     * A name or message as the table shows it: a {@code |} becomes {@code ¦}, since Nagios and Icinga read everything
     * after the first {@code |} of a plugin's output (first line or long output) as performance data; a rule's
     * {@code job=~"a|b"} would otherwise cut its line short and be reported as malformed performance data.
     */
    private static String text(String s) {
        return s.replace('|', '¦');
    }

    /**
     * Nagios's performance data of every check's measurements, space-separated: {@code 'shop_latency_seconds'=0.124s
     * 'log-volume_free_bytes'=40157835264B 'errors_entries_crit'=0}. The unit of measure follows the measurement's
     * name (seconds {@code s}, bytes {@code B}, else none); values are written without an exponent, as the format
     * requires, and a value that is not a number (a metric's NaN) as {@code U}. A quote or an equals sign in a check's
     * name becomes {@code _} (the format allows neither in a label), a {@code |} {@code ¦} as in the table.
     */
    public static String perfdata(List<CheckResult> results) {
        return perfdata(results, List.of());
    }

    /**
     * The same, each measurement followed by {@code ;WARN;CRIT;MIN;MAX} where the check that made it has them, in
     * Nagios's range syntax as monitoring-plugins write them ({@code check_http}'s {@code time=0.1s;2;10;0}): an
     * https check's {@code 'shop_certificate_expiry_seconds'=7775870s;1209600:;259200:} (a warning below 14 days, critical
     * below 3), its latency above {@code maxLatency}, a disk's free bytes below {@code minFree} and half of it (between 0
     * and the disk's size), a file's age above {@code maxAge}, an access log's share of 5xx answers, a Prometheus rule's
     * value (one series) in the slot of its severity. Exactly the limits the check's status was decided by, so a graph's
     * lines are where the alerts are. An error log's or journal's counts have none: their limits count a level and
     * every worse one, the measurements each level alone.
     */
    public static String perfdata(List<CheckResult> results, List<HealthCheck> checks) {
        Map<String, HealthCheck> byName = new java.util.HashMap<>();
        for (HealthCheck c : checks) byName.put(c.name(), c);
        StringBuilder b = new StringBuilder();
        for (CheckResult r : results) {
            String name = text(r.name()).replace('\'', '_').replace('=', '_');
            HealthCheck check = byName.get(r.name());
            for (Map.Entry<String, Double> e : new java.util.TreeMap<>(r.measurements()).entrySet()) {
                if (!b.isEmpty()) b.append(' ');
                String m = e.getKey();
                double v = e.getValue();
                String unit = m.endsWith("_seconds") ? "s" : m.endsWith("_bytes") ? "B" : "";
                b.append('\'').append(name).append('_').append(m).append("'=")
                        .append(Double.isFinite(v) ? plain(v) + unit : "U");
                String[] t = check == null ? null : thresholds(check, m, r.measurements());
                if (t != null) {
                    int last = t.length - 1;
                    while (last >= 0 && t[last] == null) last--;
                    for (int i = 0; i <= last; i++) b.append(';').append(t[i] == null ? "" : t[i]);
                }
            }
        }
        return b.toString();
    }

    /** {@code {warn, crit, min, max}} of {@code measurement} as {@code check} decides its status, null entries where none. */
    private static String @org.jspecify.annotations.Nullable [] thresholds(HealthCheck check, String measurement,
                                                                           Map<String, Double> measurements) {
        return switch (check) {
            case HealthCheck.Http h -> served(measurement, h.maxLatency(), h.certificateMinDays(), h.certificateCriticalDays());
            case HealthCheck.Smtp h -> served(measurement, h.maxLatency(), h.certificateMinDays(), h.certificateCriticalDays());
            case HealthCheck.Disk d -> {
                Double size = measurements.get("size_bytes");
                if (!measurement.equals("free_bytes") || size == null) yield null;
                double min = d.minFreePercent() > 0 ? d.minFreePercent() / 100 * size : d.minFreeBytes();
                yield min <= 0 ? new String[] {null, null, "0", plain(size)}
                        : new String[] {below(min), below(min / 2), "0", plain(size)};
            }
            case HealthCheck.FileAge f -> measurement.equals("age_seconds") ? new String[] {null, seconds(f.maxAge()), "0"} : null;
            case HealthCheck.AccessLog a -> measurement.equals("server_error_ratio")
                    ? new String[] {a.warn5xxRate() > 0 ? plain(a.warn5xxRate()) : null, plain(a.max5xxRate()), "0", "1"} : null;
            case HealthCheck.Prometheus p -> {
                if (!measurement.equals("value")) yield null;
                String t = plain(p.rule().threshold());
                // the range in which the rule fires: Nagios alerts outside a range, or inside one written with '@'
                String fires = switch (p.rule().op()) {
                    case "<" -> t + ":";
                    case "<=" -> "@~:" + t;
                    case ">" -> "~:" + t;
                    case ">=" -> "@" + t + ":";
                    case "==" -> "@" + t + ":" + t;
                    default -> t + ":" + t; // != : every value but t
                };
                yield p.severity() == Status.CRITICAL ? new String[] {null, fires} : p.severity() == Status.WARNING
                        ? new String[] {fires} : null;
            }
            default -> null;
        };
    }

    /** An http or smtp check's limits: a warning above {@code maxLatency}; below the certificate's days, as seconds. */
    private static String @org.jspecify.annotations.Nullable [] served(String measurement,
            java.time.@org.jspecify.annotations.Nullable Duration maxLatency, int minDays, int criticalDays) {
        final long day = 86_400;
        return switch (measurement) {
            case "latency_seconds" -> maxLatency == null ? null : new String[] {seconds(maxLatency), null, "0"};
            case "certificate_expiry_seconds" -> new String[] {below(minDays * day), below(criticalDays * day)};
            default -> null;
        };
    }

    /** A range alerting below {@code v} ("v:"). */
    private static String below(double v) {
        return plain(v) + ":";
    }

    private static String seconds(java.time.Duration d) {
        return plain(d.toNanos() / 1e9);
    }

    private static String plain(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.valueOf((long) v);
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /** {@code {"status": …, "checks": [{"name", "status", "message", "measurements"}]}}. */
    public static String json(List<CheckResult> results) {
        return json(new HealthReport(results, Map.of()));
    }

    /**
     * As {@link #json(List)}, and when a {@code clientWebsites} check ran, {@code "clientSites": [{"client", "url",
     * "status", "up", "httpStatus", "responseTimeSeconds", "certificateDays", "message"}]} (by client id; absent
     * values left out).
     */
    public static String json(HealthReport report) {
        List<CheckResult> results = report.checks();
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
        if (!report.clientSites().isEmpty()) {
            ArrayNode sites = root.putArray("clientSites");
            for (SiteHealth h : sorted(report)) {
                ObjectNode o = sites.addObject();
                o.put("client", h.clientId());
                o.put("url", h.url().toString());
                o.put("status", h.status().name());
                o.put("up", h.up());
                if (h.httpStatus() > 0) o.put("httpStatus", h.httpStatus());
                if (h.responseTime() != null) o.put("responseTimeSeconds", h.responseTime().toNanos() / 1e9);
                if (h.certificateDays() != null) o.put("certificateDays", h.certificateDays());
                o.put("message", h.message());
            }
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
        return prometheus(new HealthReport(results, Map.of()));
    }

    /**
     * As {@link #prometheus(List)}, and for each client website of a {@code clientWebsites} check, labelled with the
     * client and the host (as the blackbox exporter gives a series per target): {@code braid_health_site_status},
     * {@code braid_health_site_up}, {@code braid_health_site_http_status}, {@code braid_health_site_latency_seconds}
     * and {@code braid_health_site_certificate_expiry_seconds}.
     */
    public static String prometheus(HealthReport report) {
        List<CheckResult> results = report.checks();
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
        if (!report.clientSites().isEmpty()) {
            List<SiteHealth> sites = sorted(report);
            site(b, sites, "status", "The client website's status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (not checked).",
                    h -> (double) h.status().exitCode());
            site(b, sites, "up", "Whether the client website answered with a status below 400.", h -> h.up() ? 1.0 : 0.0);
            site(b, sites, "http_status", "The status the client website answered with (absent: no answer).",
                    h -> h.httpStatus() > 0 ? (double) h.httpStatus() : null);
            site(b, sites, "latency_seconds", "The time to the client website's whole answer, redirects included.",
                    h -> h.responseTime() == null ? null : h.responseTime().toNanos() / 1e9);
            // seconds, Prometheus's base unit (promtool's lint refuses days), as braid_health_certificate_expiry_seconds
            site(b, sites, "certificate_expiry_seconds", "Seconds until the client website's certificate expires.",
                    h -> h.certificateValidFor() == null ? null : h.certificateValidFor().toMillis() / 1e3);
        }
        return b.toString();
    }

    private static void site(StringBuilder b, List<SiteHealth> sites, String name, String help,
                             java.util.function.Function<SiteHealth, @org.jspecify.annotations.Nullable Double> value) {
        String metric = "braid_health_site_" + name;
        b.append("# HELP ").append(metric).append(' ').append(help).append('\n').append("# TYPE ").append(metric).append(" gauge\n");
        for (SiteHealth h : sites) {
            Double v = value.apply(h);
            if (v == null) continue;
            b.append(metric).append("{client=\"").append(label(h.clientId())).append("\",host=\"")
                    .append(label(String.valueOf(h.url().getHost()))).append("\"} ").append(number(v)).append('\n');
        }
    }

    private static List<SiteHealth> sorted(HealthReport report) {
        return report.clientSites().values().stream().sorted(java.util.Comparator.comparing(SiteHealth::clientId)).toList();
    }

    /** Writes {@link #prometheus} to {@code file} through a temporary file renamed into place (never half a file). */
    public static void writePrometheus(List<CheckResult> results, Path file) throws IOException {
        writePrometheus(new HealthReport(results, Map.of()), file);
    }

    /** Writes {@link #prometheus(HealthReport)} to {@code file} through a temporary file renamed into place. */
    public static void writePrometheus(HealthReport report, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, prometheus(report), StandardCharsets.UTF_8);
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
