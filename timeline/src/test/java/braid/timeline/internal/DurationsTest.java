package braid.timeline.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {
    @Test
    void humanFormChangesUnitWithScale() {
        assertThat(Durations.human(850)).isEqualTo("850 ns");
        assertThat(Durations.human(12_300)).isEqualTo("12 µs");
        assertThat(Durations.human(850_000_000)).isEqualTo("850 ms");
        assertThat(Durations.human(2_310_000_000L)).isEqualTo("2.31 s");
        assertThat(Durations.human(12_340_000_000L)).isEqualTo("12.3 s");
        assertThat(Durations.human(23 * 60_000_000_000L)).isEqualTo("23:00");
        assertThat(Durations.human(65_400_000_000L)).isEqualTo("1:05");
        assertThat(Durations.human(3_723_000_000_000L)).isEqualTo("1:02:03");
        assertThat(Durations.human(-17 * 60_000_000_000L)).isEqualTo("-17:00");
    }

    @Test
    void tickStepsArePleasantNumbers() {
        assertThat(Durations.tickStep(23 * 60_000_000_000L, 8)).isEqualTo(5 * 60_000_000_000L);
        assertThat(Durations.tickStep(2_000_000_000L, 8)).isEqualTo(500_000_000L);
        assertThat(Durations.tickStep(90_000_000_000L, 8)).isEqualTo(15_000_000_000L);
        assertThat(Durations.tick(300_000_000_000L)).isEqualTo("5:00");
        assertThat(Durations.tick(500_000_000L)).isEqualTo("500ms");
        assertThat(Durations.offset(0, 23 * 60_000_000_000L)).isEqualTo("0:00");
        assertThat(Durations.offset(2_310_000_000L, 23 * 60_000_000_000L)).isEqualTo("0:02");
        assertThat(Durations.offset(2_310_000_000L, 5_000_000_000L)).isEqualTo("2.31 s");
    }
}
