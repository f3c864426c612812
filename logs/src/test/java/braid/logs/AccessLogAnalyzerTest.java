package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.attribute.FileTime;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sandbox.LogGenerator;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogAnalyzerTest {
    private static final String LINE = "1.2.3.4 - - [22/Nov/2026:%s +0000] \"GET %s HTTP/1.1\" %d 100 \"%s\" \"Mozilla/5.0\"\n";

    @TempDir
    Path dir;

    private static AccessLogAnalyzer.Builder utc() {
        return AccessLogAnalyzer.builder().zone(ZoneOffset.UTC);
    }

    private static String line(String time, String path, int status) {
        return String.format(LINE, time, path, status, "https://www.Google.com/search?q=x");
    }

    @Test
    void realApacheLogGivesGoAccessFiguresAndFlagsTheTruncatedLine() throws Exception {
        AccessSummary s = utc().allDays().build().analyze(Fixtures.path("fixtures/apache_logs"));
        assertThat(s.format()).isEqualTo("combined");
        assertThat(s.overall().requests()).isEqualTo(10_000);
        assertThat(s.overall().uniqueVisitors()).isEqualTo(2_095);
        assertThat(s.truncatedLines()).isEqualTo(1);
        assertThat(s.malformedLines()).isZero();
        assertThat(s.overall().statusCodes()).containsEntry(200, 9_126L).containsEntry(404, 213L)
                .containsEntry(500, 3L);
        assertThat(s.overall().statusClasses()).containsKeys("2xx", "3xx", "4xx", "5xx");
        assertThat(s.overall().topPaths().getFirst()).isEqualTo(new Count("/favicon.ico", 807));
        assertThat(s.overall().topReferringSites().getFirst().key()).isEqualTo("www.semicomplete.com");
        assertThat(s.overall().botShare()).isBetween(0.01, 0.5);
        assertThat(s.overall().requestsPerHour().stream().mapToLong(Long::longValue).sum()).isEqualTo(10_000);
        assertThat(s.byVirtualHost()).isEmpty();
    }

    @Test
    void requestsPerHourFollowHalfHourZonesAndTheirTransitions() throws Exception {
        // India is UTC+05:30 (not a fixed-offset zone in the rules: it has history); Adelaide changes to
        // summer time (+10:30) on 4 Oct 2026 at 02:00 local = 3 Oct 16:30 UTC.
        Path log = dir.resolve("kolkata.log");
        Files.writeString(log, line("10:10:00", "/a", 200) + line("10:40:00", "/b", 200) + line("10:50:00", "/c", 200)
                + line("11:20:00", "/d", 200));
        AccessSummary s = AccessLogAnalyzer.builder().zone(ZoneId.of("Asia/Kolkata")).allDays().build().analyze(log);
        // 15:40, 16:10, 16:20 and 16:50 local.
        assertThat(s.overall().requestsPerHour().get(15)).isEqualTo(1);
        assertThat(s.overall().requestsPerHour().get(16)).isEqualTo(3);
        Path adelaide = dir.resolve("adelaide.log");
        String l = "1.2.3.4 - - [03/Oct/2026:%s +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\"\n";
        Files.writeString(adelaide, String.format(l, "16:20:00") + String.format(l, "16:40:00"));
        AccessSummary a = AccessLogAnalyzer.builder().zone(ZoneId.of("Australia/Adelaide")).allDays().build()
                .analyze(adelaide);
        // 01:50 local (+09:30), then 03:10 local (+10:30).
        assertThat(a.overall().requestsPerHour().get(1)).isEqualTo(1);
        assertThat(a.overall().requestsPerHour().get(3)).isEqualTo(1);
    }

    @Test
    void topListsAreOrderedByCountThenPathAndCutAtTopN() throws Exception {
        StringBuilder b = new StringBuilder();
        String[][] hits = {{"/b", "3"}, {"/a", "3"}, {"/c", "2"}, {"/d", "5"}, {"/e", "1"}};
        for (String[] h : hits) {
            for (int i = 0; i < Integer.parseInt(h[1]); i++) {
                b.append(line("10:00:0" + i, h[0], h[0].equals("/c") ? 404 : 200));
            }
        }
        Path log = dir.resolve("top.log");
        Files.writeString(log, b);
        SiteFigures f = utc().allDays().topN(3).build().analyze(log).overall();
        assertThat(f.topPaths()).containsExactly(new Count("/d", 5), new Count("/a", 3), new Count("/b", 3));
        assertThat(f.top404Paths()).containsExactly(new Count("/c", 2));
        assertThat(f.top5xxPaths()).isEmpty();
    }

    @Test
    void countsOnlyLinesOfTheDayInTheReportZone() throws Exception {
        Path log = Fixtures.path("fixtures/apache_logs");
        AccessSummary utc = utc().day(LocalDate.of(2015, 5, 18)).build().analyze(log);
        assertThat(utc.overall().requests()).isEqualTo(2_893);
        assertThat(utc.otherDayLines()).isEqualTo(10_000 - 2_893);
        // Two hours east, the day starts at 22:00 UTC the evening before.
        AccessSummary east = AccessLogAnalyzer.builder().zone(ZoneId.of("+02:00")).day(LocalDate.of(2015, 5, 18))
                .build().analyze(log);
        assertThat(east.overall().requests()).isNotEqualTo(2_893).isGreaterThan(2_000);
        assertThat(east.overall().requests() + east.otherDayLines()).isEqualTo(10_000);
    }

    @Test
    void readsARotatedSetWithGzipAndDateextMembersKeepingOnlyTheDay() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 22);
        LogGenerator gen = LogGenerator.builder().day(day).neighbourDayShare(0.2).seed(9).build();
        gen.writeAccessLines(dir.resolve("access.log"), 1_000);
        LogGenerator.builder().day(day.minusDays(1)).neighbourDayShare(0.2).seed(10).build()
                .writeAccessLines(dir.resolve("access.log.1"), 1_000);
        LogGenerator.builder().day(day.minusDays(2)).seed(11).build()
                .writeAccessLines(dir.resolve("access.log.2.gz"), 1_000);
        LogGenerator.builder().day(day.minusDays(3)).seed(12).build()
                .writeAccessLines(dir.resolve("access.log-20261119.gz"), 1_000);
        Files.writeString(dir.resolve("access.log.bak"), "not part of the set");
        List<Path> set = RotatedLogs.expand(dir.resolve("access.log"));
        assertThat(set).extracting(p -> p.getFileName().toString())
                .containsExactly("access.log", "access.log-20261119.gz", "access.log.1", "access.log.2.gz");
        AccessSummary s = utc().day(day).build().analyze(set);
        AccessSummary only = utc().day(day).build().analyze(dir.resolve("access.log"));
        AccessSummary prev = utc().day(day).build().analyze(dir.resolve("access.log.1"));
        assertThat(prev.overall().requests()).isGreaterThan(0); // next-day lines of the older file
        assertThat(s.overall().requests()).isEqualTo(only.overall().requests() + prev.overall().requests());
        assertThat(s.lines()).isEqualTo(4_000);
    }

    @Test
    void aMisspeltLogPathSaysWhatItsDirectoryHolds() throws Exception {
        LogGenerator.builder().seed(1).build().writeAccessLines(dir.resolve("access.log"), 10);
        LogGenerator.builder().seed(2).build().writeAccessLines(dir.resolve("access.log.1"), 10);
        LogGenerator.builder().seed(3).build().writeAccessLines(dir.resolve("access.log-20261119.gz"), 10);
        Files.writeString(dir.resolve("error.log"), "");
        assertThatThrownBy(() -> RotatedLogs.expand(dir.resolve("acces.log"))).isInstanceOf(LogReadException.class)
                .hasMessage(dir.resolve("acces.log") + ": no such file and no rotations of it; its directory holds access.log, error.log");
        assertThatThrownBy(() -> RotatedLogs.expand(dir.resolve("nginx").resolve("access.log")))
                .hasMessage(dir.resolve("nginx").resolve("access.log") + ": no such file and no rotations of it; no such directory: "
                        + dir.resolve("nginx"));
    }

    @Test
    void aFileNamedTwiceIsReadOnceWithAWarningWhetherByARotationBesideItsBaseALinkOrTheSamePath() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 22);
        LogGenerator.builder().day(day).neighbourDayShare(0.2).seed(9).build().writeAccessLines(dir.resolve("access.log"), 1_000);
        LogGenerator.builder().day(day.minusDays(1)).neighbourDayShare(0.2).seed(10).build()
                .writeAccessLines(dir.resolve("access.log.1"), 1_000);
        Path link = Files.createSymbolicLink(dir.resolve("current.log"), dir.resolve("access.log"));
        AccessSummary once = utc().day(day).build().analyze(RotatedLogs.expand(dir.resolve("access.log")));
        assertThat(once.warnings()).isEmpty();
        // logs.access: [access.log, access.log.1] — access.log.1 is found beside access.log as well
        List<Path> both = new java.util.ArrayList<>(RotatedLogs.expand(dir.resolve("access.log")));
        both.addAll(RotatedLogs.expand(dir.resolve("access.log.1")));
        both.add(link);
        both.add(dir.resolve("access.log"));
        AccessSummary s = utc().day(day).build().analyze(both);
        assertThat(s.overall().requests()).isEqualTo(once.overall().requests());
        assertThat(s.lines()).isEqualTo(2_000);
        assertThat(s.files()).containsExactly(dir.resolve("access.log"), dir.resolve("access.log.1"));
        String twice = " is named twice (listed twice, or listed and also found as a rotation beside another file listed): read once";
        assertThat(s.warnings()).containsExactly(dir.resolve("access.log.1") + twice,
                link + " is the same file as " + dir.resolve("access.log") + " (a link, or another name of it): read once",
                dir.resolve("access.log") + twice);
    }

    @Test
    void aSetRotatedWhileItIsReadIsRefusedAndReadAgainGivesTheRightFigures() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 22);
        Path log = dir.resolve("access.log");
        LogGenerator.builder().day(day).neighbourDayShare(0.2).seed(9).build().writeAccessLines(log, 60_000);
        LogGenerator.builder().day(day.minusDays(1)).neighbourDayShare(0.2).seed(10).build()
                .writeAccessLines(dir.resolve("access.log.1"), 60_000);
        AccessSummary right = utc().day(day).build().analyze(RotatedLogs.expand(log));
        List<Path> listed = RotatedLogs.expand(log); // access.log, access.log.1
        java.util.concurrent.atomic.AtomicBoolean rotated = new java.util.concurrent.atomic.AtomicBoolean();
        // logrotate runs while access.log is read: .1 → .2, access.log → .1, a new empty access.log
        AccessLogAnalyzer reading = utc().day(day).progress(bytes -> {
            if (rotated.compareAndSet(false, true)) {
                try {
                    Files.move(dir.resolve("access.log.1"), dir.resolve("access.log.2"));
                    Files.move(log, dir.resolve("access.log.1"));
                    Files.writeString(log, "");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }).build();
        assertThatThrownBy(() -> reading.analyze(listed)).isInstanceOf(LogsRotatedException.class)
                .hasMessageContaining(log + ": became another file while the logs were read");
        assertThat(rotated).isTrue();
        AccessSummary again = utc().day(day).build().analyze(RotatedLogs.expand(log));
        assertThat(again.overall().requests()).isEqualTo(right.overall().requests());
        assertThat(again.lines()).isEqualTo(right.lines());
    }

    @Test
    void truncatedGzipKeepsEarlierLinesAndWarnsNamingTheFile() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 20_000; i++) {
                gz.write(line(String.format("10:%02d:%02d", i / 60 % 60, i % 60), "/p" + i, 200)
                        .getBytes(StandardCharsets.US_ASCII));
            }
        }
        byte[] all = bytes.toByteArray();
        Path cut = dir.resolve("access.log.2.gz");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        AccessSummary s = utc().allDays().build().analyze(cut);
        assertThat(s.overall().requests()).isBetween(1_000L, 19_999L);
        assertThat(s.warnings()).singleElement().asString().contains(cut.toString()).contains("truncated");
    }

    @Test
    void missingFileFailsWithItsPath() {
        Path missing = dir.resolve("missing.log");
        assertThatThrownBy(() -> utc().allDays().build().analyze(missing)).isInstanceOf(LogReadException.class)
                .hasMessageContaining(missing.toString()).satisfies(e ->
                        assertThat(((LogReadException) e).path()).isEqualTo(missing));
    }

    @Test
    void malformedLinesAreCountedWithSamplesAndNeverFatal() throws Exception {
        Path log = dir.resolve("bad.log");
        try (OutputStream o = Files.newOutputStream(log)) {
            o.write(line("10:00:00", "/ok", 200).getBytes(StandardCharsets.US_ASCII));
            o.write(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, '\n'});                          // line 2
            byte[] huge = new byte[1 << 20];
            Arrays.fill(huge, (byte) 'A');
            o.write(huge);                                                                          // line 3
            o.write('\n');
            o.write("1.2.3.4 - - [31/Foo/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"a\"\n"
                    .getBytes(StandardCharsets.US_ASCII));                                          // line 4
            o.write("1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] GET / HTTP/1.1 200 1\n"
                    .getBytes(StandardCharsets.US_ASCII));                                          // line 5
            o.write(line("11:00:00", "/ok2", 404).getBytes(StandardCharsets.US_ASCII));             // line 6
        }
        AccessSummary s = utc().allDays().format(LogFormat.COMBINED).build().analyze(log);
        assertThat(s.overall().requests()).isEqualTo(2);
        assertThat(s.malformedLines()).isEqualTo(4);
        assertThat(s.malformedSamples()).extracting(MalformedLine::lineNumber).containsExactly(2L, 3L, 4L, 5L);
        assertThat(s.malformedSamples().get(0).excerpt()).startsWith("\\x00\\x01");
        assertThat(s.malformedSamples().get(1).reason()).contains("64 KiB");
        assertThat(s.malformedSamples().get(2).reason()).isEqualTo("unparsable date");
        assertThat(s.malformedSamples()).allSatisfy(m -> assertThat(m.file()).isEqualTo(log));
    }

    @Test
    void lineLongerThanTheReadBufferIsOneMalformedLine() throws Exception {
        Path log = dir.resolve("huge.log");
        try (OutputStream o = Files.newOutputStream(log)) {
            o.write(line("10:00:00", "/a", 200).getBytes(StandardCharsets.US_ASCII));
            byte[] huge = new byte[9 << 20];
            Arrays.fill(huge, (byte) 'x');
            o.write(huge);
            o.write('\n');
            o.write(line("10:00:01", "/b", 200).getBytes(StandardCharsets.US_ASCII));
        }
        AccessSummary s = utc().allDays().build().analyze(log);
        assertThat(s.overall().requests()).isEqualTo(2);
        assertThat(s.malformedLines()).isEqualTo(1);
        assertThat(s.lines()).isEqualTo(3);
        assertThat(s.malformedSamples().getFirst().lineNumber()).isEqualTo(2);
    }

    @Test
    void mixedFormatsInOneFileCountWhatFitsTheFormat() throws Exception {
        Path log = dir.resolve("mixed.log");
        Files.writeString(log, line("10:00:00", "/combined", 200)
                + "1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] \"GET /common HTTP/1.1\" 200 5\n"
                + "www.example.com:443 1.2.3.4 - - [22/Nov/2026:10:00:00 +0000] \"GET /v HTTP/1.1\" 200 5 \"-\" \"a\"\n"
                + "2026/11/22 10:00:00 [error] 1#0: *1 an error-log line\n");
        AccessSummary s = utc().allDays().format(LogFormat.COMBINED).build().analyze(log);
        assertThat(s.overall().requests()).isEqualTo(1);
        assertThat(s.malformedLines()).isEqualTo(3);
        assertThat(s.malformedSamples()).extracting(MalformedLine::lineNumber).containsExactly(2L, 3L, 4L);
        // Detection picks the format most lines fit (common also reads the combined line).
        AccessSummary auto = utc().allDays().build().analyze(log);
        assertThat(auto.format()).isEqualTo("common");
        assertThat(auto.overall().requests()).isEqualTo(2);
    }

    @Test
    void detectsCommonAndVhostCombinedAndSplitsPerHost() throws Exception {
        AccessSummary common = utc().allDays().build()
                .analyze(Fixtures.path("fixtures/logs-corpus/access/apache-common-crowdsec-nikto.log"));
        assertThat(common.format()).isEqualTo("common");
        assertThat(common.overall().requests()).isEqualTo(77);

        Path vhost = dir.resolve("other_vhosts_access.log");
        LogGenerator.builder().format(LogGenerator.Format.VHOST_COMBINED)
                .vhosts(List.of("WWW.Example.com", "shop.example.com")).build().writeAccessLines(vhost, 3_000);
        AccessSummary s = utc().allDays().build().analyze(vhost);
        assertThat(s.format()).isEqualTo("vhost_combined");
        assertThat(s.byVirtualHost()).containsOnlyKeys("www.example.com", "shop.example.com");
        assertThat(s.byVirtualHost().values().stream().mapToLong(SiteFigures::requests).sum()).isEqualTo(3_000);
        assertThat(s.overall().requests()).isEqualTo(3_000);
    }

    @Test
    void autoDetectsTheFormatFromTheFirstFileWithLinesNotFromABaseLogrotateJustEmptied() throws Exception {
        // just after midnight's rotation: access.log is new and empty, yesterday's lines are in access.log.1
        Files.writeString(dir.resolve("access.log"), "");
        LogGenerator.builder().format(LogGenerator.Format.VHOST_COMBINED).build().writeAccessLines(dir.resolve("access.log.1"), 2_000);
        AccessSummary s = utc().allDays().build().analyze(RotatedLogs.expand(dir.resolve("access.log")));
        assertThat(s.format()).isEqualTo("vhost_combined");
        assertThat(s.overall().requests()).isEqualTo(2_000);
        assertThat(s.malformedLines()).isZero();
    }

    @Test
    void customGoAccessSpecifierIsHonoured() throws Exception {
        Path log = dir.resolve("custom.log");
        Files.writeString(log, "[22/Nov/2026:10:00:00 +0100] 1.2.3.4 \"GET /x?y=1 HTTP/1.1\" 503 77\n");
        AccessSummary s = AccessLogAnalyzer.builder().zone(ZoneId.of("Europe/Berlin")).day(LocalDate.of(2026, 11, 22))
                .format(LogFormat.of("[%d:%t %^] %h \"%r\" %s %b")).build().analyze(log);
        assertThat(s.overall().requests()).isEqualTo(1);
        assertThat(s.overall().top5xxPaths()).containsExactly(new Count("/x", 1));
        assertThat(s.overall().bytesSent()).isEqualTo(77);
        assertThat(s.overall().requestsPerHour().get(10)).isEqualTo(1);
    }

    @Test
    void rejectsBadOptionsNamingTheValue() {
        assertThatThrownBy(() -> LogFormat.of("fancy")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fancy");
        assertThatThrownBy(() -> LogFormat.of("%h %Z")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("%Z");
        assertThatThrownBy(() -> AccessLogAnalyzer.builder().topN(0)).hasMessageContaining("0");
    }

    @Test
    void everyAccessCorpusFileYieldsRequests() throws Exception {
        Path corpus = Fixtures.path("fixtures/logs-corpus/access");
        try (var files = Files.list(corpus)) {
            for (Path f : files.sorted().toList()) {
                AccessSummary s = utc().allDays().build().analyze(f);
                if (f.getFileName().toString().equals("apache-vhost-combined-filebeat.log")) {
                    assertThat(s.byVirtualHost()).as(f.toString()).containsKey("vhost1.domaine.fr");
                }
                assertThat(s.overall().requests()).as(f + " " + s.malformedSamples()).isGreaterThan(0);
            }
        }
    }
}
