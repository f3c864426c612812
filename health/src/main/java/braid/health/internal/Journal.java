package braid.health.internal;

import braid.health.HealthCheck;
import braid.health.HealthChecks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads the systemd journal through {@code journalctl} (its JSON output): the journal's file format is systemd's own,
 * and journalctl is the reader systemd keeps compatible with every version of it; no Java reader of it is maintained.
 */
final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where journald keeps the system journal: persistent, else volatile (Storage=auto without /var/log/journal). */
    static final List<Path> SYSTEM = List.of(Path.of("/var/log/journal"), Path.of("/run/log/journal"));

    private Journal() {}

    /** Entries per level in {@code [from, to)}, or the reason they cannot be counted (in words, for UNKNOWN). */
    sealed interface Counted {}

    record Levels(Map<String, Long> levels) implements Counted {}

    record Unreadable(String why) implements Counted {}

    static Counted count(HealthCheck.Journal j, Instant from, Instant to) throws InterruptedException {
        Path dir = j.directory();
        if (dir != null && !Files.isDirectory(dir)) {
            return new Unreadable("cannot read the journal in " + dir + ": no such directory");
        }
        String why = unreadable(dir);
        if (why != null) return new Unreadable(why);
        // only the levels a threshold names and those worse: info and debug entries can be many per second
        int lowest = 0;
        for (String level : j.max().keySet()) lowest = Math.max(lowest, HealthChecks.LEVELS.indexOf(level));
        for (String level : j.warn().keySet()) lowest = Math.max(lowest, HealthChecks.LEVELS.indexOf(level));
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--since=@" + from.getEpochSecond(),
                "--until=@" + (to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0)), "--priority=0.." + lowest, "--output=json",
                "--output-fields=PRIORITY,MESSAGE", "--no-pager"));
        if (dir != null) cmd.add("--directory=" + dir);
        if (j.unit() != null) cmd.add("--unit=" + j.unit());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new Unreadable("cannot run journalctl (systemd's journal reader): " + braid.core.Failures.inWords(e));
        }
        // A read of the pipe does not answer an interrupt: the check's timeout ends journalctl instead (a window of a
        // busy journal's info entries can take long), and the read then ends.
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(j.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    killed.set(true);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        StringBuilder err = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        Map<String, Long> levels = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (Thread.interrupted()) throw new InterruptedException();
                if (line.isBlank()) continue;
                JsonNode e = JSON.readTree(line);
                int priority = priority(e.path("PRIORITY"));
                if (priority < 0 || priority > 7) continue; // an entry without a priority (none is written without)
                if (j.match() != null && !j.match().matcher(message(e.path("MESSAGE"))).find()) continue;
                levels.merge(HealthChecks.LEVELS.get(priority), 1L, Long::sum);
            }
            p.waitFor();
            watchdog.interrupt();
            drain.join();
            if (killed.get()) {
                return new Unreadable("journalctl did not finish within " + braid.core.Failures.duration(j.timeout())
                        + " (the check's timeout; a narrower max level, unit or window reads less)");
            }
        } catch (IOException e) {
            p.destroyForcibly();
            if (killed.get()) {
                return new Unreadable("journalctl did not finish within " + braid.core.Failures.duration(j.timeout()));
            }
            return new Unreadable("cannot read journalctl's output: " + braid.core.Failures.inWords(e));
        } catch (InterruptedException e) {
            p.destroyForcibly(); // the check's timeout, or the run's limit
            throw e;
        }
        String stderr = err.toString().strip();
        if (p.exitValue() != 0) {
            return new Unreadable("journalctl failed" + (dir == null ? "" : " on " + dir) + ": "
                    + (stderr.isEmpty() ? "exit " + p.exitValue() : stderr.lines().findFirst().orElse("")));
        }
        if (stderr.contains("not seeing messages from other users and the system")) {
            return new Unreadable("cannot read the whole system journal as user " + System.getProperty("user.name")
                    + ": only its own entries are shown; add the user to the systemd-journal (or adm) group");
        }
        return new Levels(levels);
    }

    /**
     * Why the journal in {@code dir} (this machine's for null) cannot be read, or null: without journal files (journald
     * not running, {@code Storage=none}, a wrong directory) journalctl counts no entries and the check would read OK
     * for ever; a user outside the journal's groups sees only its own entries, with no error.
     */
    private static @Nullable String unreadable(@Nullable Path dir) {
        List<Path> files = new ArrayList<>();
        for (Path root : dir == null ? SYSTEM : List.of(dir)) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.walk(root, 2)) {
                s.filter(f -> f.getFileName().toString().endsWith(".journal")).forEach(files::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                return "cannot read " + root + ": " + braid.core.Failures.inWords(e);
            }
        }
        if (files.isEmpty()) {
            return dir == null ? "no journal files in /var/log/journal or /run/log/journal: systemd-journald keeps no journal on"
                    + " this machine (not running, or Storage=none)" : "no journal files in " + dir;
        }
        if (dir == null && files.stream().noneMatch(f -> f.getFileName().toString().startsWith("system") && Files.isReadable(f))) {
            return "cannot read the system journal as user " + System.getProperty("user.name")
                    + ": add the user to the systemd-journal (or adm) group";
        }
        if (files.stream().noneMatch(Files::isReadable)) {
            return "cannot read the journal files in " + dir + " as user " + System.getProperty("user.name");
        }
        return null;
    }

    private static int priority(JsonNode n) {
        if (n.isNumber()) return n.asInt();
        String s = n.asText("");
        return s.length() == 1 && Character.isDigit(s.charAt(0)) ? s.charAt(0) - '0' : -1;
    }

    /** MESSAGE as text: journalctl writes a message that is not UTF-8 as an array of its bytes. */
    private static String message(JsonNode n) {
        if (n.isArray()) {
            byte[] b = new byte[n.size()];
            for (int i = 0; i < b.length; i++) b[i] = (byte) n.get(i).asInt();
            return new String(b, StandardCharsets.UTF_8);
        }
        return n.asText("");
    }
}
