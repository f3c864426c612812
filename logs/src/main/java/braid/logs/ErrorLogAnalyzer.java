package braid.logs;

import org.jspecify.annotations.Nullable;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Analyses nginx and Apache (2.2 and 2.4) error logs: entries per level and the most frequent messages.
 *
 * <pre>{@code
 * ErrorSummary s = ErrorLogAnalyzer.builder().zone(zone).day(day).build()
 *         .analyze(RotatedLogs.expand(Path.of("/var/log/nginx/error.log"), day, zone));
 * }</pre>
 *
 * <p>Error logs are small next to access logs, so this reads line by line with regular expressions for
 * clarity. Immutable and thread-safe.
 */
public final class ErrorLogAnalyzer {
    private static final Pattern NGINX = Pattern.compile(
            "^(\\d{4})/(\\d{2})/(\\d{2}) (\\d{2}):(\\d{2}):(\\d{2}) \\[(\\w+)\\] \\d+#\\d+: (?:\\*\\d+ )?(.*)$");
    private static final Pattern APACHE = Pattern.compile(
            "^\\[\\w{3} (\\w{3}) +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)? (\\d{4})\\] \\[(?:[\\w-]*:)?(\\w+)\\]"
            + " (?:\\[pid [^\\]]*\\] )?(?:\\[client [^\\]]*\\] )?(?:\\[remote [^\\]]*\\] )?(.*)$");
    private static final List<String> ORDER = List.of("emerg", "alert", "crit", "error", "warn", "notice", "info",
            "debug");
    private static final Pattern IP = Pattern.compile(
            "\\b(?:\\d{1,3}\\.){3}\\d{1,3}(?::\\d+)?\\b|\\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\\b");
    private static final Pattern ID = Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");
    private static final Pattern NUM = Pattern.compile("(?<![A-Za-z])(?<!HTTP/)(?<!HTTP/\\d\\.)\\d+"); // keeps "HTTP/1.1"

    private final ZoneId zone;
    private final @Nullable LocalDate day;
    private final @Nullable Instant from;
    private final @Nullable Instant to;
    private final int topN;

    private ErrorLogAnalyzer(Builder b) {
        this.zone = b.zone;
        this.from = b.from;
        this.to = b.to;
        this.day = b.all || b.from != null ? null : b.day != null ? b.day : LocalDate.now(b.clock.withZone(b.zone)).minusDays(1);
        this.topN = b.topN;
    }

    /** A builder: system time zone, yesterday, top 10. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Analyses the files as one log.
     *
     * @throws LogReadException when a file is missing or unreadable
     * @throws InterruptedException when the caller is interrupted; a reader stuck in the kernel (a named pipe
     *                              without a writer, a hung network mount) is abandoned
     */
    public ErrorSummary analyze(List<Path> files) throws IOException, InterruptedException {
        List<Path> copy = List.copyOf(files);
        return braid.logs.internal.Background.call("braid-error-log-reader", () -> analyzeHere(copy));
    }

