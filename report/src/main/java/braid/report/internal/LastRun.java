package braid.report.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the last successful run left for the next: its date, its client count (for the drop brake)
 * and each task's duration (for {@code braid report plan}). Stored as {@code <stateDir>/last-run.json}.
 *
 * @param date          the report day of that run
 * @param clients       clients SAP returned
 * @param durationsMillis each task's duration in milliseconds
 */
public record LastRun(LocalDate date, int clients, Map<String, Long> durationsMillis) {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    public LastRun {
        durationsMillis = Map.copyOf(new LinkedHashMap<>(durationsMillis));
    }

    public static Path file(Path stateDir) {
        return stateDir.resolve("last-run.json");
    }

    /** The last run's facts, or empty if there is none or the file is unreadable: for estimates ({@code plan}) only. */
    public static Optional<LastRun> read(Path stateDir) {
        try {
            return readStrict(stateDir);
        } catch (Damaged e) {
            return Optional.empty();
        }
    }

    /** {@code last-run.json} exists but cannot be read: the client-drop brake has nothing to compare with. */
    public static final class Damaged extends IOException {
        Damaged(Path file, String why) {
            super(file + " is damaged (" + why + ")");
        }
    }

    /**
     * The last run's facts, empty only when there is no file (no successful run yet).
     *
     * @throws Damaged when the file exists but does not hold them: the brake must not silently turn off
     */
    public static Optional<LastRun> readStrict(Path stateDir) throws Damaged {
        Path f = file(stateDir);
        if (!Files.exists(f)) return Optional.empty();
        try {
            Map<?, ?> m = JSON.readValue(f.toFile(), Map.class);
            Map<String, Long> d = new LinkedHashMap<>();
            if (m.get("durationsMillis") instanceof Map<?, ?> dm)
                dm.forEach((k, v) -> d.put(String.valueOf(k), ((Number) v).longValue()));
            if (!(m.get("clients") instanceof Number n) || n.intValue() < 0)
                throw new IllegalArgumentException("no client count");
            return Optional.of(new LastRun(LocalDate.parse(String.valueOf(m.get("date"))), n.intValue(), d));
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new Damaged(f, why);
        }
    }

    /** Writes atomically (temp file + rename), so a crash never leaves half a file. */
    public void write(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", date.toString());
        m.put("clients", clients);
        m.put("durationsMillis", durationsMillis);
        Path tmp = Files.createTempFile(stateDir, "last-run", ".tmp");
        JSON.writeValue(tmp.toFile(), m);
        try {
            Files.move(tmp, file(stateDir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file(stateDir), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
