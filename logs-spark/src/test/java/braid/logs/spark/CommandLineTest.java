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
}
