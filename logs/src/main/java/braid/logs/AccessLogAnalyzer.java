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
 * Analyses web-server access logs (plain, gzipped or compressed by logrotate's compresscmd, a rotated set, several formats) into an
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

    private AccessSummary analyzeHere(List<Path> named) throws IOException, InterruptedException {
        List<String> twice = new java.util.ArrayList<>();
        List<Path> files = RotatedLogs.distinct(named, twice); // a file named twice would count every line twice
        for (Path f : files) {
            check(f);
        }
        FormatSpec spec = format.isAuto() ? Detect.best(firstHead(files)) : java.util.Objects.requireNonNull(format.spec());
        long start = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        if (day != null) {
            start = day.atStartOfDay(zone).toEpochSecond();
            end = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
        } else if (from != null && to != null) {
            start = from.getEpochSecond();
            end = to.getEpochSecond();
        }
        java.util.Map<Path, Object> before = new java.util.HashMap<>();
        for (Path f : files) before.put(f, RotatedLogs.identity(f));
        Scanner.Result r = Scanner.scan(files, spec, day == null && from == null, start, end, zone, threads, progress);
        for (Path f : files) {
            // renamed under us (logrotate): a file may have been read under two names, another not at all
            Object now = RotatedLogs.identity(f);
            if (before.get(f) != null && !before.get(f).equals(now)) throw new LogsRotatedException(f);
        }
        if (!twice.isEmpty()) {
            List<String> warnings = new java.util.ArrayList<>(twice);
            warnings.addAll(r.warnings());
            r = new Scanner.Result(r.workers(), warnings, r.bytesRead(), r.files());
        }
        return Merge.summary(r, spec.name(), zone, day, topN);
    }

    /**
     * The first 64 KiB of the first file that has any: the base of a rotated set is empty just after logrotate
     * created it anew, and an empty head would leave {@link LogFormat#AUTO} at its fallback whatever the set holds.
     */
    static byte[] firstHead(List<Path> files) throws IOException {
        for (Path f : files) {
            byte[] head = Scanner.head(f, 64 * 1024);
            if (head.length > 0) return head;
        }
        return new byte[0];
    }

    /** Analyses the files as one log. */
    public AccessSummary analyze(Path... files) throws IOException, InterruptedException {
        return analyze(List.of(files));
    }

    /**
     * The format of a log whose first bytes are {@code head} (up to 64 KiB), as {@link LogFormat#AUTO} picks it; for a
     * distributed analysis, where the driver reads the head and the parts are made elsewhere.
     */
    public static LogFormat detect(byte[] head) {
        return new LogFormat(Detect.best(head));
    }

    /**
     * A factory of {@link Part}s with this analyser's day (or window) and zone, serializable: for a log analysed in
     * parts on other machines (a cluster's executors), whose parts then come back to {@link #merge}.
     *
     * @param format the log's format; not {@link LogFormat#AUTO} (use {@link #detect} first)
     */
    public Parts parts(LogFormat format) {
        if (format.isAuto()) throw new IllegalArgumentException("a part needs a known format: detect(head) it first");
        long start = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        if (day != null) {
            start = day.atStartOfDay(zone).toEpochSecond();
            end = day.plusDays(1).atStartOfDay(zone).toEpochSecond();
        } else if (from != null && to != null) {
            start = from.getEpochSecond();
            end = to.getEpochSecond();
        }
        return new Parts(java.util.Objects.requireNonNull(format.spec()), day == null && from == null, start, end, zone);
    }

    /**
     * The summary of a log analysed in parts: exactly what {@link #analyze} gives for the same files (the parser
     * threads of one scan go through the same merge), provided every line of {@code files} was given to exactly one
     * part, each file's chunks numbered in file order.
     *
     * @param files the files, in the order of the parts' file numbers
     */
    public AccessSummary merge(List<Part> parts, List<Path> files) {
        if (parts.isEmpty()) throw new IllegalArgumentException("no parts");
        List<braid.logs.internal.PartState> states = new java.util.ArrayList<>();
        List<String> warnings = new java.util.ArrayList<>();
        long bytes = 0;
        String format = parts.getFirst().format;
        for (Part p : parts) {
            states.add(p.state);
            warnings.addAll(p.warnings);
            bytes += p.bytes;
        }
        return braid.logs.internal.PartState.merge(states, warnings, bytes, List.copyOf(files), format, zone, day, topN);
    }

    /** Makes the {@link Part}s of one analysis; serializable, to be shipped to where the parts are counted. */
    public static final class Parts implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final FormatSpec spec;
        private final boolean allDays;
        private final long start;
        private final long end;
        private final ZoneId zone;

        private Parts(FormatSpec spec, boolean allDays, long start, long end, ZoneId zone) {
            this.spec = spec;
            this.allDays = allDays;
            this.start = start;
            this.end = end;
            this.zone = zone;
        }

        /** An empty part. */
        public Part newPart() {
            return new Part(new braid.logs.internal.PartState(spec, allDays, start, end, zone), spec.name());
        }
    }

    /**
     * Some lines of a log counted on their own (a split of a file); serializable. Not thread-safe: one per task.
     */
    public static final class Part implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        /** The room {@link #parse}'s buffer needs after the lines. */
        public static final int SLACK = braid.logs.internal.PartState.SLACK;
        private final braid.logs.internal.PartState state;
        private final String format;
        private final List<String> warnings = new java.util.ArrayList<>();
        private long bytes;

        private Part(braid.logs.internal.PartState state, String format) {
            this.state = state;
            this.format = format;
        }

        /**
         * Counts the complete lines of {@code buf[0..len)} (the last may lack its newline) of file number {@code file};
         * {@code chunk} orders this buffer among the file's others (for the line numbers of malformed samples).
         * {@code buf} must have {@link #SLACK} bytes of room after {@code len}, which this overwrites.
         */
        public void parse(byte[] buf, int len, int file, int chunk) {
            if (buf.length < len + SLACK) throw new IllegalArgumentException("the buffer needs " + SLACK + " bytes of room after the lines");
            state.parse(buf, len, file, chunk);
        }

        /** A line longer than any buffer: counted as one malformed line. */
        public void oversized(int file, int chunk) {
            state.oversized(file, chunk);
        }

        /**
         * Counts the lines of file number {@code file} that start in {@code [start, end)}, as Hadoop's line reader
         * splits a text file: the split whose range a line starts in owns it, so splits that tile a file count each
         * line once. {@code in} must be positioned at {@code start - 1} (at 0 when {@code start} is 0); it is read to
         * the end of the last owned line. For a compressed file pass the decompressed stream, 0 and
         * {@link Long#MAX_VALUE}. {@code split} numbers this range among the file's others, in file order.
         *
         * @return the bytes of the lines it owned (add them with {@link #addBytesRead} for a plain file; for a
         *         compressed one add the file's size, as the single-machine analyser counts bytes read from disk)
         * @throws java.io.EOFException or {@link java.util.zip.ZipException} from a truncated or corrupt compressed
         *         stream, after the lines before the damage were counted (as the single-machine analyser does)
         */
        public long read(java.io.InputStream in, long start, long end, int file, int split) throws IOException {
            long owned = 0;
            // a split's own size (a small split needs no 4 MiB buffer), grown up to the scanner's chunk for long lines
            int cap = (int) Math.min(Scanner.CHUNK, Math.max(64 << 10, Math.min(end - start, Scanner.CHUNK) + (16 << 10)));
            byte[] buf = new byte[cap + SLACK];
            int n = 0;
            long pos; // the file offset of buf[0]
            if (start > 0) {
                // the line that runs into the range from before belongs to the split before (unless it ended at start - 1)
                long skipped = 0;
                int c;
                while ((c = in.read()) >= 0) {
                    skipped++;
                    if (c == '\n') break;
                }
                pos = start - 1 + skipped;
                if (c < 0) return 0;
            } else {
                pos = 0;
            }
            int chunk = split * 4096;
            boolean discarding = false;
            IOException damaged = null; // a truncated or corrupt gzip: the lines before it count, then it is thrown
            while (pos < end) {
                int r;
                try {
                    r = damaged != null ? -1 : in.read(buf, n, cap - n);
                } catch (java.io.EOFException | java.util.zip.ZipException e) {
                    damaged = e;
                    r = -1;
                }
                boolean eof = r < 0;
                if (!eof) {
                    n += r;
                    if (n < cap) continue;
                }
                if (discarding) {
                    int nl = indexOf(buf, 0, n);
                    if (nl < 0) {
                        pos += n;
                        owned += n;
                        n = 0;
                        if (eof) return done(owned, damaged);
                        continue;
                    }
                    System.arraycopy(buf, nl + 1, buf, 0, n - nl - 1);
                    pos += nl + 1;
                    owned += nl + 1;
                    n -= nl + 1;
                    discarding = false;
                    if (eof && n == 0) return done(owned, damaged);
                    continue;
                }
                // the owned lines start before `end`: cut after the newline that ends the line running over end - 1
                long limit = end - pos; // buf index of the first byte not owned as a line start
                if (limit <= n) {
                    int from = (int) Math.max(limit - 1, 0);
                    int nl = indexOf(buf, from, n);
                    if (nl >= 0 || eof) {
                        int cut = nl >= 0 ? nl + 1 : n;
                        if (cut > 0) state.parse(buf, cut, file, chunk++);
                        return done(owned + cut, damaged);
                    }
                }
                if (eof) {
                    if (n > 0) state.parse(buf, n, file, chunk++);
                    return done(owned + n, damaged);
                }
                int last = lastIndexOf(buf, n);
                if (last < 0 && cap < Scanner.CHUNK) {
                    cap = Math.min(Scanner.CHUNK, cap * 2);
                    buf = java.util.Arrays.copyOf(buf, cap + SLACK);
                    continue;
                }
                if (last < 0) {
                    state.oversized(file, chunk++);
                    discarding = true;
                    pos += n;
                    owned += n;
                    n = 0;
                    continue;
                }
                int keep = n - last - 1;
                byte[] rest = java.util.Arrays.copyOfRange(buf, last + 1, n);
                state.parse(buf, last + 1, file, chunk++);
                System.arraycopy(rest, 0, buf, 0, keep);
                pos += last + 1;
                owned += last + 1;
                n = keep;
            }
            return done(owned, damaged);
        }

        /** The bytes owned, or the gzip damage once the lines before it are counted. */
        private static long done(long owned, @Nullable IOException damaged) throws IOException {
            if (damaged != null) throw damaged;
            return owned;
        }

        private static int indexOf(byte[] b, int from, int n) {
            for (int i = from; i < n; i++) if (b[i] == '\n') return i;
            return -1;
        }

        private static int lastIndexOf(byte[] b, int n) {
            for (int i = n - 1; i >= 0; i--) if (b[i] == '\n') return i;
            return -1;
        }

        /** Bytes read from the files for this part (the summary's bytesRead). */
        public void addBytesRead(long n) {
            bytes += n;
        }

        /** A problem with a file (a truncated gzip), naming it; the summary's warnings. */
        public void warn(String warning) {
            warnings.add(warning);
        }
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
