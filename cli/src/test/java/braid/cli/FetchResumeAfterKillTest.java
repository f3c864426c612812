package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.reliability.ChildJvm;
import braid.testkit.TestSites;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid fetch} killed with SIGKILL halfway, then run again with {@code --resume}: no result is lost, none is
 * written twice, and only what had not been written yet (in flight, or ended a moment before the kill) is fetched
 * again.
 */
class FetchResumeAfterKillTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int URLS = 1500;
    private static final int CONCURRENCY = 30;

    @Test
    void killNineHalfwayThenResumeLosesNothingAndRepeatsOnlyWhatWasInFlight(@TempDir Path dir) throws Exception {
        ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-fetch"));
        try (TestSites sites = new TestSites(5)) {
            Path in = dir.resolve("urls.txt");
            Files.write(in, IntStream.range(0, URLS).mapToObj(i -> sites.url(i % 5, "/ok?ms=30&i=" + i).toString()).toList());
            Path out = dir.resolve("out.jsonl");
            Path log = dir.resolve("fetch.log");
            String[] args = {"fetch", "--input", in.toString(), "--output", out.toString(), "--concurrency",
                    String.valueOf(CONCURRENCY), "--per-host", "6"};
            Process first = ChildJvm.braid(List.of(), Map.of(), log, args);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lines(out) < URLS / 3 && System.nanoTime() < deadline && first.isAlive()) Thread.sleep(20);
            int inFlight = sites.inFlight.get();
            first.destroyForcibly(); // SIGKILL
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(first.exitValue()).as("killed, not ended").isEqualTo(137);
            int hitsAtKill = sites.requests.get();
            long written = lines(out);
            assertThat(written).isBetween((long) URLS / 3, (long) URLS - 1);

            Process second = ChildJvm.braid(List.of(), Map.of(), log, concat(args, "--resume"));
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(Files.readString(log)).isZero();

            Map<String, Integer> perUrl = new HashMap<>();
            for (String l : Files.readAllLines(out)) {
                var n = JSON.readTree(l);
                assertThat(n.get("status").asInt()).isEqualTo(200);
                perUrl.merge(n.get("url").asText(), 1, Integer::sum);
            }
            assertThat(perUrl).hasSize(URLS); // none lost
            assertThat(perUrl.values()).allSatisfy(c -> assertThat(c).isEqualTo(1)); // none written twice
            int repeated = sites.requests.get() - URLS;
            System.out.printf("fetch kill -9: %d results written before the kill, %d requests in flight at the kill, "
                    + "%d requests had reached the servers, %d fetched twice%n", written, inFlight, hitsAtKill, repeated);
            // fetched again: what was in flight, and what had ended but was not written yet
            assertThat(repeated).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(hitsAtKill - (int) written);
            assertThat(hitsAtKill - written).isLessThanOrEqualTo(2L * CONCURRENCY);
            assertThat(Files.readString(log)).contains("resumed: " + written + " results were already in");
        }
    }

    private static long lines(Path f) throws Exception {
        if (!Files.exists(f)) return 0;
        try (var s = Files.lines(f)) {
            return s.count();
        }
    }

    private static String[] concat(String[] a, String b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = b;
        return r;
    }
}
