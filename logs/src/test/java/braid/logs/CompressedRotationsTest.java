package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sandbox.LogGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Rotations that logrotate compressed with something else than gzip ({@code compresscmd xz}, bzip2, zstd, lz4). They
 * used to be no member of the set at all (the day's first hours missing, the run saying only that the set did not
 * cover the day), then were refused in words. Now they are read through the program that wrote them, with the same
 * figures as the plain file; a truncated one counts its lines before the damage and says so; without the program the
 * run is refused naming the package to install; on Spark they are refused in words.
 */
class CompressedRotationsTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);
    @TempDir
    Path dir;

    /** access.log (the day after), access.log.1 (the day's end), access.log.2 (its first hours, rotated at 06:25). */
    private Path set(Path d) throws IOException {
        Files.createDirectories(d);
        Path log = d.resolve("access.log");
        LogGenerator.builder().day(DAY.plusDays(1)).seed(1).build().writeAccessLines(log, 300);
        LogGenerator.builder().day(DAY).seed(2).build().writeAccessLines(d.resolve("access.log.1"), 300);
        LogGenerator.builder().day(DAY).neighbourDayShare(0.3).seed(3).build().writeAccessLines(d.resolve("access.log.2"), 3_000);
        Files.setLastModifiedTime(d.resolve("access.log.1"), FileTime.from(DAY.plusDays(1).atTime(6, 25).toInstant(ZoneOffset.UTC)));
        Files.setLastModifiedTime(d.resolve("access.log.2"), FileTime.from(DAY.atTime(6, 25).toInstant(ZoneOffset.UTC)));
        return log;
    }

    /** {@code file} compressed by {@code program} into FILE.SUFFIX (the original removed), its time kept. */
    private static Path compress(Path file, String program, String suffix) throws Exception {
        FileTime time = Files.getLastModifiedTime(file);
        Path out = file.resolveSibling(file.getFileName() + suffix);
        Process p = new ProcessBuilder(program, "-c", file.toString()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor()).as(program).isZero();
        Files.delete(file);
        Files.setLastModifiedTime(out, time);
        return out;
    }

    private static AccessSummary day(Path log) throws Exception {
        return AccessLogAnalyzer.builder().zone(UTC).day(DAY).build().analyze(RotatedLogs.expand(log, DAY, UTC));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"xz, .xz", "bzip2, .bz2", "zstd, .zst", "lz4, .lz4"})
    void aRotationCompressedByLogrotatesCompresscmdIsReadThroughItsProgramWithTheSameFigures(String program, String suffix)
            throws Exception {
        AccessSummary plain = day(set(dir.resolve("plain")));
        Path log = set(dir.resolve(program));
        Path compressed = compress(log.resolveSibling("access.log.2"), program, suffix);
        assertThat(RotatedLogs.expand(log, DAY, UTC)).contains(compressed);
        AccessSummary s = day(log);
        assertThat(s.warnings()).isEmpty();
        assertThat(s.malformedLines()).isZero();
        assertThat(s.overall()).isEqualTo(plain.overall());
        assertThat(s.byVirtualHost()).isEqualTo(plain.byVirtualHost());
        assertThat(s.coverage()).isEqualTo(plain.coverage());
        // the progress and the summary count the file's compressed bytes, as for .gz
        assertThat(s.bytesRead()).isEqualTo(Files.size(log) + Files.size(log.resolveSibling("access.log.1")) + Files.size(compressed));
    }

    @Test
    void aTruncatedXzRotationCountsItsLinesBeforeTheDamageAndSaysSo() throws Exception {
        Path log = set(dir);
        Path xz = compress(log.resolveSibling("access.log.2"), "xz", ".xz");
        byte[] all = Files.readAllBytes(xz);
        FileTime time = Files.getLastModifiedTime(xz);
        Files.write(xz, java.util.Arrays.copyOf(all, all.length / 2));
        Files.setLastModifiedTime(xz, time);
        AccessSummary s = day(log);
        assertThat(s.warnings()).singleElement().asString().startsWith(xz + ": compressed data is truncated or corrupt (")
                .contains("(xz: Unexpected end of input, after ").endsWith("; the lines before it were counted");
        assertThat(s.overall().requests()).isPositive();
    }

    @Test
    void withoutItsProgramTheDayIsRefusedNamingThePackageAndAnOlderRotationIsLeftOut() throws Exception {
        Path xz = Files.write(dir.resolve("access.log.2.xz"), new byte[]{(byte) 0xFD, '7', 'z', 'X', 'Z', 0});
        assertThatThrownBy(() -> braid.logs.internal.DecompressAccess.requireProgram(xz, dir.resolve("empty-bin").toString()))
                .isInstanceOf(LogReadException.class)
                .hasMessage(xz + ": compressed with xz, and braid reads it through the program xz, which is not on this machine"
                        + " (PATH): install it (Debian: apt-get install xz-utils), or have logrotate compress with gzip (its"
                        + " default: remove compresscmd)");
        Path zst = Files.write(dir.resolve("access.log.3.zst"), new byte[]{1});
        assertThatThrownBy(() -> braid.logs.internal.DecompressAccess.requireProgram(zst, "")).hasMessageContaining(
                "apt-get install zstd");
    }

    @Test
    void anXzErrorLogRotationIsReadToo() throws Exception {
        Path err = dir.resolve("error.log.1");
        LogGenerator.builder().day(DAY).seed(4).build().writeErrorLog(err, 500, true);
        ErrorSummary plain = ErrorLogAnalyzer.builder().zone(UTC).day(DAY).build().analyze(List.of(err));
        Path xz = compress(err, "xz", ".xz");
        ErrorSummary read = ErrorLogAnalyzer.builder().zone(UTC).day(DAY).build().analyze(List.of(xz));
        assertThat(read.levels()).isEqualTo(plain.levels()).isNotEmpty();
    }

    @Test
    void onSparkOnlyPlainAndGzipAreRead() throws Exception {
        Path xz = dir.resolve("access.log.2.xz");
        assertThatThrownBy(() -> RotatedLogs.requirePlainOrGzip(xz)).isInstanceOf(LogReadException.class)
                .hasMessage(xz + ": compressed with xz; braid on Spark reads plain and .gz files only: have logrotate compress"
                        + " with gzip (its default: remove compresscmd), decompress the file, or analyse it with logs.engine: local");
        RotatedLogs.requirePlainOrGzip(dir.resolve("access.log.2.gz"));
        RotatedLogs.requirePlainOrGzip(dir.resolve("access.log.1"));
    }
}
