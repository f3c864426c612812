package braid.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * {@code Content-Encoding} undone: identity, gzip (x-gzip) and deflate (zlib, or raw deflate as some servers send
 * it). The limit applies to the decompressed bytes, because they are what costs memory: a gzip bomb of a few
 * kilobytes stops at {@code maxBytes + 1}.
 */
public final class ContentDecoding {
    private ContentDecoding() {}

    /** The value braid sends as {@code Accept-Encoding}. */
    public static final String ACCEPT = "gzip, deflate";

    /**
     * The decoded body.
     *
     * @throws BodyTooLargeException when the decoded body passes {@code maxBytes}
     * @throws IOException           naming the encoding when it is unknown or the body is corrupt
     */
    public static byte[] decode(byte[] body, @Nullable String contentEncoding, long maxBytes) throws IOException {
        String enc = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        switch (enc) {
            case "", "identity" -> {
                return body;
            }
            case "gzip", "x-gzip" -> {
                try {
                    return limited(new GZIPInputStream(new ByteArrayInputStream(body)), body.length, maxBytes);
                } catch (BodyTooLargeException e) {
                    throw e;
                } catch (IOException e) {
                    throw new IOException("corrupt gzip body: " + e.getMessage(), e);
                }
            }
            case "deflate" -> {
                try {
                    return limited(new InflaterInputStream(new ByteArrayInputStream(body)), body.length, maxBytes);
                } catch (BodyTooLargeException e) {
                    throw e;
                } catch (IOException zlib) {
                    try { // raw deflate without the zlib header
                        return limited(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)),
                                body.length, maxBytes);
                    } catch (BodyTooLargeException e) {
                        throw e;
                    } catch (IOException e) {
                        throw new IOException("corrupt deflate body: " + zlib.getMessage(), zlib);
                    }
                }
            }
            default -> throw new IOException("unsupported Content-Encoding " + enc);
        }
    }

    private static byte[] limited(InputStream in, int compressed, long max) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(compressed, 16) * 4L, 1 << 20));
            byte[] buf = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > max) {
                    throw new BodyTooLargeException("decompressed body exceeds the limit of " + max + " bytes", max);
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
