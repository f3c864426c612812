package braid.report.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A PNG writer for the e-mail's opaque chart (an RGB image without alpha): 8-bit truecolour, every row filtered by
 * "Up" (its difference to the row above), compressed by the JDK's zlib.
 *
 * <p>Written here rather than through {@code ImageIO.write}, which was most of a chart's cost: ImageIO's writer reads
 * the pixels through the raster's generic sample interface and tries all five PNG filters on every row in Java code
 * before deflating, 8–10 ms for the 1088 × 360 chart under C1 (the launchers' compiler for {@code report}); this takes
 * the pixels straight from the image's int array and uses one filter, which suits a chart (bars and background repeat
 * the row above, so most filtered rows are zeros). The PNG format needs nothing more than an IHDR, IDAT and IEND chunk
 * with their CRCs (RFC 2083); no library among braid's dependencies writes PNG besides ImageIO. Stateless.
 */
final class Png {
    /**
     * zlib's level. Measured on the chart (bench ChartBench, C1): levels 1–3 (zlib's fast matcher) encode in 3.1–4.1 ms
     * but 4–7 % larger than ImageIO's file; 4 in 4.9–5.8 ms and 18 % smaller; 6 in 6.9 ms, 4 % smaller again.
     */
    static final int LEVEL = 4;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int UP = 2;

    private Png() {}

    /** The PNG of {@code image}, which must be {@link BufferedImage#TYPE_INT_RGB}. */
    static byte[] rgb(BufferedImage image) {
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("a TYPE_INT_RGB image expected, got type " + image.getType());
        }
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster raster = image.getRaster();
        SinglePixelPackedSampleModel model = (SinglePixelPackedSampleModel) raster.getSampleModel();
        DataBufferInt buffer = (DataBufferInt) raster.getDataBuffer();
        int[] pixels = buffer.getData();
        int stride = model.getScanlineStride();
        // where the image's first pixel is in the array (a sub-image shares its parent's array)
        int origin = buffer.getOffset() + model.getOffset(-raster.getSampleModelTranslateX(), -raster.getSampleModelTranslateY());

        ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
        out.writeBytes(SIGNATURE);
        byte[] header = new byte[13];
        putInt(header, 0, w);
        putInt(header, 4, h);
        header[8] = 8; // bits per sample
        header[9] = 2; // colour type: truecolour (RGB)
        // compression 0 (deflate), filter method 0 (adaptive, per row), interlace 0 (none)
        chunk(out, "IHDR", header);

        byte[] row = new byte[1 + 3 * w];
        row[0] = UP;
        ByteArrayOutputStream idat = new ByteArrayOutputStream(Math.max(1024, w * h / 8));
        Deflater deflater = new Deflater(LEVEL);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 16 * 1024)) {
            for (int y = 0; y < h; y++) {
                int p = origin + y * stride;
                int above = p - stride; // for the first row, "Up" takes the row above as zeros
                for (int x = 0, i = 1; x < w; x++, i += 3) {
                    int c = pixels[p + x];
                    int a = y == 0 ? 0 : pixels[above + x];
                    if (c == a) {
                        row[i] = 0;
                        row[i + 1] = 0;
                        row[i + 2] = 0;
                    } else {
                        row[i] = (byte) ((c >>> 16) - (a >>> 16));
                        row[i + 1] = (byte) ((c >>> 8) - (a >>> 8));
                        row[i + 2] = (byte) (c - a);
                    }
                }
                z.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // into memory: cannot happen
        } finally {
            deflater.end(); // a Deflater given to the stream is not ended by its close
        }
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Length, type, data and the CRC-32 of type and data (RFC 2083, 3.2). */
    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        byte[] word = new byte[4];
        putInt(word, 0, data.length);
        out.writeBytes(word);
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        putInt(word, 0, (int) crc.getValue());
        out.writeBytes(word);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
