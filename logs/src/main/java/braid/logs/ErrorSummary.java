package braid.logs;

import org.jspecify.annotations.Nullable;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The result of analysing nginx or Apache error logs.
 *
 * @param files the files read
 * @param zone the zone the logs' local timestamps are read in (and the day's boundaries)
 * @param day the day analysed, or {@code null} for every line
 * @param levels entries per level, most severe first (emerg, alert, crit, error, warn, notice, info, debug,
 *     then others); "warning" is counted as warn
 * @param topMessages the most frequent distinct messages, most first
 * @param entries counted entries
 * @param otherDayLines entries outside the day
 * @param continuationLines lines that are not an entry of their own (continuations of multi-line messages,
 *     or text in no known format)
 * @param samples the first lines in no known format, with file and line number
 * @param warnings problems with whole files, each naming the file
 */
public record ErrorSummary(List<Path> files, ZoneId zone, @Nullable LocalDate day, Map<String, Long> levels,
        List<ErrorMessage> topMessages, long entries, long otherDayLines, long continuationLines,
        List<MalformedLine> samples, List<String> warnings) {

    public ErrorSummary {
        files = List.copyOf(files);
        levels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(levels));
        topMessages = List.copyOf(topMessages);
        samples = List.copyOf(samples);
        warnings = List.copyOf(warnings);
    }

    /** Entries at warn level or above (warn, error, crit, alert, emerg). */
    public long warnOrWorse() {
        return List.of("warn", "error", "crit", "alert", "emerg").stream().mapToLong(l -> levels.getOrDefault(l, 0L))
                .sum();
    }
}
