package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code for: N} counts live in one state file that several {@code braid health} processes share (Nagios runs its
 * services at once; {@code --only} makes one service per check): a run updates it under a lock, so that another
 * process's update made meanwhile is not overwritten. The other process here is Python holding the same kind of lock
 * (POSIX {@code fcntl}, which Java's {@code FileChannel.lock} takes on Linux) while it writes its own count.
 */
class FlappingLockTest {
    @TempDir Path dir;

    @Test
    void anotherProcesssUpdateMadeMeanwhileIsKept() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        Files.writeString(state.resolve("health-state.json"), "{\"db\": 1}");
        String python = """
                import fcntl, json, sys, time
                lock = open(sys.argv[1] + '/health-state.lock', 'a')
                fcntl.lockf(lock, fcntl.LOCK_EX)
                print('locked', flush=True)
                time.sleep(1.0)
                f = sys.argv[1] + '/health-state.json'
                s = json.load(open(f))
                s['shop'] = 2                      # the other process's own check
                json.dump(s, open(f + '.tmp', 'w'))
                import os; os.replace(f + '.tmp', f)
                fcntl.lockf(lock, fcntl.LOCK_UN)
                """;
        Process other = new ProcessBuilder("python3", "-c", python, state.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");

        long t0 = System.nanoTime();
        List<CheckResult> results = Flapping.apply(List.of(new CheckResult("db", Status.CRITICAL, "connection refused", Map.of())),
                Map.of("db", 3), state);
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).isZero();

        assertThat(waitedMs).as("waited for the other process's lock").isGreaterThan(500);
        assertThat(results.getFirst().message()).isEqualTo("not alerting yet: failing run 2 of 3 (CRITICAL): connection refused");
        JsonNode file = new ObjectMapper().readTree(state.resolve("health-state.json").toFile());
        assertThat(file.path("shop").asInt()).as("the other process's count").isEqualTo(2);
        assertThat(file.path("db").asInt()).isEqualTo(2);
    }
}
