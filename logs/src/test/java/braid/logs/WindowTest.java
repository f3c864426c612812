package braid.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code window(from, to)}: only the lines of the last hour, as a health check reads them. */
class WindowTest {
    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata"); // +05:30: a half-hour zone
    private static final DateTimeFormatter ACCESS = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter ERROR = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);

    @Test
    void accessLogCountsOnlyTheWindow(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        List<String> lines = new ArrayList<>();
        // minute by minute over two hours: one line a minute, every tenth a 503
        for (int m = 119; m >= 0; m--) {
            ZonedDateTime t = now.minusSeconds(60L * m + 30).atZone(ZONE);
            int status = m % 10 == 0 ? 503 : 200;
            lines.add("10.0.0." + (m % 7) + " - - [" + ACCESS.format(t) + "] \"GET /p" + m + " HTTP/1.1\" " + status
                    + " 12 \"-\" \"curl/8\"");
        }
        Path log = Files.write(dir.resolve("access.log"), lines);
        AccessSummary s = AccessLogAnalyzer.builder().format(LogFormat.COMBINED).zone(ZONE)
                .window(now.minusSeconds(3600), now).build().analyze(log);
        assertThat(s.overall().requests()).isEqualTo(60);
        assertThat(s.otherDayLines()).isEqualTo(60);
        long fiveXx = s.overall().statusClasses().getOrDefault("5xx", 0L);
        assertThat(fiveXx).isEqualTo(6);
        assertThat(s.day()).isNull();
    }

    @Test
    void errorLogCountsOnlyTheWindowReadInTheZone(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int m = 119; m >= 0; m--) {
            String level = m % 20 == 0 ? "crit" : "error";
            lines.add(ERROR.format(now.minusSeconds(60L * m + 30).atZone(ZONE)) + " [" + level + "] 123#0: *" + m
                    + " upstream timed out, client: 10.0.0.1");
        }
        Path log = Files.write(dir.resolve("error.log"), lines);
        ErrorSummary s = ErrorLogAnalyzer.builder().zone(ZONE).window(now.minusSeconds(3600), now).build().analyze(log);
        assertThat(s.entries()).isEqualTo(60);
        assertThat(s.levels()).containsEntry("crit", 3L).containsEntry("error", 57L);
    }

    @Test
    void anEmptyWindowIsRefused() {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        assertThatThrownBy(() -> ErrorLogAnalyzer.builder().window(t, t)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccessLogAnalyzer.builder().window(t, t.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
