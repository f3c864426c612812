package braid.sandbox;

import braid.sandbox.internal.logs.AccessLineWriter;
import braid.sandbox.internal.logs.ErrorLineWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Generates realistic, reproducible web-server access and error logs for tests, the demo and the bench.
 *
 * <p>The same seed and options always produce the same bytes. Traffic has a realistic spread: a skewed
 * popularity of client addresses (IPv4 and some IPv6), browser and bot user agents, paths with query
 * strings, all status classes, referrers from search engines and other sites, and timestamps spread over
 * the day, slightly out of order, with a few lines from the neighbouring days as rotated logs have.
 *
 * <pre>{@code
 * LogGenerator gen = LogGenerator.builder().day(LocalDate.of(2026, 11, 22)).seed(7).build();
 * gen.writeAccessLog(Path.of("access.log"), 100 * 1024 * 1024);   // about 100 MB
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; each write starts from the seed again.
 */
public final class LogGenerator {

    /** The access-log layouts the generator can write. */
    public enum Format {
        /** {@code %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"}. */
        COMBINED,
        /** {@code %h %l %u %t "%r" %>s %b}. */
        COMMON,
        /** Debian's {@code %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"}. */
        VHOST_COMBINED
    }

    private final long seed;
    private final LocalDate day;
    private final ZoneOffset offset;
    private final int ips;
    private final int agents;
    private final int paths;
    private final Format format;
    private final List<String> vhosts;
    private final double neighbourDayShare;

    private LogGenerator(Builder b) {
        this.seed = b.seed;
        this.day = b.day;
        this.offset = b.offset;
        this.ips = b.ips;
        this.agents = b.agents;
        this.paths = b.paths;
        this.format = b.format;
        this.vhosts = List.copyOf(b.vhosts);
        this.neighbourDayShare = b.neighbourDayShare;
    }

    /** A builder with defaults: seed 1, day 2026-11-22, UTC, 60,000 IPs, 900 agents, 20,000 paths, combined. */
    public static Builder builder() {
        return new Builder();
    }

    /** Writes about {@code targetBytes} of access log (whole lines); a name ending in .gz is gzip-compressed. */
    public long writeAccessLog(Path file, long targetBytes) throws IOException {
        try (OutputStream out = open(file)) {
            return newAccessWriter().write(out, targetBytes, Long.MAX_VALUE);
        }
    }

    /** Writes exactly {@code lines} access-log lines; a name ending in .gz is gzip-compressed. */
    public long writeAccessLines(Path file, long lines) throws IOException {
        try (OutputStream out = open(file)) {
            return newAccessWriter().write(out, Long.MAX_VALUE, lines);
        }
    }

    /** Writes {@code lines} error-log lines, nginx style when {@code nginx}, else Apache 2.4 style. */
    public long writeErrorLog(Path file, long lines, boolean nginx) throws IOException {
        try (OutputStream out = open(file)) {
            return new ErrorLineWriter(seed, day, offset, nginx).write(out, lines);
        }
    }

    private AccessLineWriter newAccessWriter() {
        return new AccessLineWriter(seed, day, offset, ips, agents, paths, format.ordinal(), vhosts,
                neighbourDayShare);
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            return new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16);
        }
        return new BufferedOutputStream(raw, 1 << 20);
    }

    /** Builder of {@link LogGenerator}; not thread-safe. */
    public static final class Builder {
        private long seed = 1;
        private LocalDate day = LocalDate.of(2026, 11, 22);
        private ZoneOffset offset = ZoneOffset.UTC;
        private int ips = 60_000;
        private int agents = 900;
        private int paths = 20_000;
        private Format format = Format.COMBINED;
        private List<String> vhosts = List.of("www.example.com", "shop.example.com", "blog.example.org");
        private double neighbourDayShare = 0.0;

        private Builder() {}

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder day(LocalDate day) {
            this.day = Objects.requireNonNull(day, "day");
            return this;
        }

        /** The UTC offset written into every timestamp. */
        public Builder offset(ZoneOffset offset) {
            this.offset = Objects.requireNonNull(offset, "offset");
            return this;
        }

        public Builder distinctIps(int n) {
            this.ips = positive(n, "distinctIps");
            return this;
        }

        public Builder distinctAgents(int n) {
            this.agents = positive(n, "distinctAgents");
            return this;
        }

        public Builder distinctPaths(int n) {
            this.paths = positive(n, "distinctPaths");
            return this;
        }

        public Builder format(Format format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Host names used by {@link Format#VHOST_COMBINED}. */
        public Builder vhosts(List<String> vhosts) {
            if (vhosts.isEmpty()) {
                throw new IllegalArgumentException("vhosts must not be empty");
            }
            this.vhosts = List.copyOf(vhosts);
            return this;
        }

        /** Share (0..0.5) of lines stamped on the day before or after, as rotated files overlap midnight. */
        public Builder neighbourDayShare(double share) {
            if (!(share >= 0 && share <= 0.5)) {
                throw new IllegalArgumentException("neighbourDayShare must be in 0..0.5: " + share);
            }
            this.neighbourDayShare = share;
            return this;
        }

        public LogGenerator build() {
            return new LogGenerator(this);
        }

        private static int positive(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be >= 1: " + n);
            }
            return n;
        }
    }
}
