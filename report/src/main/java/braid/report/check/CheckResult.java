package braid.report.check;

import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of one preflight check ({@code braid check}): which system, where, and what was found.
 *
 * <p>Immutable and thread-safe; {@link #detail()} never holds a secret of the configuration (the
 * {@link Preflight} masks them before it builds a result).
 *
 * @param name   the short name of the check: {@code sap}, {@code smtp}, {@code website}, {@code logs}, {@code state}
 * @param target what was checked: a URL, {@code host:port} or a path
 * @param status passed, failed, or skipped (not configured)
 * @param detail what was found, or why it failed
 * @param took   how long the check ran
 */
public record CheckResult(String name, String target, Status status, String detail, Duration took) {

    /** How a check ended. */
    public enum Status {
        /** The system answered as the daily run needs it. */
        PASSED("✔"),
        /** The daily run would fail or degrade here. */
        FAILED("✘"),
        /** Not configured, so nothing to check (e.g. no website section). */
        SKIPPED("–");

        private final String mark;

        Status(String mark) {
            this.mark = mark;
        }

        /** The mark printed at the start of the line. */
        public String mark() {
            return mark;
        }
    }

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(took, "took");
    }

    /** True when the check failed. */
    public boolean failed() {
        return status == Status.FAILED;
    }

    /** One line such as {@code ✔ sap     https://…/API_BUSINESS_PARTNER: 1 partner read in 120 ms}. */
    public String line() {
        String time = switch (status) {
            case PASSED -> " in " + took.toMillis() + " ms";
            case FAILED -> " (after " + took.toMillis() + " ms)";
            case SKIPPED -> "";
        };
        return String.format("%s %-7s %s: %s%s", status.mark(), name, target, detail, time);
    }
}
