package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The external commands of {@link PassiveResults}: Nagios's fields kept apart, each line one atomic write. */
class PassiveResultsTest {
    @TempDir Path dir;

    @Test
    void aLinePerCheckWithItsStatusCodeWordsAndLimits() throws Exception {
        HealthChecks checks = HealthChecks.read(Files.writeString(dir.resolve("h.yaml"), """
                health:
                  checks:
                    - {name: fresh, file: access.log, maxAge: 10m}
                    - {name: "odd;name", tcp: "db:5432"}
                """));
        List<String> lines = PassiveResults.lines(List.of(
                new CheckResult("fresh", Status.OK, "access.log last changed 12 s ago", Map.of("age_seconds", 12.5)),
                new CheckResult("odd;name", Status.CRITICAL, "rule up{job=~\"a|b\"} fires\nfor 1", Map.of())),
                checks.checks(), "web;1", "braid ", 1796573548L);
        assertThat(lines).containsExactly(
                "[1796573548] PROCESS_SERVICE_CHECK_RESULT;web,1;braid fresh;0;OK: access.log last changed 12 s ago"
                        + "|'fresh_age_seconds'=12.5s;;600;0\n",
                // ';' separates Nagios's fields, '|' starts performance data, a line break ends the command
                "[1796573548] PROCESS_SERVICE_CHECK_RESULT;web,1;braid odd,name;2;CRITICAL: rule up{job=~\"a¦b\"} fires for 1\n");
    }

    @Test
    void aLongMessageIsCutToOneAtomicWriteKeepingItsPerformanceData() {
        String message = "é".repeat(5000);
        String line = PassiveResults.lines(List.of(new CheckResult("x", Status.WARNING, message, Map.of("value", 1.0))),
                List.of(), "h", "braid ", 1L).getFirst();
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PassiveResults.MAX_LINE);
        assertThat(line).startsWith("[1] PROCESS_SERVICE_CHECK_RESULT;h;braid x;1;WARNING: éé").endsWith("é…|'x_value'=1\n");
    }

    @Test
    void namesThatLeaveNoRoomForTheWordsAreRefusedNotCutToNothing() {
        String host = "h".repeat(4070);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PassiveResults.lines(
                        List.of(new CheckResult("shop", Status.OK, "fine", Map.of())), List.of(), host, "braid ", 1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the host name and the service name of check \"shop\" take 4117 bytes, and a result must fit in"
                        + " one write of 4096 bytes with its status and words: shorten --submit-host, --submit-prefix or the"
                        + " check's name");
        // a little shorter: the line is written, its message cut
        String line = PassiveResults.lines(List.of(new CheckResult("shop", Status.OK, "fine and dandy", Map.of())),
                List.of(), "h".repeat(4020), "braid ", 1L).getFirst();
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(PassiveResults.MAX_LINE);
        assertThat(line).endsWith(";braid shop;0;OK: fine and dandy\n");
    }
}
