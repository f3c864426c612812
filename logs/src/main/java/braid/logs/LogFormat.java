package braid.logs;

import org.jspecify.annotations.Nullable;

import braid.logs.internal.FormatSpec;
import java.util.Locale;
import java.util.Objects;

/**
 * The layout of an access log: one of the predefined ones, automatic detection, or a GoAccess-style
 * specifier string such as {@code %h %^[%d:%t %^] "%r" %s %b "%R" "%u"}.
 *
 * <p>Immutable and thread-safe.
 */
public final class LogFormat {
    /** Apache/nginx combined: {@code %h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"}. */
    public static final LogFormat COMBINED = new LogFormat(FormatSpec.COMBINED);
    /** Common Log Format: {@code %h %l %u %t "%r" %>s %b}. */
    public static final LogFormat COMMON = new LogFormat(FormatSpec.COMMON);
    /** Debian's vhost_combined: {@code %v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"}. */
    public static final LogFormat VHOST_COMBINED = new LogFormat(FormatSpec.VHOST_COMBINED);
    /** Picks the predefined format that parses most of the first lines of the first file. */
    public static final LogFormat AUTO = new LogFormat(null);

    private final @Nullable FormatSpec spec;

    LogFormat(@Nullable FormatSpec spec) {
        this.spec = spec;
    }

    /**
     * Parses a name ({@code combined}, {@code common}, {@code vhost_combined}, {@code auto}) or, when the
     * text contains {@code %}, a GoAccess-style specifier string.
     *
     * @throws IllegalArgumentException naming the text when it is neither
     */
    public static LogFormat of(String nameOrSpecifier) {
        Objects.requireNonNull(nameOrSpecifier, "nameOrSpecifier");
        if (nameOrSpecifier.contains("%")) {
            return new LogFormat(FormatSpec.custom(nameOrSpecifier));
        }
        return switch (nameOrSpecifier.toLowerCase(Locale.ROOT)) {
            case "combined" -> COMBINED;
            case "common", "clf" -> COMMON;
            case "vhost_combined", "vcombined" -> VHOST_COMBINED;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("unknown log format: '" + nameOrSpecifier
                    + "' (expected combined, common, vhost_combined, auto or a specifier such as %h %^[%d:%t %^] \"%r\" %s %b)");
        };
    }

    /**
     * The predefined format (combined, common, vhost_combined) that reads the most of the first 64 KiB of the first of
     * {@code files} that has any (gzipped or not; as {@link #AUTO} detects it), or empty when none reads a line of it:
     * what {@code logs.format} should say when every line came out malformed.
     *
     * @throws IOException a file cannot be read
     */
    public static java.util.Optional<LogFormat> detect(java.util.List<java.nio.file.Path> files) throws java.io.IOException {
        FormatSpec f = braid.logs.internal.Detect.bestOrNull(AccessLogAnalyzer.firstHead(files));
        return f == null ? java.util.Optional.empty() : java.util.Optional.of(new LogFormat(f));
    }

    /** True for {@link #AUTO}. */
    public boolean isAuto() {
        return spec == null;
    }

    /** The format's name: combined, common, vhost_combined, custom or auto. */
    public String name() {
        return spec == null ? "auto" : spec.name();
    }

    /** The GoAccess-style specifier, or "auto". */
    public String specifier() {
        return spec == null ? "auto" : spec.specifier();
    }

    @Nullable FormatSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec == null ? "auto" : spec.toString();
    }
}
