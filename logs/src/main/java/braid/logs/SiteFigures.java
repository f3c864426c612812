package braid.logs;

import java.util.List;
import java.util.Map;

/**
 * The traffic figures of one site (all requests, or one virtual host) for the analysed period.
 *
 * @param requests counted requests (GoAccess's "valid requests")
 * @param uniqueVisitors distinct (date, client address, user agent) over requests whose status is not 4xx,
 *     as GoAccess counts them by default
 * @param bytesSent sum of the response sizes
 * @param statusClasses requests per class "1xx".."5xx", in that order, classes without requests omitted
 * @param statusCodes requests per status code, ascending
 * @param topPaths most requested paths (query string dropped), most first
 * @param top404Paths most requested paths answered 404
 * @param top5xxPaths most requested paths answered 5xx
 * @param topReferringSites host names of the most frequent referrers, lower-case
 * @param requestsPerHour 24 counts, hour of day in the report's time zone
 * @param botRequests requests whose user agent looks like a bot, crawler or script
 */
public record SiteFigures(long requests, long uniqueVisitors, long bytesSent, Map<String, Long> statusClasses,
        Map<Integer, Long> statusCodes, List<Count> topPaths, List<Count> top404Paths, List<Count> top5xxPaths,
        List<Count> topReferringSites, List<Long> requestsPerHour, long botRequests) {

    public SiteFigures {
        statusClasses = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statusClasses));
        statusCodes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statusCodes));
        topPaths = List.copyOf(topPaths);
        top404Paths = List.copyOf(top404Paths);
        top5xxPaths = List.copyOf(top5xxPaths);
        topReferringSites = List.copyOf(topReferringSites);
        requestsPerHour = List.copyOf(requestsPerHour);
        if (requestsPerHour.size() != 24) {
            throw new IllegalArgumentException("requestsPerHour needs 24 values: " + requestsPerHour.size());
        }
    }

    /** Share of requests made by bots, 0..1 (0 when there are no requests). */
    public double botShare() {
        return requests == 0 ? 0 : (double) botRequests / requests;
    }
}
