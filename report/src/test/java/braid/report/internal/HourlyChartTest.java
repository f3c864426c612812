package braid.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The e-mail's hourly chart: an opaque PNG at twice the shown size, bars where the counts are. */
class HourlyChartTest {
    @Test
    void anOpaquePngAtTwiceTheShownSizeWithTheBusiestHourTallest() throws Exception {
        List<Long> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) hours.add(h == 14 ? 3000L : 500L);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(HourlyChart.png(hours, Locale.GERMAN)));
        assertThat(png.getWidth()).isEqualTo(2 * HourlyChart.WIDTH);
        assertThat(png.getHeight()).isEqualTo(2 * HourlyChart.HEIGHT);
        assertThat(png.getColorModel().hasAlpha()).as("opaque: no alpha channel to encode").isFalse();
        // the bar colour (#1d4e89) reaches higher in the 15th column of bars than in the others
        int tallest = -1;
        int tallestTop = Integer.MAX_VALUE;
        int[] tops = new int[png.getWidth()];
        for (int x = 0; x < png.getWidth(); x++) {
            tops[x] = Integer.MAX_VALUE;
            for (int y = 0; y < png.getHeight(); y++) {
                if ((png.getRGB(x, y) & 0xffffff) == 0x1d4e89) {
                    tops[x] = y;
                    break;
                }
            }
            if (tops[x] < tallestTop) {
                tallestTop = tops[x];
                tallest = x;
            }
        }
        double plotWidth = png.getWidth();
        assertThat(tallest / plotWidth).as("the bar of 14:00–15:00").isBetween(14 / 24.0, 16 / 24.0);
        long barColumns = java.util.Arrays.stream(tops).filter(t -> t != Integer.MAX_VALUE).count();
        assertThat(barColumns).as("24 bars fill part of the width").isBetween(png.getWidth() / 4L, png.getWidth() * 3L / 4);
        assertThat(png.getRGB(2, 2) & 0xffffff).as("white background").isEqualTo(0xffffff);
    }
}
