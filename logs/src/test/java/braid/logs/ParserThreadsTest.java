package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.LogGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log of several 4 MiB chunks gives every figure the same on one, two or three parser threads: the merge of the
 * threads' tables — unique visitors above all, whose union of two threads is counted by lookups alone — loses and
 * double-counts nothing, per site and overall, for one day and for every day.
 */
class ParserThreadsTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    @Test
    void everyFigureIsTheSameOnOneTwoOrThreeParserThreads(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        // visitors come back all day long, so the chunks each thread reads share most of them; some lines fall on the
        // days around the report day, and three virtual hosts are merged apart
        LogGenerator.builder().day(DAY).seed(19).format(LogGenerator.Format.VHOST_COMBINED).distinctIps(30_000)
                .distinctAgents(400).neighbourDayShare(0.2).build().writeAccessLog(log, 18L << 20);
        assertThat(Files.size(log)).isGreaterThan(4L * (4 << 20));
        for (boolean allDays : List.of(false, true)) {
            AccessSummary one = analyze(log, 1, allDays);
            assertThat(one.overall().uniqueVisitors()).isGreaterThan(10_000);
            assertThat(one.overall().uniqueVisitors()).isLessThan(one.overall().requests() / 2);
            assertThat(one.byVirtualHost()).hasSize(3);
            for (int threads : List.of(2, 3)) {
                AccessSummary more = analyze(log, threads, allDays);
                assertThat(more.overall()).as(threads + " threads, all days " + allDays).isEqualTo(one.overall());
                assertThat(more.byVirtualHost()).as(threads + " threads, all days " + allDays).isEqualTo(one.byVirtualHost());
                assertThat(more.lines()).isEqualTo(one.lines());
                assertThat(more.otherDayLines()).isEqualTo(one.otherDayLines());
            }
        }
    }

    @Test
    void aLongFirstLineIsReadAsAnyOtherLineIs(@TempDir Path dir) throws Exception {
        // the first chunk of a scan is small (256 KiB); a first line longer than that is still one line, as it is
        // anywhere else in a file (only a line beyond a whole 4 MiB chunk is cut)
        Path lines = dir.resolve("lines.log");
        LogGenerator.builder().day(DAY).seed(5).build().writeAccessLines(lines, 200);
        String normal = Files.readString(lines);
        String longLine = "10.1.2.3 - - [22/Nov/2026:10:00:00 +0000] \"GET /" + "x".repeat(300 << 10)
                + " HTTP/1.1\" 200 512 \"-\" \"curl/8.5.0\"\n";
        Path first = Files.writeString(dir.resolve("first.log"), longLine + normal);
        Path last = Files.writeString(dir.resolve("last.log"), normal + longLine);
        AccessSummary a = analyze(first, 2, true);
        AccessSummary b = analyze(last, 2, true);
        assertThat(a.lines()).isEqualTo(201).isEqualTo(b.lines());
        assertThat(a.malformedLines()).isEqualTo(b.malformedLines());
        assertThat(a.overall().requests()).isEqualTo(b.overall().requests()).isGreaterThanOrEqualTo(200);
        assertThat(a.overall()).isEqualTo(b.overall());
        assertThat(a.malformedSamples()).extracting(MalformedLine::reason)
                .isEqualTo(b.malformedSamples().stream().map(MalformedLine::reason).toList());
    }

    private static AccessSummary analyze(Path log, int threads, boolean allDays) throws Exception {
        AccessLogAnalyzer.Builder b = AccessLogAnalyzer.builder().threads(threads).zone(ZoneOffset.UTC);
        if (allDays) b.allDays();
        else b.day(DAY);
        return b.build().analyze(log);
    }
}
