package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.LogGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LogsCommandTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @TempDir
    Path dir;

    private Path access;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void generate() throws Exception {
        access = dir.resolve("access.log");
        LogGenerator.builder().seed(3).day(DAY).distinctIps(500).distinctAgents(50).distinctPaths(300)
                .neighbourDayShare(0.1).build().writeAccessLines(access, 5_000);
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new LogsCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void printsAReadableSummaryOfTheDay() {
        int code = run(access.toString(), "--date", "2026-11-22", "--zone", "UTC");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Access logs: 1 file(s), format combined, day 2026-11-22 (UTC)",
                "Requests ", "Unique visitors ", "Requests per hour", "Top paths", "Top 404 paths", "Top 5xx paths",
                "Top referring sites", "on other days");
    }

    @Test
    void jsonCountsOnlyTheDaysLinesUnlessAllIsGiven() throws Exception {
        assertThat(run(access.toString(), "--date", "2026-11-22", "--zone", "UTC", "--json")).isZero();
        JsonNode day = new ObjectMapper().readTree(out.toString()).path("access");
        out.getBuffer().setLength(0);
        assertThat(run(access.toString(), "--all", "--zone", "UTC", "--json")).isZero();
        JsonNode all = new ObjectMapper().readTree(out.toString()).path("access");
        assertThat(all.path("overall").path("requests").asLong()).isEqualTo(5_000);
        assertThat(day.path("overall").path("requests").asLong() + day.path("otherDayLines").asLong())
                .isEqualTo(5_000);
        assertThat(day.path("otherDayLines").asLong()).isGreaterThan(0);
        assertThat(day.path("day").asText()).isEqualTo("2026-11-22");
        assertThat(all.path("overall").path("requestsPerHour")).hasSize(24);
    }

    @Test
    void splitsFiguresPerVirtualHost() throws Exception {
        Path vhost = dir.resolve("other_vhosts_access.log");
        LogGenerator.builder().seed(4).day(DAY).format(LogGenerator.Format.VHOST_COMBINED).build()
                .writeAccessLines(vhost, 2_000);
        assertThat(run(vhost.toString(), "--all", "--json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString()).path("access");
        assertThat(json.path("format").asText()).isEqualTo("vhost_combined");
        assertThat(json.path("virtualHosts").has("www.example.com")).isTrue();
        long sum = 0;
        for (JsonNode h : json.path("virtualHosts")) {
            sum += h.path("requests").asLong();
        }
        assertThat(sum).isEqualTo(2_000);
    }

    @Test
    void includesErrorLogLevelsAndMessages() throws Exception {
        Path errors = dir.resolve("error.log");
        LogGenerator.builder().day(DAY).build().writeErrorLog(errors, 300, true);
        assertThat(run("--error-log", errors.toString(), "--date", "2026-11-22")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Error logs: 1 file(s)", "Top messages", "error");
    }

    @Test
    void missingFileExitsOneNamingIt() {
        Path missing = dir.resolve("nope.log");
        assertThat(run(missing.toString(), "--all")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("braid logs: cannot read " + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void fileWithNoParsableLineExitsOne() throws Exception {
        Path garbage = dir.resolve("garbage.log");
        Files.write(garbage, new byte[] {0, 1, 2, 3, '\n', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThat(run(garbage.toString(), "--all")).isEqualTo(1);
        assertThat(err.toString()).contains("no line of").contains("could be parsed").doesNotContain("read as");
    }

    @Test
    void aFormatThatReadsNoLineNamesTheOneThatDoes() throws Exception {
        // the generator writes combined lines; the operator asked for vhost_combined
        assertThat(run(access.toString(), "--all", "--format", "vhost_combined")).isEqualTo(1);
        assertThat(err.toString()).contains("braid logs: no line of " + access + " could be parsed as vhost_combined (5,000 malformed);"
                + " they read as combined (--format combined, or leave --format out)");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run(access.toString(), "--date", "22.11.2026")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid --date");
        assertThat(run(access.toString(), "--date", "2026-11-22", "--all")).isEqualTo(2);
        assertThat(run(access.toString(), "--format", "fancy")).isEqualTo(2);
        assertThat(run(access.toString(), "--zone", "Mars/Olympus")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void acceptsACustomGoAccessFormat() throws Exception {
        Path custom = dir.resolve("custom.log");
        Files.writeString(custom, "2026-11-22 [22/Nov/2026:10:00:00 +0000] 1.2.3.4 200 \"GET /x HTTP/1.1\"\n");
        assertThat(run(custom.toString(), "--all", "--json", "--format", "%^ [%d:%t %^] %h %s \"%r\""))
                .as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString()).path("access");
        assertThat(json.path("overall").path("requests").asLong()).isEqualTo(1);
        assertThat(json.path("overall").path("topPaths").get(0).path("key").asText()).isEqualTo("/x");
    }
}
