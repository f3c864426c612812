package braid.logs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import braid.logs.GeneratedDay;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code braid logs --spark-master local[2] FILES --json} prints what {@code braid logs FILES --json} prints. */
class CommandLineTest {
    @TempDir Path dir;

    private static String run(List<String> args) {
        var cl = braid.cli.Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /** The JSON without the timing, which differs run to run. */
    private static JsonNode figures(String json) throws Exception {
        JsonNode n = new ObjectMapper().readTree(json);
        ((ObjectNode) n.get("access")).remove(List.of("seconds", "bytesPerSecond"));
        return n;
    }

    @Test
    void sparkPrintsTheSameJson() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        List<Path> files = GeneratedDay.write(dir, day, ZoneId.of("Asia/Kolkata"), 3, 8_000);
        List<String> common = new ArrayList<>(List.of("logs", "--date", day.toString(), "--zone", "Asia/Kolkata", "--json"));
        files.forEach(f -> common.add(f.toString()));
        String single = run(common);
        List<String> spark = new ArrayList<>(common);
        spark.addAll(1, List.of("--spark-master", "local[2]", "--spark-conf", "spark.files.maxPartitionBytes=100k",
                "--spark-conf", "spark.ui.enabled=false"));
        assertThat(figures(run(spark))).isEqualTo(figures(single));
        assertThat(figures(single).get("access").toString()).contains("\"requests\"");
    }

    @Test
    void aRotatedSetOnSparkGivesTheSameFigures() throws Exception {
        // access.log, access.log.1.gz, access.log.2 as logrotate leaves them: --rotated finds the members of the day
        LocalDate day = LocalDate.of(2026, 11, 23);
        GeneratedDay.write(dir, day, ZoneId.of("Asia/Kolkata"), 3, 4_000);
        List<String> args = new ArrayList<>(List.of("logs", "--rotated", "--date", day.toString(), "--zone", "Asia/Kolkata",
                "--json", dir.resolve("access.log").toString()));
        String single = run(args);
        List<String> spark = new ArrayList<>(args);
        spark.addAll(1, List.of("--spark-master", "local[2]"));
        assertThat(figures(run(spark))).isEqualTo(figures(single));
        assertThat(figures(single).get("access").get("files")).hasSize(3);
    }

    @Test
    void underSparkSubmitItsMasterIsUsed() throws Exception {
        // spark-submit --master M --class braid.cli.Main … logs FILES: SparkSubmit passes M as the system property
        LocalDate day = LocalDate.of(2026, 11, 23);
        List<Path> files = GeneratedDay.write(dir, day, ZoneId.of("UTC"), 2, 3_000);
        List<String> args = new ArrayList<>(List.of("logs", "--all", "--zone", "UTC", "--json"));
        files.forEach(f -> args.add(f.toString()));
        String single = run(args);
        System.setProperty("spark.master", "local[1]");
        System.setProperty("spark.ui.enabled", "false");
        try {
            var cl = braid.cli.Main.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            // a missing module would be refused with exit 2; the Spark run prints the same JSON
            assertThat(cl.execute(args.toArray(String[]::new))).as(err.toString()).isZero();
            assertThat(figures(out.toString())).isEqualTo(figures(single));
            // …and it is Spark that ran: a master Spark cannot parse fails, in words
            System.setProperty("spark.master", "nowhere://cluster");
            StringWriter err2 = new StringWriter();
            cl.setErr(new PrintWriter(err2, true));
            assertThat(cl.execute(args.toArray(String[]::new))).isEqualTo(1);
            assertThat(err2.toString()).startsWith("braid logs: Spark (nowhere://cluster) failed: ")
                    .contains("nowhere://cluster").doesNotContain("\tat ");
        } finally {
            System.clearProperty("spark.master");
            System.clearProperty("spark.ui.enabled");
        }
    }
}
