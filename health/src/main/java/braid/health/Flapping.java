package braid.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code for: N}: a check alerts only after N failing runs in a row. The count of each check lives in
 * {@code <stateDir>/health-state.json} (written through a temporary file); until it reaches N, a failing check reads
 * OK with the failure in its message ("not alerting yet: failing run 1 of 3: …"); a passing run resets it.
 */
final class Flapping {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Flapping() {}

    /**
     * Under a lock on {@code health-state.lock} besides the file: Nagios runs its services at once, and with
     * {@code --only} several {@code braid health} processes share one state file; without the lock one's count was
     * lost when another wrote the file it had read before (a check alerting a run late, or never).
     */
    static synchronized List<CheckResult> apply(List<CheckResult> results, Map<String, Integer> alertAfter, Path stateDir) {
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + stateDir, e);
        }
        Path lock = stateDir.resolve("health-state.lock");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock held = ch.lock()) {
            return update(results, alertAfter, stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lock, e);
        }
    }

    private static List<CheckResult> update(List<CheckResult> results, Map<String, Integer> alertAfter, Path stateDir) {
        Path file = stateDir.resolve("health-state.json");
        ObjectNode state;
        try {
            JsonNode read = Files.exists(file) ? JSON.readTree(file.toFile()) : null;
            state = read instanceof ObjectNode o ? o : JSON.createObjectNode();
        } catch (IOException e) {
            state = JSON.createObjectNode(); // a damaged state file counts from zero
        }
        List<CheckResult> out = new ArrayList<>(results.size());
        // the counts of checks not in this run stay (the daily report runs its client-site checks apart)
        ObjectNode next = state.deepCopy();
        for (CheckResult r : results) {
            int failing = r.status() == Status.OK ? 0 : state.path(r.name()).asInt(0) + 1;
            next.put(r.name(), failing);
            int n = alertAfter.getOrDefault(r.name(), 1);
            if (failing > 0 && failing < n) {
                out.add(new CheckResult(r.name(), Status.OK, "not alerting yet: failing run " + failing + " of " + n + " ("
                        + r.status() + "): " + r.message(), r.measurements()));
            } else {
                out.add(r);
            }
        }
        try {
            Path tmp = Files.createTempFile(stateDir, ".health-state.", ".tmp");
            JSON.writeValue(tmp.toFile(), next);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return out;
    }
}
