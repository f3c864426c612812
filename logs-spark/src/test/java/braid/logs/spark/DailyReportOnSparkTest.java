package braid.logs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logs.engine: spark} in braid.yaml: the daily report (a dry run against the demo's stand-ins and its rotated,
 * partly gzipped logs of several virtual hosts) gets the very figures the local engine gives, and the same warnings:
 * a rotation listed beside its base is read once by both, and both say so.
 */
class DailyReportOnSparkTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    @TempDir Path dir;

    private static ReportRun.Outcome run(Path config, DemoEnvironment env) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportRun.Outcome o = new ReportRun(BraidConfig.load(config, env.env()), ReportOptions.DEFAULT.withDate(DAY).withDryRun(true),
                env.env(), Clock.system(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), false).run();
        assertThat(o.exitCode()).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return o;
    }

    @Test
    void theReportGetsTheSameFiguresFromSpark() throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE)) {
            // the rotation listed beside its base, as newcomers do: read once on either engine, and both say so
            Path log = env.logsDir().resolve("access.log");
            String text = Files.readString(env.config()).replace("access: [" + log + "]", "access: [" + log + ", " + log + ".1]");
            assertThat(text).contains("  format: vhost_combined\n").contains(log + ".1]");
            Files.writeString(env.config(), text);
            Path spark = Files.writeString(env.config().resolveSibling("spark.yaml"), text.replace("  format: vhost_combined\n", """
                      format: vhost_combined
                      engine: spark
                      spark:
                        master: local[2]
                        properties: {spark.ui.enabled: "false", spark.files.maxPartitionBytes: 64k}
                    """));
            var local = run(env.config(), env).report().figures().orElseThrow().access();
            var onSpark = run(spark, env).report().figures().orElseThrow().access();
            assertThat(onSpark).isEqualTo(local);
            assertThat(local.warnings()).anyMatch(w -> w.startsWith(log + ".1 is named twice"));
            assertThat(local.files()).hasSizeGreaterThan(1);
            assertThat(local.byVirtualHost()).hasSizeGreaterThan(1);
        }
    }
}
