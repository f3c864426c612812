package braid.report.config;

import org.jspecify.annotations.Nullable;
import braid.report.config.ConfigReader.Scalar;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Conversions from YAML scalars to typed values. Each throws IllegalArgumentException whose message
 * is the "expected ..." half of the problem; the reader adds the "found ..." half. Stateless.
 */
final class Values {

    private Values() {
    }

    static final String DURATION = "a duration such as 500ms, 30s, 10m, 2h, 14d, 1h30m or PT30S";
    static final String SIZE = "a size such as 512KB, 5MB or 1GB";

    private static final Pattern SIZE_PATTERN = Pattern.compile("(\\d+)\\s*([kmg]i?b|b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?",
            Pattern.CASE_INSENSITIVE);

    static Function<Scalar, String> string(String expected) {
        return s -> {
            if (s.text().isBlank()) {
                throw new IllegalArgumentException(expected);
            }
            return s.text().strip();
        };
    }

    static Function<Scalar, Integer> integer(int min, int max) {
        String expected = max == Integer.MAX_VALUE ? "a whole number >= " + min
                : "a whole number from " + min + " to " + max;
        return s -> {
            int value;
            try {
                value = Integer.parseInt(s.text().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected);
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(expected);
            }
            return value;
        };
    }

    /** A whole number from {@code min} to {@code max}, or the word {@code auto} (empty). */
    static Function<Scalar, java.util.OptionalInt> integerOrAuto(int min, int max) {
        Function<Scalar, Integer> number = integer(min, max);
        return s -> {
            if (s.text().strip().equalsIgnoreCase("auto")) return java.util.OptionalInt.empty();
            try {
                return java.util.OptionalInt.of(number.apply(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a whole number from " + min + " to " + max + ", or auto");
            }
        };
    }

    static Function<Scalar, Boolean> bool() {
        return s -> switch (s.node().token()) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> switch (s.text().strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("true or false");
            };
        };
    }

    /** Thrown by a conversion that can also guess what was meant; the reader appends the guess. */
    static final class Mistake extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final @Nullable String guess;

        Mistake(String expected, @Nullable String guess) {
            super(expected);
            this.guess = guess;
        }
    }

    static <E> Function<Scalar, E> choice(Map<String, E> allowed) {
        String expected = "one of " + String.join(", ", allowed.keySet());
        return s -> {
            E e = allowed.get(s.text().strip().toLowerCase(Locale.ROOT));
            if (e == null) {
                String guess = s.references().isEmpty() && !s.secret()
                        ? ConfigReader.closest(s.text().strip(), allowed.keySet()).orElse(null) : null;
                throw new Mistake(expected, guess);
            }
            return e;
        };
    }

    static Function<Scalar, Duration> duration(Duration min) {
        return s -> {
            Duration d = parseDuration(s.text().strip());
            if (d == null) {
                throw new IllegalArgumentException(DURATION);
            }
            if (d.compareTo(min) < 0) {
                throw new IllegalArgumentException("a duration of at least " + format(min));
            }
            return d;
        };
    }

    /** Parses {@code 30s}, {@code 1h30m}, {@code PT30S}; null if malformed or negative (braid.core.Durations). */
    static @Nullable Duration parseDuration(String text) {
        return braid.core.Durations.parse(text);
    }

    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0 || d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** Sizes use binary multiples: 1KB = 1024 bytes, as logback and most ops tools do. */
    static Function<Scalar, Long> size(long min, long max) {
        return s -> {
            Long bytes = parseSize(s.text().strip());
            if (bytes == null) {
                throw new IllegalArgumentException(SIZE);
            }
            if (bytes < min || bytes > max) {
                throw new IllegalArgumentException("a size from " + formatSize(min) + " to " + formatSize(max));
            }
            return bytes;
        };
    }

    static @Nullable Long parseSize(String text) {
        Matcher m = SIZE_PATTERN.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT).replace("i", "");
        int shift = switch (unit) {
            case "kb" -> 10;
            case "mb" -> 20;
            case "gb" -> 30;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > (Long.MAX_VALUE >> shift)) {
                return null;
            }
            return n << shift;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String formatSize(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KB";
        }
        return bytes + "B";
    }

    static Function<Scalar, Double> percent() {
        return s -> {
            Matcher m = PERCENT.matcher(s.text().strip());
            if (!m.matches()) {
                throw new IllegalArgumentException("a percentage such as 20%");
            }
            double v = Double.parseDouble(m.group(1));
            if (v > 100) {
                throw new IllegalArgumentException("a percentage from 0% to 100%");
            }
            return v;
        };
    }

    static Function<Scalar, ZoneId> zone() {
        return s -> {
            try {
                return ZoneId.of(s.text().strip());
            } catch (DateTimeException e) {
                // Europe/Berin → Europe/Berlin; a zone is named, not an offset ("CET+1" has no near name)
                String guess = braid.core.Failures.closest(s.text().strip(), new java.util.TreeSet<>(ZoneId.getAvailableZoneIds()))
                        .orElse(null);
                throw new Mistake("a time zone ID such as Europe/Berlin or UTC", guess);
            }
        };
    }

    /** An absolute URL with one of the given schemes and a host (except for mailto). */
    static Function<Scalar, URI> url(Set<String> schemes) {
        String expected = "an absolute " + String.join(" or ", schemes) + " URL";
        return s -> parseUrl(s.text().strip(), schemes, expected);
    }

    static URI parseUrl(String text, Set<String> schemes, String expected) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme)) {
                throw new IllegalArgumentException(expected);
            }
            if (!scheme.equals("mailto") && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw new IllegalArgumentException(expected + " with a host name");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(expected);
        }
    }

    static Function<Scalar, String> host() {
        return s -> {
            String h = s.text().strip();
            if (!HOST.matcher(h).matches()) {
                throw new IllegalArgumentException("a host name such as smtp.example.com");
            }
            return h;
        };
    }

    /** Validates with Jakarta Mail's strict RFC 822 parser, which the mail module sends with. */
    static Function<Scalar, MailAddress> mailAddress() {
        return s -> parseMailAddress(s.text().strip());
    }

    static MailAddress parseMailAddress(String text) {
        String expected = "an e-mail address such as reports@example.com or \"Name <reports@example.com>\"";
        try {
            InternetAddress[] parsed = InternetAddress.parse(text, true);
            if (parsed.length != 1) {
                throw new IllegalArgumentException(expected + " (exactly one)");
            }
            InternetAddress a = parsed[0];
            a.validate();
            String address = a.getAddress();
            int at = address == null ? -1 : address.lastIndexOf('@');
            if (at <= 0 || at == address.length() - 1) {
                throw new IllegalArgumentException(expected);
            }
            String personal = a.getPersonal();
            return new MailAddress(address, personal == null ? "" : personal);
        } catch (AddressException e) {
            throw new IllegalArgumentException(expected);
        }
    }

    /** A path; relative ones are resolved against the config file's directory, {@code ~/} against HOME. */
    static Function<Scalar, Path> path(ConfigReader reader) {
        return s -> {
            String text = s.text().strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a file system path");
            }
            try {
                if (text.equals("~") || text.startsWith("~/")) {
                    String home = reader.env.get("HOME");
                    if (home == null || home.isEmpty()) {
                        throw new IllegalArgumentException("a path; '~' needs the HOME environment variable, which is not set");
                    }
                    return Path.of(home).resolve(text.equals("~") ? "" : text.substring(2)).toAbsolutePath().normalize();
                }
                return reader.baseDir.resolve(text).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("a valid file system path");
            }
        };
    }

}
