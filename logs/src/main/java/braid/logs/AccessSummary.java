package braid.logs;

import org.jspecify.annotations.Nullable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The result of analysing a set of access logs: overall figures, figures per virtual host, and what
 * could not be counted.
 *
 * @param files the files read, in order
 * @param format the format used (the detected one when AUTO was asked)
 * @param zone the report's time zone (day boundaries, requests per hour)
 * @param day the day analysed, or {@code null} when every line was counted
 * @param overall figures over all counted requests
 * @param byVirtualHost figures per virtual host (lower-case, port stripped), sorted by host; empty when the
 *     format carries no virtual host
 * @param lines physical lines read
 * @param otherDayLines well-formed lines whose timestamp is outside the day
 * @param ignoredLines blank lines and lines starting with {@code #} (neither counted nor malformed)
 * @param malformedLines lines that could not be counted (bad address, status, date, format, binary, too long)
 * @param truncatedLines counted requests whose line was cut off after the status and size (agent unknown)
 * @param malformedSamples the first malformed lines, with file and line number
 * @param warnings problems with whole files, such as a truncated gzip, each naming the file
 * @param bytesRead bytes read from disk (compressed bytes for .gz files)
 * @param coverage how much of the day the files hold: first and last request, lines before and after the day
 */
public record AccessSummary(List<Path> files, String format, ZoneId zone, @Nullable LocalDate day, SiteFigures overall,
        Map<String, SiteFigures> byVirtualHost, long lines, long otherDayLines, long ignoredLines,
        long malformedLines, long truncatedLines, List<MalformedLine> malformedSamples, List<String> warnings,
        long bytesRead, Coverage coverage) {

    public AccessSummary {
        files = List.copyOf(files);
        byVirtualHost = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byVirtualHost));
        malformedSamples = List.copyOf(malformedSamples);
        warnings = List.copyOf(warnings);
        java.util.Objects.requireNonNull(coverage, "coverage");
    }

    /**
     * This summary with {@code first} ahead of its warnings: problems found before the analysis by whoever chose the
     * files, such as a file named twice ({@link RotatedLogs#distinct}).
     */
    public AccessSummary withWarningsFirst(List<String> first) {
        if (first.isEmpty()) return this;
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(warnings);
        return new AccessSummary(files, format, zone, day, overall, byVirtualHost, lines, otherDayLines, ignoredLines,
                malformedLines, truncatedLines, malformedSamples, all, bytesRead, coverage);
    }
}
