package braid.report.internal;

import braid.logs.AccessSummary;
import braid.logs.LogFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Why a report day has no request in the access logs, in the same words for the run and for {@code braid check}: where
 * the files' lines fall (a backfill whose day was rotated away reads "all N lines are of later days"), a format that
 * reads none of them (and the one that does), and which files were read.
 */
public final class NoRequests {
    private NoRequests() {}

    private static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** What the lines of {@code files} read as when none read as the configured format; or the first malformed line. */
    private static String formatHint(List<Path> files, String format, AccessSummary access) {
        try {
            Optional<LogFormat> as = LogFormat.detect(files);
            if (as.isPresent() && !as.get().name().equals(LogFormat.of(format).name()))
                return ": they read as " + as.get().name() + " (set logs.format: " + as.get().name() + ", or auto)";
        } catch (IOException | IllegalArgumentException e) {
            // read again below as the first malformed line says
        }
        return access.malformedSamples().isEmpty() ? "" : "; the first, " + access.malformedSamples().get(0).file().getFileName()
                + ":" + access.malformedSamples().get(0).lineNumber() + ": " + access.malformedSamples().get(0).reason();
    }

    /**
     * Why {@code date} has no request in {@code files} (the access logs {@code configured} expanded to their
     * rotations), in words an operator acts on.
     */
    public static String words(LocalDate date, String format, List<Path> configured, List<Path> files, AccessSummary access) {
        if (files.isEmpty()) return "no requests on " + date + ": no log file found for that day at "
                + String.join(", ", configured.stream().map(Path::toString).toList());
        long before = access.coverage().linesBefore();
        long after = access.coverage().linesAfter();
        String where;
        if (access.lines() == 0) where = "they hold no lines";
        else if (access.malformedLines() == access.lines()) where = "all " + count(access.lines()) + " lines are malformed for"
                + " logs.format " + format + formatHint(files, format, access);
        else if (after > 0 && before == 0 && access.malformedLines() == 0 && after == access.lines())
            where = "all " + count(after) + " lines are of later days: the logs kept no longer reach back to " + date;
        else if (before > 0 && after == 0 && access.malformedLines() == 0 && before == access.lines())
            where = "all " + count(before) + " lines are of earlier days: the logs end before " + date;
        else where = count(access.lines()) + " lines read: " + count(before) + " of earlier days, " + count(after)
                + " of later days, " + count(access.malformedLines()) + " malformed";
        return "no requests on " + date + " in " + files.size() + (files.size() == 1 ? " log file (" : " log files (") + where
                + "): " + String.join(", ", files.stream().map(Path::toString).toList());
    }
}
