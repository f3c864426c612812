package braid.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole run in figures.
 *
 * @param requests     results handed over (fetched + failed)
 * @param skipped      requests not made because the output already had their result ({@code --resume})
 * @param byStatus     fetched results per status class ("2xx", "3xx", "4xx", "5xx")
 * @param failed       results that failed after their retries
 * @param errorsByHost per host, its most frequent errors (at most 3, most frequent first) with their counts
 * @param p50          median time of a request
 * @param p95          95th percentile
 * @param wall         the run's wall time
 * @param slowestHosts the hosts with the highest median time (at most 5), slowest first
 */
public record FetchSummary(long requests, long skipped, Map<String, Long> byStatus, long failed,
                           Map<String, List<Map.Entry<String, Long>>> errorsByHost, Duration p50, Duration p95,
                           Duration wall, List<Map.Entry<String, Duration>> slowestHosts) {

    public FetchSummary {
        byStatus = Map.copyOf(byStatus);
        errorsByHost = Map.copyOf(errorsByHost);
        slowestHosts = List.copyOf(slowestHosts);
    }

    /** Requests per second of wall time. */
    public double rate() {
        return wall.isZero() ? 0 : requests / (wall.toNanos() / 1e9);
    }

    /** Fetched results with a status of 400 or more. */
    public long errorStatuses() {
        return byStatus.getOrDefault("4xx", 0L) + byStatus.getOrDefault("5xx", 0L);
    }
}
