package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.LogGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorLogAnalyzerTest {
    @TempDir
    Path dir;

    private static ErrorLogAnalyzer all() {
        return ErrorLogAnalyzer.builder().zone(ZoneOffset.UTC).allDays().build();
    }

    @Test
    void countsNginxAndApacheLevelsAndFoldsMessages() throws Exception {
        Path f = dir.resolve("error.log");
        Files.writeString(f, """
                2026/11/22 13:45:01 [error] 1234#0: *5 open() "/var/www/a-12.png" failed (2: No such file or directory), client: 10.0.0.1, server: www, request: "GET /a-12.png HTTP/1.1"
                2026/11/22 13:46:01 [error] 1234#0: *6 open() "/var/www/a-13.png" failed (2: No such file or directory), client: 10.0.0.2, server: www, request: "GET /a-13.png HTTP/1.1"
                2026/11/22 13:47:01 [warn] 1234#0: *7 an upstream response is buffered to a temporary file
                [Sun Nov 22 13:45:01.123456 2026] [core:error] [pid 1234] [client 1.2.3.4:5678] AH00126: Invalid URI in request GET /%1 HTTP/1.1
                [Sun Nov 22 14:45:01.123456 2026] [core:crit] [pid 99:tid 77] [client 1.2.3.5:5679] AH00126: Invalid URI in request GET /%2 HTTP/1.1
                [Sun Nov 22 15:00:00 2026] [emerg] Apache 2.2 style line
                2026/11/21 23:59:59 [alert] 1#0: yesterday
                not a log line
                """);
        ErrorSummary s = ErrorLogAnalyzer.builder().zone(ZoneOffset.UTC).day(LocalDate.of(2026, 11, 22)).build()
                .analyze(f);
        assertThat(s.levels()).containsExactly(java.util.Map.entry("emerg", 1L), java.util.Map.entry("crit", 1L),
                java.util.Map.entry("error", 3L), java.util.Map.entry("warn", 1L));
        assertThat(s.entries()).isEqualTo(6);
        assertThat(s.warnOrWorse()).isEqualTo(6);
        assertThat(s.otherDayLines()).isEqualTo(1);
        assertThat(s.continuationLines()).isEqualTo(1);
        assertThat(s.samples()).singleElement().satisfies(m -> assertThat(m.lineNumber()).isEqualTo(8));
        ErrorMessage top = s.topMessages().getFirst();
        assertThat(top.count()).isEqualTo(2);
        assertThat(top.message()).contains("/var/www/a-<n>.png").contains("client: <ip>").doesNotContain("10.0.0");
        assertThat(top.firstSeen()).isEqualTo(Instant.parse("2026-11-22T13:45:01Z"));
        assertThat(top.lastSeen()).isEqualTo(Instant.parse("2026-11-22T13:46:01Z"));
    }

    @Test
    void everyErrorCorpusFileYieldsEntries() throws Exception {
        try (var files = Files.list(Fixtures.path("fixtures/logs-corpus/error"))) {
            for (Path f : files.sorted().toList()) {
                ErrorSummary s = all().analyze(f);
                assertThat(s.entries()).as(f + " " + s.samples()).isGreaterThan(0);
                assertThat(s.levels().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(s.entries());
            }
        }
    }

    @Test
    void generatedErrorLogsOfBothServersParseCompletely() throws Exception {
        for (boolean nginx : new boolean[] {true, false}) {
            Path f = dir.resolve(nginx ? "nginx.log" : "apache.log");
            LogGenerator.builder().build().writeErrorLog(f, 500, nginx);
            ErrorSummary s = all().analyze(f);
            assertThat(s.entries()).isEqualTo(500);
            assertThat(s.continuationLines()).isZero();
            assertThat(s.topMessages().size()).isLessThanOrEqualTo(10);
            assertThat(s.topMessages().getFirst().count()).isGreaterThan(20);
        }
    }
}
