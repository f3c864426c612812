package braid.report.internal;

import braid.logs.AccessSummary;
import braid.logs.SiteFigures;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The daily figures of every site, kept in {@code <stateDir>/history/<day>.json}, so an e-mail can compare a day with
 * the day before and with the same weekday a week earlier. Written after the day's analysis (a rerun rewrites it);
 * files older than the retention are deleted then. Stateless.
 */
public final class History {
    /** The key under which the company's overall figures are kept. */
    public static final String OVERALL = "*";
    private static final ObjectMapper JSON = new ObjectMapper();

    private History() {}

    /** One site's figures of one day. */
    public record Day(long requests, long visitors, long bytes, long notFound, long serverErrors) {
        static Day of(SiteFigures f) {
            return new Day(f.requests(), f.uniqueVisitors(), f.bytesSent(), f.statusCodes().getOrDefault(404, 0L),
                    f.statusClasses().getOrDefault("5xx", 0L));
        }
    }

    static Path dir(Path stateDir) {
        return stateDir.resolve("history");
    }

    /** Keeps the figures of {@code logs}' day and deletes days older than {@code keepDays} before it. */
    public static void write(Path stateDir, AccessSummary logs, int keepDays) throws IOException {
        LocalDate day = java.util.Objects.requireNonNull(logs.day(), "the history keeps the figures of one day");
        Path dir = dir(stateDir);
        Files.createDirectories(dir);
        Map<String, Map<String, Long>> sites = new LinkedHashMap<>();
        sites.put(OVERALL, fields(Day.of(logs.overall())));
        logs.byVirtualHost().forEach((host, f) -> sites.put(host, fields(Day.of(f))));
        Path file = dir.resolve(day + ".json");
        Path tmp = Files.createTempFile(dir, "history", ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), Map.of("day", day.toString(), "sites", sites));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        LocalDate oldest = day.minusDays(keepDays);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                try {
                    if (LocalDate.parse(f.getFileName().toString().replace(".json", "")).isBefore(oldest)) Files.delete(f);
                } catch (DateTimeParseException ignored) {
                    // not one of ours
                }
            }
        }
    }

    private static Map<String, Long> fields(Day d) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("requests", d.requests());
        m.put("visitors", d.visitors());
        m.put("bytes", d.bytes());
        m.put("notFound", d.notFound());
        m.put("serverErrors", d.serverErrors());
        return m;
    }

    /** The figures kept for {@code day}, by site ({@link #OVERALL} for the company); empty when none (or unreadable). */
    public static Map<String, Day> read(Path stateDir, LocalDate day) {
        Path file = dir(stateDir).resolve(day + ".json");
        if (!Files.isRegularFile(file)) return Map.of();
        try {
            Map<String, Day> out = new LinkedHashMap<>();
            JSON.readTree(file.toFile()).path("sites").properties().forEach(e -> out.put(e.getKey(), new Day(
                    e.getValue().path("requests").asLong(-1), e.getValue().path("visitors").asLong(-1),
                    e.getValue().path("bytes").asLong(-1), e.getValue().path("notFound").asLong(-1),
                    e.getValue().path("serverErrors").asLong(-1))));
            return out;
        } catch (IOException | RuntimeException e) {
            return Map.of(); // a damaged history file costs a comparison ("—"), never a report
        }
    }

    /** The day before and the same weekday a week earlier, as kept. */
    public record Comparison(Map<String, Day> dayBefore, Map<String, Day> weekBefore) {
        public static final Comparison NONE = new Comparison(Map.of(), Map.of());

        public static Comparison of(Path stateDir, LocalDate day) {
            return new Comparison(read(stateDir, day.minusDays(1)), read(stateDir, day.minusWeeks(1)));
        }

        Optional<Day> dayBefore(String site) {
            return Optional.ofNullable(dayBefore.get(site));
        }

        Optional<Day> weekBefore(String site) {
            return Optional.ofNullable(weekBefore.get(site));
        }
    }
}
