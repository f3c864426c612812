package braid.report.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Which web-server logs to analyse (section {@code logs}).
 *
 * @param required whether finding no lines for the report day fails the run
 * @param access   base paths of access logs (absolute); rotations are found next to them
 * @param errors   base paths of error logs (absolute), possibly empty
 * @param format   {@code auto}, {@code combined}, {@code common}, {@code vhost_combined}, or a
 *                 GoAccess log-format string (contains {@code %})
 * @param timeout  for the whole analysis
 * @param maxGap   the longest stretch at the start or end of the report day the access logs may miss (no request,
 *                 and no line of the day before or after) before the run refuses to send
 * @param engine   {@code local} (this machine, the default) or {@code spark} (braid's Spark module,
 *                 {@code logs.spark}); the figures are the same
 * @param spark    for {@code engine: spark}: the master and Spark properties
 */
public record LogsConfig(boolean required, List<Path> access, List<Path> errors, String format, Duration timeout,
                         Duration maxGap, String engine, Spark spark) {

    /** {@code logs.spark}: where the analysis runs ({@code local[N]}, {@code spark://…}, {@code yarn}, {@code k8s://…}) and Spark properties. */
    public record Spark(String master, java.util.Map<String, String> properties) {
        public static final Spark DEFAULT = new Spark("local[2]", java.util.Map.of());

        public Spark {
            Objects.requireNonNull(master, "master");
            properties = java.util.Map.copyOf(properties);
        }
    }

    /** The named formats; anything else is a GoAccess log-format string. */
    public static final List<String> NAMED_FORMATS = List.of("auto", "combined", "common", "vhost_combined");

    public LogsConfig {
        access = List.copyOf(access);
        errors = List.copyOf(errors);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxGap, "maxGap");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(spark, "spark");
    }

    /** True when {@link #format()} is a GoAccess specifier rather than a named format. */
    public boolean customFormat() {
        return !NAMED_FORMATS.contains(format);
    }
}
