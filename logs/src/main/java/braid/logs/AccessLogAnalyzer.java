package braid.logs;

import org.jspecify.annotations.Nullable;

import braid.logs.internal.Detect;
import braid.logs.internal.FormatSpec;
import braid.logs.internal.Merge;
import braid.logs.internal.Scanner;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Analyses web-server access logs (plain or gzipped, a rotated set, several formats) into an
 * {@link AccessSummary} whose requests, unique visitors and status codes equal GoAccess 1.7's.
 *
 * <pre>{@code
 * AccessLogAnalyzer analyzer = AccessLogAnalyzer.builder()
 *         .format(LogFormat.AUTO).zone(ZoneId.of("Europe/Berlin")).day(LocalDate.of(2026, 11, 22))
 *         .topN(10).build();
 * AccessSummary s = analyzer.analyze(RotatedLogs.expand(Path.of("/var/log/apache2/access.log")));
 * }</pre>
 *
 * <p>Files are streamed in 4 MiB chunks on {@code threads} parser threads; memory depends on the number
 * of distinct addresses, agents and paths, not on file size. Immutable and thread-safe; {@code analyze}
 * may run concurrently.
 */
public final class AccessLogAnalyzer {
    private final LogFormat format;
    private final ZoneId zone;
    private final @Nullable LocalDate day;
    private final java.time.@Nullable Instant from;
    private final java.time.@Nullable Instant to;
    private final int topN;
    private final @Nullable LongConsumer progress;
    private final int threads;

    private AccessLogAnalyzer(Builder b) {
        this.format = b.format;
        this.zone = b.zone;
        this.from = b.from;
        this.to = b.to;
        this.day = b.all || b.from != null ? null : b.day != null ? b.day : LocalDate.now(b.clock.withZone(b.zone)).minusDays(1);
        this.topN = b.topN;
        this.progress = b.progress;
        this.threads = b.threads;
    }

    /** A builder: format AUTO, system time zone, yesterday, top 10, 2 threads. */
    public static Builder builder() {
        return new Builder();
    }

    /** The day analysed, or {@code null} for every line. */
    public @Nullable LocalDate day() {
        return day;
    }

    /**
     * Analyses the files as one log.
     *
     * @throws LogReadException when a file is missing or unreadable (checked before any is read)
     * @throws IOException when reading fails later
     * @throws InterruptedException when the calling thread is interrupted (the parser threads are stopped); it
     *                              returns at once also when a file's open or read is stuck in the kernel (a named
     *                              pipe without a writer, a hung network mount): that reader thread is abandoned
     */
    public AccessSummary analyze(List<Path> files) throws IOException, InterruptedException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no log files given");
        }
        List<Path> copy = List.copyOf(files);
        return braid.logs.internal.Background.call("braid-logs-reader", () -> analyzeHere(copy));
    }

    private AccessSummary analyzeHere(List<Path> files) throws IOException, InterruptedException {
        for (Path f : files) {
            check(f);
        }
        FormatSpec spec = format.isAuto() ? Detect.best(Scanner.head(files.get(0), 64 * 1024))
                : java.util.Objects.requireNonNull(format.spec());
        long start = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        if (day != null) {
            start = day.atStartOfDay(zone).toEpochSecond();
            end = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
        } else if (from != null && to != null) {
            start = from.getEpochSecond();
            end = to.getEpochSecond();
        }
        Scanner.Result r = Scanner.scan(files, spec, day == null && from == null, start, end, zone, threads, progress);
        return Merge.summary(r, spec.name(), zone, day, topN);
    }

    /** Analyses the files as one log. */
    public AccessSummary analyze(Path... files) throws IOException, InterruptedException {
        return analyze(List.of(files));
    }

    static void check(Path f) throws LogReadException {
        if (!Files.exists(f)) {
            throw new LogReadException(f, "no such file", new NoSuchFileException(f.toString()));
        }
        if (Files.isDirectory(f)) {
            throw new LogReadException(f, "is a directory, not a log file", null);
        }
        if (!Files.isReadable(f)) {
            throw new LogReadException(f, "permission denied", new AccessDeniedException(f.toString()));
        }
    }

    /** Builder of {@link AccessLogAnalyzer}; not thread-safe. */
    public static final class Builder {
        private LogFormat format = LogFormat.AUTO;
        private ZoneId zone = ZoneId.systemDefault();
        private @Nullable LocalDate day;
        private boolean all;
        private java.time.@Nullable Instant from;
        private java.time.@Nullable Instant to;
        private int topN = 10;
        private @Nullable LongConsumer progress;
        private int threads = 2;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder format(LogFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** The report's time zone: day boundaries and requests per hour. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Count only lines whose own timestamp falls on this day in the zone. */
        public Builder day(LocalDate day) {
            this.day = Objects.requireNonNull(day, "day");
            this.all = false;
            this.from = null;
            this.to = null;
            return this;
        }

        /**
         * Count only lines whose own timestamp is in {@code [from, to)} (whole seconds), such as the last hour for a
         * health check; the summary then has no day.
         */
        public Builder window(java.time.Instant from, java.time.Instant to) {
            if (!Objects.requireNonNull(from, "from").isBefore(Objects.requireNonNull(to, "to"))) {
                throw new IllegalArgumentException("the window must end after it starts: " + from + " .. " + to);
            }
            this.from = from;
            this.to = to;
            this.all = false;
            return this;
        }

        /** Count every line, whatever its date. */
        public Builder allDays() {
            this.all = true;
            this.from = null;
            this.to = null;
            return this;
        }

        /** The clock that defines "yesterday" when no day is set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Length of the top lists (paths, 404s, 5xx, referrers); 1..10,000. */
        public Builder topN(int n) {
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("topN must be in 1..10000: " + n);
            }
            this.topN = n;
            return this;
        }

        /** Receives the total bytes read so far, from the reading thread; must be fast and not throw. */
        public Builder progress(LongConsumer bytesRead) {
            this.progress = bytesRead;
            return this;
        }

        /** Parser threads; 1..64. */
        public Builder threads(int n) {
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException("threads must be in 1..64: " + n);
            }
            this.threads = n;
            return this;
        }

        public AccessLogAnalyzer build() {
            return new AccessLogAnalyzer(this);
        }
    }
}
