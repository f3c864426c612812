package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class ContentDecodingTest {
    private static final byte[] TEXT = "Hello, braid! ".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Test
    void gzipZlibDeflateRawDeflateAndIdentity() throws IOException {
        assertThat(ContentDecoding.decode(gzip(TEXT), "gzip", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(gzip(TEXT), " X-GZIP ", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(deflate(TEXT, false), "deflate", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(deflate(TEXT, true), "deflate", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(TEXT, null, 10)).isSameAs(TEXT);
        assertThat(ContentDecoding.decode(TEXT, "identity", 10)).isSameAs(TEXT);
    }

    @Test
    void aGzipBombStopsAtTheLimit() throws IOException {
        byte[] bomb = gzip(new byte[200 << 20]); // 200 MiB of zeros in about 200 KB
        assertThat(bomb.length).isLessThan(300_000);
        long before = usedHeap();
        assertThatThrownBy(() -> ContentDecoding.decode(bomb, "gzip", 1 << 20))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessage("decompressed body exceeds the limit of 1048576 bytes");
        assertThat(usedHeap() - before).isLessThan(64L << 20);
    }

    @Test
    void unknownEncodingsAndCorruptBodiesAreNamed() {
        assertThatThrownBy(() -> ContentDecoding.decode(TEXT, "br", 1 << 20)).hasMessage("unsupported Content-Encoding br");
        assertThatThrownBy(() -> ContentDecoding.decode(TEXT, "gzip", 1 << 20)).hasMessageStartingWith("corrupt gzip body");
        assertThatThrownBy(() -> ContentDecoding.decode(TEXT, "deflate", 1 << 20)).hasMessageStartingWith("corrupt deflate body");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            z.write(data);
        }
        return out.toByteArray();
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
