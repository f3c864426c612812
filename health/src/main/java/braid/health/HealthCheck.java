package braid.health;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** One check as configured. Each kind is a record; all have a name and a timeout. */
public sealed interface HealthCheck {
    /** The check's name (unique in the configuration). */
    String name();

    /** How long the check may take before it is CRITICAL (no answer in time). */
    Duration timeout();

    /** The host it contacts (for the limit per host), or null for a local check. */
    default @Nullable String host() {
        return null;
    }

    /**
     * An HTTP(S) request: the status it must answer, text the body must contain, the slowest acceptable answer, and
     * for https the days the certificate must still be valid (WARNING below {@code certificateMinDays}, CRITICAL
     * below {@code certificateCriticalDays}). With {@code followRedirects}, up to {@link #MAX_REDIRECTS} redirects are
     * followed and the last answer (its status, body and certificate) is the check's, the latency all of them.
     */
    record Http(String name, URI url, int expectStatus, @Nullable String expectBody, @Nullable Duration maxLatency,
                int certificateMinDays, int certificateCriticalDays, boolean followRedirects, Duration timeout)
            implements HealthCheck {
        /** The most redirects a check follows (as curl's default is 50 and browsers' about 20: a loop ends sooner). */
        public static final int MAX_REDIRECTS = 5;

        @Override
        public String host() {
            return String.valueOf(url.getHost());
        }
    }

    /**
     * A mail server (SMTP) that must greet, answer EHLO and, with {@code security} {@code starttls} (the default but
     * on port 465), offer STARTTLS and complete the TLS handshake; {@code smtps} speaks TLS from the start, {@code none}
     * not at all. The certificate is checked as an https site's (trusted, for the host, not expired) with its days
     * left against {@code certificateMinDays} (WARNING) and {@code certificateCriticalDays} (CRITICAL). Nothing is sent.
     */
    record Smtp(String name, String hostName, int port, Security security, int certificateMinDays, int certificateCriticalDays,
                @Nullable Duration maxLatency, Duration timeout) implements HealthCheck {
        @Override
        public String host() {
            return hostName;
        }

        /** How the dialogue is secured, as {@code mail.smtp.security} says it. */
        public enum Security {
            /** TLS after EHLO's STARTTLS (RFC 3207); ports 587 and 25. */
            STARTTLS,
            /** TLS from the start (RFC 8314); port 465. */
            SMTPS,
            /** No TLS: a relay on this machine or a test sink. */
            NONE
        }
    }

    /** A TCP connection that must open. */
    record Tcp(String name, String hostName, int port, Duration timeout) implements HealthCheck {
        @Override
        public String host() {
            return hostName;
        }
    }

    /**
     * Free space on the file system of {@code path}: WARNING below {@code minFreePercent} (or {@code minFreeBytes}),
     * CRITICAL below half of it.
     */
    record Disk(String name, Path path, double minFreePercent, long minFreeBytes, Duration timeout) implements HealthCheck {}

    /**
     * A metrics endpoint (Prometheus's text format or OpenMetrics) and a rule over it: {@code severity} when the rule
     * fires for any matching series, UNKNOWN when no series matches or the answer is not the format.
     */
    record Prometheus(String name, URI url, PrometheusRule rule, Status severity, Duration timeout) implements HealthCheck {
        @Override
        public String host() {
            return String.valueOf(url.getHost());
        }
    }

    /** A file that must exist and have changed within {@code maxAge} (a log that still grows, a backup that ran). */
    record FileAge(String name, Path path, Duration maxAge, Duration timeout) implements HealthCheck {}

    /**
     * An error log (nginx or Apache) over the last {@code window}: CRITICAL when the entries of a level or worse
     * exceed {@code max} for that level ({@code {crit: 0, error: 50}}), WARNING when they exceed {@code warn}.
     * Levels: emerg, alert, crit, error, warn, notice, info, debug.
     */
    record ErrorLog(String name, Path path, Duration window, java.util.Map<String, Long> max,
                    java.util.Map<String, Long> warn, Duration timeout) implements HealthCheck {
        public ErrorLog {
            max = java.util.Map.copyOf(max);
            warn = java.util.Map.copyOf(warn);
        }
    }

    /**
     * The systemd journal over the last {@code window}, read with {@code journalctl}: its entries per priority counted
     * as {@link ErrorLog}'s levels (emerg, alert, crit, error for journald's err, warn for its warning, notice, info,
     * debug) against {@code max} and {@code warn} as there; only {@code unit}'s entries when given (journalctl's
     * {@code --unit}), only those whose message {@code match} finds when given; {@code directory} a journal other than
     * this machine's (journalctl's {@code --directory}: a host's journal mounted into a container).
     */
    record Journal(String name, @Nullable String unit, java.util.regex.@Nullable Pattern match, @Nullable Path directory,
                   Duration window, java.util.Map<String, Long> max, java.util.Map<String, Long> warn, Duration timeout)
            implements HealthCheck {
        public Journal {
            max = java.util.Map.copyOf(max);
            warn = java.util.Map.copyOf(warn);
        }
    }

    /**
     * An access log over the last {@code window}: CRITICAL when the share of 5xx answers exceeds {@code max5xxRate}
     * (0..1), WARNING when it exceeds {@code warn5xxRate} (0 for none). {@code format} as {@code logs.format}.
     */
    record AccessLog(String name, Path path, Duration window, double max5xxRate, double warn5xxRate, String format,
                     Duration timeout) implements HealthCheck {}

    /**
     * Every client's website from SAP, checked at once (4 per host) like an {@link Http} check without body or
     * status expectations: up (any status below 400), the response time, and the certificate's days; redirects
     * followed unless {@code followRedirects} is false (a site on file as {@code http://} that sends its visitors to
     * {@code https://} is checked as they see it, certificate included).
     */
    record ClientWebsites(String name, int certificateMinDays, int certificateCriticalDays, @Nullable Duration maxLatency,
                          boolean followRedirects, Duration timeout) implements HealthCheck {}
}