    private ErrorSummary analyzeHere(List<Path> named) throws IOException {
        List<String> warnings = new ArrayList<>();
        List<Path> files = RotatedLogs.distinct(named, warnings); // a file named twice would count every entry twice
        for (Path f : files) {
            AccessLogAnalyzer.check(f);
        }
        Map<String, Long> levels = new HashMap<>();
        Map<String, Acc> messages = new HashMap<>();
        List<MalformedLine> samples = new ArrayList<>();
        long entries = 0;
        long other = 0;
        long continuation = 0;
        for (Path f : files) {
            try (BufferedReader r = open(f)) {
                long lineNo = 0;
                String line;
                while (true) {
                    try {
                        line = r.readLine();
                    } catch (EOFException | ZipException e) {
                        warnings.add(f + ": compressed data is truncated or corrupt (" + e.getMessage()
                                + "); the lines before it were counted");
                        break;
                    }
                    if (line == null) {
                        break;
                    }
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    Entry e = parse(line);
                    if (e == null) {
                        continuation++;
                        if (samples.size() < 10 && !Character.isWhitespace(line.charAt(0))) {
                            samples.add(new MalformedLine(f, lineNo, "not an nginx or Apache error-log entry",
                                    line.substring(0, Math.min(160, line.length()))));
                        }
                        continue;
                    }
                    Instant at = e.time.atZone(zone).toInstant();
                    if (day != null && !e.time.toLocalDate().equals(day)
                            || from != null && to != null && (at.isBefore(from) || !at.isBefore(to))) {
                        other++;
                        continue;
                    }
                    entries++;
                    levels.merge(e.level, 1L, Long::sum);
                    String folded = fold(e.message);
                    Acc a = messages.computeIfAbsent(e.level + "\u0000" + folded, k -> new Acc(e.level, folded, at));
                    a.count++;
                    if (at.isBefore(a.first)) {
                        a.first = at;
                    }
                    if (at.isAfter(a.last)) {
                        a.last = at;
                    }
                }
            }
        }
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String l : ORDER) {
            if (levels.containsKey(l)) {
                ordered.put(l, levels.get(l));
            }
        }
        levels.keySet().stream().filter(l -> !ORDER.contains(l)).sorted()
                .forEach(l -> ordered.put(l, levels.get(l)));
        List<ErrorMessage> top = messages.values().stream()
                .sorted(Comparator.comparingLong((Acc a) -> -a.count).thenComparing(a -> a.message))
                .limit(topN).map(a -> new ErrorMessage(a.level, a.message, a.count, a.first, a.last)).toList();
        return new ErrorSummary(files, zone, day, ordered, top, entries, other, continuation, samples, warnings);
    }

    /** Analyses the files as one log. */
    public ErrorSummary analyze(Path... files) throws IOException, InterruptedException {
        return analyze(List.of(files));
    }

    private static BufferedReader open(Path f) throws IOException {
        RotatedLogs.requireReadable(f);
        InputStream in;
        if (braid.logs.internal.Decompress.program(f) != null) {
            in = braid.logs.internal.Decompress.open(f); // xz, bzip2, zstd, lz4 through their programs
        } else {
            in = Files.newInputStream(f);
            if (f.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in, 1 << 16);
        }
        // Error logs quote client data; invalid UTF-8 must not stop the count.
        var dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(in, dec), 1 << 16);
    }

    private record Entry(LocalDateTime time, String level, String message) {}

    private static final class Acc {
        final String level;
        final String message;
        long count;
        Instant first;
        Instant last;

        Acc(String level, String message, Instant at) {
            this.level = level;
            this.message = message;
            this.first = at;
            this.last = at;
        }
    }

    static @Nullable Entry parse(String line) {
        try {
            Matcher m = NGINX.matcher(line);
            if (m.matches()) {
                LocalDateTime t = LocalDateTime.of(i(m, 1), i(m, 2), i(m, 3), i(m, 4), i(m, 5), i(m, 6));
                return new Entry(t, level(m.group(7)), m.group(8));
            }
            m = APACHE.matcher(line);
            if (m.matches()) {
                int month = "janfebmaraprmayjunjulaugsepoctnovdec".indexOf(m.group(1).toLowerCase(Locale.ROOT)) / 3
                        + 1;
                if (month < 1) {
                    return null;
                }
                LocalDateTime t = LocalDateTime.of(i(m, 6), month, i(m, 2), i(m, 3), i(m, 4), i(m, 5));
                return new Entry(t, level(m.group(7)), m.group(8));
            }
        } catch (DateTimeException e) {
            return null;
        }
        return null;
    }

    private static int i(Matcher m, int g) {
        return Integer.parseInt(m.group(g));
    }

    private static String level(String l) {
        String s = l.toLowerCase(Locale.ROOT);
        if (s.equals("warning")) {
            return "warn";
        }
        if (s.startsWith("trace")) {
            return "debug";
        }
        return s;
    }

    /** Folds what varies between occurrences of the same problem: addresses, long hex ids, numbers. */
    static String fold(String message) {
        String s = IP.matcher(message).replaceAll("<ip>");
        s = ID.matcher(s).replaceAll("<id>");
        s = NUM.matcher(s).replaceAll("<n>");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** Builder of {@link ErrorLogAnalyzer}; not thread-safe. */
    public static final class Builder {
        private ZoneId zone = ZoneId.systemDefault();
        private @Nullable LocalDate day;
        private boolean all;
        private @Nullable Instant from;
        private @Nullable Instant to;
        private int topN = 10;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** The zone of the logs' local timestamps and of the day. */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        public Builder day(LocalDate day) {
            this.day = Objects.requireNonNull(day, "day");
            this.all = false;
            this.from = null;
            this.to = null;
            return this;
        }

        /** Count only entries whose own time (read in the zone) is in {@code [from, to)}, such as the last hour. */
        public Builder window(Instant from, Instant to) {
            if (!Objects.requireNonNull(from, "from").isBefore(Objects.requireNonNull(to, "to"))) {
                throw new IllegalArgumentException("the window must end after it starts: " + from + " .. " + to);
            }
            this.from = from;
            this.to = to;
            this.all = false;
            return this;
        }

        public Builder allDays() {
            this.all = true;
            this.from = null;
            this.to = null;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder topN(int n) {
            if (n < 1 || n > 10_000) {
                throw new IllegalArgumentException("topN must be in 1..10000: " + n);
            }
            this.topN = n;
            return this;
        }

        public ErrorLogAnalyzer build() {
            return new ErrorLogAnalyzer(this);
        }
    }
}
