package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code braid logs --config} reads the logs as the report does, so a day gives the report's numbers (issue 13). */
class LogsWithConfigTest {
    @TempDir
    Path dir;

    @Test
    void theSameDayGivesTheReportsNumbers() throws Exception {
        try (Harness h = Harness.start(dir)) {
            assertThat(h.run(ReportOptions.DEFAULT).exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            Matcher m = Pattern.compile("logs\\s+([\\d,]+) requests on " + Harness.DAY).matcher(h.output());
            assertThat(m.find()).as(h.output()).isTrue();
            long report = Long.parseLong(m.group(1).replace(",", ""));

            ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-logs-config"));
            Path log = dir.resolve("logs.log");
            Process p = ChildJvm.braid(List.of(), h.env.env(), log, "logs", "--config", h.env.config().toString(),
                    "--date", Harness.DAY.toString(), "--json");
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log);
            assertThat(p.exitValue()).as(out).isZero();
            String json = out.substring(out.indexOf('{'));
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
            assertThat(tree.path("access").path("overall").path("requests").asLong(-1)).as(out).isEqualTo(report);
        }
    }

    @Test
    void newsWithConfigShowsTheReportsNews() throws Exception {
        try (Harness h = Harness.start(dir)) {
            assertThat(h.run(ReportOptions.DEFAULT).exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            Matcher m = Pattern.compile("news\\s+(\\d+) items").matcher(h.output());
            assertThat(m.find()).as(h.output()).isTrue();
            ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-logs-config"));
            Path log = dir.resolve("news.log");
            Process p = ChildJvm.braid(List.of(), h.env.env(), log, "news", "--config", h.env.config().toString(), "--json");
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = Files.readString(log);
            assertThat(p.exitValue()).as(out).isZero();
            var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.substring(out.indexOf('{')));
            assertThat(tree.path("items")).as(out).hasSize(Integer.parseInt(m.group(1)));
        }
    }
}
