package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import braid.sandbox.LogGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Braid's requests, unique visitors and status codes equal those of GoAccess 1.7 on the same lines. */
class GoAccessComparisonTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void requireGoAccess() {
        assumeFalse("1".equals(System.getenv("BRAID_SKIP_GOACCESS")), "BRAID_SKIP_GOACCESS=1");
        if (!Files.isExecutable(Path.of("/usr/bin/goaccess")) && !onPath("goaccess")) {
            fail("goaccess is not installed (apt-get install goaccess), set BRAID_SKIP_GOACCESS=1 to skip");
        }
    }

    @Test
    void realApacheLogCountsEqualGoAccess() throws Exception {
        Path log = Fixtures.path("fixtures/apache_logs");
        AccessSummary s = analyze(log);
        assertThat(s.overall().requests()).isEqualTo(10_000);
        assertThat(s.overall().uniqueVisitors()).isEqualTo(2_095);
        assertThat(figures(s)).isEqualTo(goaccess(log));
    }

    @Test
    void generatedLogCountsEqualGoAccess() throws Exception {
        Path log = tmp.resolve("generated.log");
        LogGenerator.builder().seed(5).distinctIps(5_000).distinctAgents(300).distinctPaths(2_000).build()
                .writeAccessLines(log, 60_000);
        AccessSummary s = analyze(log);
        assertThat(s.overall().requests()).isEqualTo(60_000);
        assertThat(figures(s)).isEqualTo(goaccess(log));
    }

    @Test
    void awkwardLinesCountAsGoAccessCountsThem() throws Exception {
        Path log = tmp.resolve("awkward.log");
        String ok = " - - [22/Nov/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 10 \"-\" \"agent\"\n";
        Files.writeString(log, "1.2.3.4" + ok
                + "# a comment\n\n"
                + "1.2.3.4 - - [22/Nov/2026:10:00:01 +0000] \"GET /b HTTP/1.1\" 200 10 \"-\" \"agent%20x\"\n"
                + "1.2.3.4 - - [22/Nov/2026:10:00:01 +0000] \"GET /b HTTP/1.1\" 200 10 \"-\" \"agent x\"\n"
                + "1.2.3.4 - - [22/Nov/2026:10:00:02 +0000] \"GET /c HTTP/1.1\" 200 10 \"-\" \"cut off\n"
                + "1.2.3.4 - - [22/Nov/2026:10:00:02 +0000] \"GET /e HTTP/1.1\" 200 10 \"-\" \"esc \\\" aped\"\n"
                + "1.2.3.4 - - [22/Nov/2026:10:00:03 +0000] \"GET /d HTTP/1.1\" 200 10\n"
                + "1.2.3.4 - - [22/Nov/2026:10:00:03 +0000] \"GET /d HTTP/1.1\" 200 10 \"-\"\n"
                + "999.2.3.4" + ok + "01.2.3.4" + ok + "2001:db8::1" + ok + "2001:db8:::1" + ok
                + "5.6.7.8 - - [22/Nov/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 700 10 \"-\" \"a\"\n"
                + "5.6.7.8 - - [22/Nov/2026:10:00:00 +0000] \"HELP\" 400 10 \"-\" \"a\"\n"
                + "5.6.7.9 - - [22/Nov/2026:10:00:00 +0000] \"GET /x HTTP/1.1\" 404 10 \"-\" \"a\"\n",
                StandardCharsets.ISO_8859_1);
        AccessSummary s = analyze(log);
        assertThat(figures(s)).isEqualTo(goaccess(log));
        assertThat(s.truncatedLines()).isEqualTo(1);
        assertThat(s.ignoredLines()).isEqualTo(2);
    }

    private static AccessSummary analyze(Path log) throws Exception {
        return AccessLogAnalyzer.builder().format(LogFormat.COMBINED).zone(ZoneOffset.UTC).allDays().build()
                .analyze(log);
    }

    static String figures(AccessSummary s) {
        return "requests=" + s.overall().requests() + " visitors=" + s.overall().uniqueVisitors() + " codes="
                + new TreeMap<>(s.overall().statusCodes());
    }

    /** Runs {@code goaccess FILE --log-format=COMBINED -o out.json} with its defaults. */
    private String goaccess(Path log) throws IOException, InterruptedException {
        Path json = tmp.resolve(log.getFileName() + ".json");
        Process p = new ProcessBuilder("goaccess", log.toString(), "--log-format=COMBINED", "-o", json.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("goaccess exit, output: %s", out).isZero();
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        Map<Integer, Long> codes = new TreeMap<>();
        for (JsonNode cls : root.path("status_codes").path("data")) {
            for (JsonNode item : cls.path("items")) {
                codes.put(Integer.parseInt(item.path("data").asText().substring(0, 3)),
                        item.path("hits").path("count").asLong());
            }
        }
        JsonNode general = root.path("general");
        return "requests=" + general.path("valid_requests").asLong() + " visitors="
                + general.path("unique_visitors").asLong() + " codes=" + codes;
    }

    private static boolean onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }

}
