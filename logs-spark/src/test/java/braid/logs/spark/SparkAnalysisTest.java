package braid.logs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.logs.AccessLogAnalyzer;
import braid.logs.AccessSummary;
import braid.logs.GeneratedDay;
import braid.logs.LogFormat;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job in local mode (one shared session, UI off, splits of 64 KiB so every file has many): its summary
 * equals the single-machine analyser's on the real Apache log and on a generated day over several files (one
 * gzipped, several virtual hosts, a half-hour time zone).
 */
class SparkAnalysisTest {
    private static JavaSparkContext sc;
    @TempDir Path dir;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("braid test")
                .set("spark.ui.enabled", "false").set("spark.files.maxPartitionBytes", "64k"));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        sc.close();
    }

    @Test
    void theRealApacheLogEqualsTheSingleMachineAnalysis() throws Exception {
        Path log = dir.resolve("apache_logs");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("fixtures/apache_logs")) {
            Files.copy(java.util.Objects.requireNonNull(in, "fixtures/apache_logs in braid-logs' test jar"), log);
        }
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().zone(ZoneId.of("UTC")).allDays().build();
        AccessSummary spark = SparkAnalysis.analyze(sc, a, LogFormat.AUTO, List.of(log.toString()));
        assertThat(spark).isEqualTo(a.analyze(log));
        assertThat(spark.overall().requests()).isEqualTo(10_000);
    }

    @Test
    void aGeneratedDayOverSeveralFilesOneGzippedEqualsTheSingleMachineAnalysis() throws Exception {
        ZoneId zone = ZoneId.of("Asia/Kolkata");
        LocalDate day = LocalDate.of(2026, 11, 23);
        List<Path> files = GeneratedDay.write(dir, day, zone, 3, 15_000);
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().format(LogFormat.VHOST_COMBINED).zone(zone).day(day).build();
        AccessSummary whole = a.analyze(files);
        AccessSummary spark = SparkAnalysis.analyze(sc, a, LogFormat.VHOST_COMBINED,
                files.stream().map(Path::toString).toList());
        assertThat(spark).isEqualTo(whole);
        assertThat(whole.byVirtualHost()).hasSize(4);
        assertThat(whole.malformedLines()).isPositive();
        // a directory stands for its files (sorted by name: access.log, access.log.1.gz, access.log.2)
        AccessSummary byDir = SparkAnalysis.analyze(sc, a, LogFormat.AUTO, List.of(dir.toString()));
        assertThat(byDir.overall()).isEqualTo(whole.overall());
    }

    @Test
    void theRealCorpusWithMalformedLinesEqualsTheSingleMachineAnalysis() throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (String f : List.of("nginx-combined-crowdsec-malformed.log", "nginx-combined-filebeat-access.log",
                "nginx-combined-xff-lnav-shop.log", "nginx-combined-crowdsec-http-versions.log")) {
            Path copy = dir.resolve(f);
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("fixtures/logs-corpus/access/" + f)) {
                Files.copy(java.util.Objects.requireNonNull(in, f), copy);
            }
            files.add(copy);
        }
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().format(LogFormat.COMBINED).zone(ZoneId.of("Europe/Berlin")).allDays().build();
        AccessSummary whole = a.analyze(files);
        assertThat(whole.malformedSamples()).isNotEmpty();
        assertThat(SparkAnalysis.analyze(sc, a, LogFormat.COMBINED, files.stream().map(Path::toString).toList())).isEqualTo(whole);
    }

    @Test
    void aTruncatedGzipCountsTheLinesBeforeTheDamageAsTheSingleMachineDoes() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        List<Path> files = GeneratedDay.write(dir, day, ZoneId.of("UTC"), 2, 20_000);
        Path gz = files.getFirst();
        byte[] whole = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(whole, whole.length * 2 / 3)); // cut off, as a disk that filled
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().format(LogFormat.VHOST_COMBINED).zone(ZoneId.of("UTC")).day(day).build();
        AccessSummary single = a.analyze(files);
        assertThat(single.warnings()).singleElement().asString().contains("truncated or corrupt");
        AccessSummary spark = SparkAnalysis.analyze(sc, a, LogFormat.VHOST_COMBINED, files.stream().map(Path::toString).toList());
        assertThat(spark.overall()).isEqualTo(single.overall());
        assertThat(spark).isEqualTo(single);
    }

    @Test
    void anOlderJava25IsRefusedInWords() {
        assertThatThrownBy(() -> SparkAnalysis.checkJava(Runtime.Version.parse("25.0.2+7")))
                .hasMessage("Spark needs Java 25.0.3 or newer (earlier Java 25 builds have a G1 bug Spark hits); "
                        + "this is Java 25.0.2+7: set JAVA_HOME to a newer one");
        SparkAnalysis.checkJava(Runtime.Version.parse("25.0.3+9"));
        SparkAnalysis.checkJava(Runtime.Version.parse("26"));
    }

    @Test
    void aMissingPathIsNamed() {
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().allDays().build();
        assertThatThrownBy(() -> SparkAnalysis.analyze(sc, a, LogFormat.COMBINED, List.of(dir.resolve("nope.log").toString())))
                .hasMessageEndingWith("nope.log: no such file");
    }

    @Test
    void theServiceIsFoundByTheCommandLine() {
        assertThat(java.util.ServiceLoader.load(braid.logs.DistributedAnalysis.class).findFirst()).isPresent();
    }
}
