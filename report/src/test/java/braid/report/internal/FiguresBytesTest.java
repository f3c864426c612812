package braid.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The e-mail's "Data sent": SI units, as a client reads "MB", in the report's language. */
class FiguresBytesTest {
    @Test
    void bytesAreShownInUnitsOfAThousand() {
        assertThat(Figures.bytes(0, Locale.ENGLISH)).isEqualTo("0 B");
        assertThat(Figures.bytes(999, Locale.ENGLISH)).isEqualTo("999 B");
        assertThat(Figures.bytes(1_000, Locale.ENGLISH)).isEqualTo("1.0 kB");
        assertThat(Figures.bytes(122_048_512, Locale.ENGLISH)).isEqualTo("122.0 MB");
        assertThat(Figures.bytes(122_048_512, Locale.GERMAN)).isEqualTo("122,0 MB");
        // no "1000.0 MB": what would round up to a thousand takes the next unit
        assertThat(Figures.bytes(999_960_000, Locale.ENGLISH)).isEqualTo("1.0 GB");
        assertThat(Figures.bytes(999_940_000, Locale.ENGLISH)).isEqualTo("999.9 MB");
        assertThat(Figures.bytes(3_500_000_000_000_000L, Locale.ENGLISH)).isEqualTo("3500.0 TB");
    }
}
