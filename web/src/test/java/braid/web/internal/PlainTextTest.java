package braid.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {
    @Test
    void stripsTagsScriptsAndCollapsesWhitespace() {
        assertThat(PlainText.fromHtml("<p>One&nbsp;two</p>\n<script>evil()</script><p>\tthree</p>", 100))
                .isEqualTo("One two three");
    }

    @Test
    void capsAtAWordBoundaryWithAnEllipsis() {
        String s = PlainText.fromText("alpha beta gamma delta epsilon zeta eta theta", 30);

        assertThat(s).hasSizeLessThanOrEqualTo(30).endsWith("…").isEqualTo("alpha beta gamma delta…");
    }

    @Test
    void dropsControlCharacters() {
        assertThat(PlainText.fromText("a\u0000b\u0007c", 10)).isEqualTo("a b c");
    }
}
