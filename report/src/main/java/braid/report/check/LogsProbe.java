package braid.report.check;

import braid.logs.RotatedLogs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a log's rotated set for the report day exists and can be read. Stateless.
 */
final class LogsProbe {
    private LogsProbe() {}

    /**
     * Expands {@code base} for {@code day} and opens every member.
     *
     * @return e.g. {@code 2 files, 3.4 MB} for the detail of the line
     * @throws IOException when the set is missing, a member cannot be read, or every member was last written before
     *                     the day began (the set cannot hold a line of it)
     */
    static String check(Path base, LocalDate day, ZoneId zone) throws IOException, InterruptedException {
        // A named pipe without a writer or a hung mount blocks open() in the kernel: the check's guard must end it.
        return braid.report.internal.Abandonable.call("braid-check-logs", () -> false, () -> checkHere(base, day, zone));
    }

    private static String checkHere(Path base, LocalDate day, ZoneId zone) throws IOException {
        List<Path> files = RotatedLogs.expand(base, day, zone);
        Instant start = day.atStartOfDay(zone).toInstant();
        Instant newest = Instant.MIN;
        long bytes = 0;
        for (Path f : files) {
            // Opening is the real test: isReadable can say yes where an ACL or SELinux says no.
            try (InputStream in = Files.newInputStream(f)) {
                in.read();
            } catch (IOException e) {
                throw new IOException(f + " cannot be read: " + e, e);
            }
            bytes += Files.size(f);
            Instant modified = Files.getLastModifiedTime(f).toInstant();
            if (modified.isAfter(newest)) newest = modified;
        }
        if (newest.isBefore(start)) {
            throw new IOException("nothing written since " + day + " began: the newest of " + files.size()
                    + " file(s) was last modified " + newest.atZone(zone).toLocalDateTime().withNano(0));
        }
        return files.size() + (files.size() == 1 ? " file, " : " files, ") + size(bytes) + " for " + day;
    }

    /**
     * {@link #check}, then reads the access log set as the run will (the analyser reads about 1 GB/s): the day's
     * requests and the span they cover.
     *
     * @throws IOException as {@link #check}, and when the set does not cover the whole day (a gap over {@code maxGap})
     */
    static String checkAccess(Path base, LocalDate day, ZoneId zone, String format, java.time.Duration maxGap)
            throws IOException, InterruptedException {
        String files = check(base, day, zone);
        java.util.List<Path> expanded = RotatedLogs.expand(base, day, zone);
        braid.logs.AccessSummary a = braid.logs.AccessLogAnalyzer.builder().format(braid.logs.LogFormat.of(format))
                .zone(zone).day(day).build().analyze(expanded);
        if (a.overall().requests() == 0) {
            // the run's own words (a format that reads no line, a day the logs no longer reach), and what the run does
            throw new IOException(files + ": " + braid.report.internal.NoRequests.words(day, format, java.util.List.of(base),
                    expanded, a) + " (a run would stop before any e-mail)");
        }
        String found = String.format(Locale.ROOT, "%s: %,d requests, %s", files, a.overall().requests(),
                a.coverage().span(zone));
        var gap = a.coverage().gap(day, zone, maxGap, a.overall().requestsPerHour());
        if (gap.isPresent()) {
            throw new IOException(found + ", but the set does not cover the whole day: " + gap.get()
                    + " (a run would stop before any e-mail unless --allow-partial-logs)");
        }
        return found;
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
