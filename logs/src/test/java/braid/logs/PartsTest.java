package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log analysed in parts (byte ranges of its files, as a cluster splits them; each part serialized and back, as it
 * travels from an executor) merges into exactly the summary of {@code analyze}; a part dropped or counted twice does
 * not.
 */
class PartsTest {
    @TempDir Path dir;

    /** Splits every plain file into ranges of {@code split} bytes (a .gz file is one part), like the Spark job. */
    static List<AccessLogAnalyzer.Part> parts(AccessLogAnalyzer a, LogFormat format, List<Path> files, long split) throws Exception {
        AccessLogAnalyzer.Parts factory = roundTrip(a.parts(format));
        List<AccessLogAnalyzer.Part> out = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            long size = Files.size(file);
            if (file.toString().endsWith(".gz")) {
                AccessLogAnalyzer.Part p = factory.newPart();
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    p.read(in, 0, Long.MAX_VALUE, f, 0);
                }
                p.addBytesRead(size);
                out.add(roundTrip(p));
                continue;
            }
            int index = 0;
            for (long start = 0; start < size || start == 0; start += split) {
                AccessLogAnalyzer.Part p = factory.newPart();
                try (InputStream in = Files.newInputStream(file)) {
                    in.skipNBytes(Math.max(0, start - 1));
                    p.addBytesRead(p.read(in, start, Math.min(size, start + split), f, index++));
                }
                out.add(roundTrip(p));
                if (size == 0) break;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void theRealApacheLogInPartsOfEverySizeEqualsTheWholeAnalysis() throws Exception {
        Path log = Fixtures.path("fixtures/apache_logs");
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().zone(ZoneId.of("UTC")).allDays().build();
        AccessSummary whole = a.analyze(log);
        LogFormat format = AccessLogAnalyzer.detect(Files.readAllBytes(log));
        for (long split : new long[]{10_007, 64 << 10, 1 << 20, 100 << 20}) {
            List<AccessLogAnalyzer.Part> parts = parts(a, format, List.of(log), split);
            assertThat(a.merge(parts, List.of(log))).as("split %d bytes, %d parts", split, parts.size()).isEqualTo(whole);
        }
    }

    @Test
    void theCorpusWithMalformedLinesKeepsItsSamplesAndLineNumbers() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String f : List.of("nginx-combined-crowdsec-malformed.log", "nginx-combined-filebeat-access.log",
                "nginx-combined-xff-lnav-shop.log", "nginx-combined-crowdsec-http-versions.log")) {
            files.add(Fixtures.path("fixtures/logs-corpus/access/" + f));
        }
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().format(LogFormat.COMBINED).zone(ZoneId.of("Europe/Berlin")).allDays().build();
        AccessSummary whole = a.analyze(files);
        assertThat(whole.malformedLines()).isPositive();
        for (long split : new long[]{997, 4096}) {
            assertThat(a.merge(parts(a, LogFormat.COMBINED, files, split), files)).isEqualTo(whole);
        }
    }

    @Test
    void aDayOverSeveralFilesOneGzippedSeveralHostsAHalfHourZoneAndADroppedOrDoubledPartIsSeen() throws Exception {
        ZoneId zone = ZoneId.of("Asia/Kolkata");
        LocalDate day = LocalDate.of(2026, 11, 23);
        List<Path> files = GeneratedDay.write(dir, day, zone, 3, 20_000);
        AccessLogAnalyzer a = AccessLogAnalyzer.builder().format(LogFormat.VHOST_COMBINED).zone(zone).day(day).build();
        AccessSummary whole = a.analyze(files);
        assertThat(whole.byVirtualHost()).hasSizeGreaterThan(2);
        assertThat(whole.otherDayLines()).isPositive();
        List<AccessLogAnalyzer.Part> parts = parts(a, LogFormat.VHOST_COMBINED, files, 50_000);
        assertThat(parts).hasSizeGreaterThan(10);
        assertThat(a.merge(parts, files)).isEqualTo(whole);
        // the comparison sees a part lost or counted twice
        List<AccessLogAnalyzer.Part> dropped = new ArrayList<>(parts);
        dropped.remove(parts.size() / 2);
        assertThat(a.merge(dropped, files)).isNotEqualTo(whole);
        List<AccessLogAnalyzer.Part> doubled = new ArrayList<>(parts);
        doubled.add(parts(a, LogFormat.VHOST_COMBINED, files, 50_000).get(parts.size() / 2));
        assertThat(a.merge(doubled, files).overall().requests()).isGreaterThan(whole.overall().requests());
    }
}
