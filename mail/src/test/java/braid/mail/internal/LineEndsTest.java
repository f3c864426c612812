package braid.mail.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineEndsTest {
    private static String crlf(String s) {
        return new String(MessageComposer.withCrlf(s.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void bareLineFeedsBecomeCrlfAndCrlfStays() {
        assertThat(crlf("")).isEmpty();
        assertThat(crlf("no end")).isEqualTo("no end");
        assertThat(crlf("\n")).isEqualTo("\r\n");
        assertThat(crlf("a\nb\r\nc\n\nd")).isEqualTo("a\r\nb\r\nc\r\n\r\nd");
        assertThat(crlf("a\r\n\r\n")).isEqualTo("a\r\n\r\n");
        assertThat(crlf("\n\nx\n")).isEqualTo("\r\n\r\nx\r\n");
        assertThat(crlf("Grüße\nä")).isEqualTo("Grüße\r\nä");
    }
}
