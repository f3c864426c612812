package braid.report;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.health.CheckResult;
import braid.health.HealthChecks;
import braid.health.HealthRunner;
import braid.health.Status;
import braid.report.internal.HealthWiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * errorLog and accessLog checks read by braid's own log analysers (as braid health and the daily report wire them):
 * only the window's lines count, timestamps read in the zone; a missing or unreadable file is UNKNOWN, naming it.
 */
class HealthLogChecksTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @TempDir Path dir;

    @Test
    void theWindowOfRealLogLinesDecides() throws Exception {
        Instant now = Instant.now();
        DateTimeFormatter access = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZONE);
        DateTimeFormatter error = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZONE);
        List<String> a = new ArrayList<>();
        List<String> e = new ArrayList<>();
        // 3 hours ago: a storm of 5xx and crit entries that the 1-hour window must not see
        for (int i = 0; i < 500; i++) {
            Instant t = now.minusSeconds(3 * 3600 + i);
            a.add("203.0.113." + (i % 50) + " - - [" + access.format(t) + "] \"GET /cart HTTP/1.1\" 502 0 \"-\" \"Mozilla/5.0\"");
            e.add(error.format(t) + " [crit] 812#812: *" + i + " connect() failed (111: Connection refused) while connecting to upstream");
        }
        // the last hour: 400 requests, 6 of them 5xx (1.5 %); 12 error and 3 warn entries
        for (int i = 0; i < 400; i++) {
            Instant t = now.minusSeconds(3000 - i * 5L);
            int status = i % 70 == 0 ? 500 : 200;
            a.add("198.51.100." + (i % 20) + " - - [" + access.format(t) + "] \"GET /p/" + i + " HTTP/1.1\" " + status
                    + " 512 \"-\" \"Mozilla/5.0\"");
            if (i % 25 == 0) e.add(error.format(t) + " [" + (i % 100 == 0 ? "warn" : "error") + "] 812#812: *" + i + " open() failed");
        }
        Files.write(dir.resolve("access.log"), a);
        Files.write(dir.resolve("error.log"), e);
        Files.createDirectories(dir.resolve("a-directory"));
        Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: 5xx, accessLog: access.log, window: 1h, max5xxRate: 1%, format: combined}
                    - {name: 5xx-lenient, accessLog: access.log, window: 1h, max5xxRate: 5%, warn5xxRate: 1%}
                    - {name: 5xx-4h, accessLog: access.log, window: 4h, max5xxRate: 50%}
                    - {name: errors, errorLog: error.log, window: 1h, max: {crit: 0, error: 50}}
                    - {name: errors-strict, errorLog: error.log, window: 1h, max: {error: 10}}
                    - {name: errors-4h, errorLog: error.log, window: 4h, max: {crit: 0}}
                    - {name: gone, errorLog: missing.log, max: {crit: 0}}
                    - {name: dir, accessLog: a-directory, max5xxRate: 1%}
                """);
        Map<String, CheckResult> r = new HealthRunner((javax.net.ssl.SSLContext) null, Clock.system(), HealthWiring.logsOnly(ZONE))
                .run(HealthChecks.read(cfg)).stream().collect(Collectors.toMap(CheckResult::name, x -> x));
        assertThat(r.get("5xx").status()).as(r.get("5xx").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("5xx").message()).isEqualTo("6 of 400 requests answered 5xx (1.5 %) in the last 1 h (more than 1 %)");
        assertThat(r.get("5xx-lenient").status()).isEqualTo(Status.WARNING);
        assertThat(r.get("5xx-4h").status()).as(r.get("5xx-4h").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("5xx-4h").message()).startsWith("506 of 900 requests answered 5xx");
        assertThat(r.get("errors").status()).as(r.get("errors").message()).isEqualTo(Status.OK);
        assertThat(r.get("errors").message()).isEqualTo("12 error, 4 warn in the last 1 h (within the limits)");
        assertThat(r.get("errors-strict").status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("errors-strict").message()).startsWith("12 error or worse (at most 10) in the last 1 h of ");
        assertThat(r.get("errors-4h").status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("errors-4h").message()).startsWith("500 crit or worse (at most 0) in the last 4 h");
        assertThat(r.get("gone").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("gone").message()).isEqualTo("cannot read " + dir.resolve("missing.log") + ": no such file");
        assertThat(r.get("dir").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("dir").message()).contains("is a directory, not a log file");
    }
}
