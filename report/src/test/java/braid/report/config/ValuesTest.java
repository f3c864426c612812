package braid.report.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "10m, 600000", "2h, 7200000", "14d, 1209600000", "1h30m, 5400000",
            "PT30S, 30000", "P14D, 1209600000", "0s, 0"})
    void durationsAcceptShortUnitsAndIso8601(String text, long millis) {
        assertThat(Values.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "30 s", "-5s", "5x", "s", "PT-5S", "1.5h", ""})
    void malformedDurationsAreRejected(String text) {
        assertThat(Values.parseDuration(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"512KB, 524288", "5MB, 5242880", "1GB, 1073741824", "5mb, 5242880", "5MiB, 5242880", "100, 100",
            "100B, 100"})
    void sizesUseBinaryMultiples(String text, long bytes) {
        assertThat(Values.parseSize(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5 parsecs", "1.5MB", "-1KB", "MB", "99999999999999999999GB"})
    void malformedSizesAreRejected(String text) {
        assertThat(Values.parseSize(text)).isNull();
    }

    @Test
    void durationsAndSizesFormatBackToTheShortestUnit() {
        assertThat(Values.format(Duration.ofDays(14))).isEqualTo("14d");
        assertThat(Values.format(Duration.ofMillis(1))).isEqualTo("1ms");
        assertThat(Values.formatSize(5L << 20)).isEqualTo("5MB");
    }
}
