package braid.report.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * braid's PNG writer for the chart: the JDK's own PNG reader (ImageIO) gives back every pixel exactly, every chunk's
 * CRC holds, and the chart's file is no larger than ImageIO's writer makes it.
 */
class PngTest {
    @Test
    void everyPixelComesBackExactlyAndEveryChunkIsWellFormed() throws Exception {
        Random random = new Random(7);
        for (int[] size : new int[][] {{1, 1}, {1, 7}, {5, 1}, {3, 2}, {17, 5}, {300, 200}}) {
            BufferedImage noise = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) noise.setRGB(x, y, random.nextInt());
            }
            assertSame(noise, Png.rgb(noise));
        }
        // flat areas, repeated rows and antialiased text, as in a chart
        BufferedImage drawn = new BufferedImage(640, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = drawn.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 640, 240);
        g.setColor(new Color(0x1d4e89));
        for (int i = 0; i < 24; i++) g.fillRect(10 + i * 26, 200 - i * 7, 18, i * 7 + 10);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0x52606d));
        g.drawString("Anfragen je Stunde 1.234 — ÄÖÜ", 20, 30);
        g.dispose();
        assertSame(drawn, Png.rgb(drawn));
    }

    @Test
    void aSubImageIsWrittenFromItsOwnCorner() throws Exception {
        BufferedImage whole = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 50; x++) whole.setRGB(x, y, random.nextInt());
        }
        BufferedImage part = whole.getSubimage(7, 11, 20, 9); // shares the whole image's pixel array
        assertThat(part.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertSame(part, Png.rgb(part));
    }

    @Test
    void anImageWithAlphaIsRefusedNotWrittenWrong() {
        BufferedImage argb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_ARGB);
        assertThatThrownBy(() -> Png.rgb(argb)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TYPE_INT_RGB");
    }

    @Test
    void theChartIsNoLargerThanImageIosPng() throws Exception {
        List<Long> hours = new ArrayList<>();
        Random random = new Random(1);
        for (int h = 0; h < 24; h++) hours.add(1000L + random.nextInt(50_000));
        byte[] ours = HourlyChart.png(hours, Locale.GERMANY);
        BufferedImage chart = ImageIO.read(new ByteArrayInputStream(ours));
        BufferedImage rgb = new BufferedImage(chart.getWidth(), chart.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(chart, 0, 0, null);
        assertSame(rgb, ours);
        ByteArrayOutputStream imageIo = new ByteArrayOutputStream();
        ImageIO.write(rgb, "png", imageIo);
        assertThat(ours.length).as("bytes against ImageIO's %d", imageIo.size()).isLessThanOrEqualTo(imageIo.size());
    }

    /** {@code png} is well-formed (signature, chunks, CRCs, an RGB header) and decodes to exactly {@code image}. */
    private static void assertSame(BufferedImage image, byte[] png) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(png);
        byte[] signature = new byte[8];
        b.get(signature);
        assertThat(signature).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        List<String> types = new ArrayList<>();
        while (b.hasRemaining()) {
            int len = b.getInt();
            byte[] typeAndData = new byte[4 + len];
            b.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            assertThat(b.getInt()).as("CRC of a chunk").isEqualTo((int) crc.getValue());
            String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
            if (type.equals("IHDR")) {
                ByteBuffer h = ByteBuffer.wrap(typeAndData, 4, len);
                assertThat(h.getInt()).isEqualTo(image.getWidth());
                assertThat(h.getInt()).isEqualTo(image.getHeight());
                assertThat(new byte[] {h.get(), h.get(), h.get(), h.get(), h.get()}).as("8 bits, RGB, deflate, rows, no interlace")
                        .containsExactly(8, 2, 0, 0, 0);
            }
            types.add(type);
        }
        assertThat(types).containsExactly("IHDR", "IDAT", "IEND");
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(back.getWidth()).isEqualTo(image.getWidth());
        assertThat(back.getHeight()).isEqualTo(image.getHeight());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int want = image.getRGB(x, y) & 0xffffff;
                int got = back.getRGB(x, y) & 0xffffff;
                if (want != got) {
                    throw new AssertionError("pixel (" + x + ", " + y + ") of " + image.getWidth() + " × " + image.getHeight()
                            + ": " + Integer.toHexString(got) + " instead of " + Integer.toHexString(want));
                }
            }
        }
    }
}
