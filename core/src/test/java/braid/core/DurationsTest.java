package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration parser of braid.yaml, the health: section and the command line. */
class DurationsTest {
    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "30S, 30000", "10m, 600000", "2h, 7200000", "14d, 1209600000",
            "1h30m, 5400000", "PT30S, 30000", "pt30s, 30000", "P14D, 1209600000", "0s, 0"})
    void shortUnitsCompoundsAndIso8601(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "30 s", "-5s", "5x", "s", "PT-5S", "1.5h", "", "10s5", "99999999999999999999s"})
    void malformedOrNegativeIsNull(String text) {
        assertThat(Durations.parse(text)).isNull();
    }
}
