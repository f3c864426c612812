package braid.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestReaderTest {

    @Test
    void urlsJsonLinesCommentsAndBadLinesWithTheirNumbers() throws Exception {
        String input = """
                # urls
                https://example.com/a

                {"url": "https://api.example.com/items", "id": 42, "method": "post", "body": {"q": "x"}}
                {"url": "https://api.example.com/raw", "body": "a=1", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}
                {"url": "https://x.example/", "colour": "red"}
                mailto:someone@example.com
                {"url": 
                """;
        List<RequestReader.Line> lines = new ArrayList<>();
        try (RequestReader r = new RequestReader(new BufferedReader(new StringReader(input)))) {
            for (RequestReader.Line l; (l = r.next()) != null; ) lines.add(l);
        }
        assertThat(lines).extracting(RequestReader.Line::number).containsExactly(2L, 4L, 5L, 6L, 7L, 8L);
        FetchRequest post = lines.get(1).request();
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.id()).isEqualTo("42");
        assertThat(post.body()).isEqualTo("{\"q\":\"x\"}");
        assertThat(post.headers()).containsEntry("Content-Type", "application/json"); // a JSON body says so
        assertThat(lines.get(2).request().headers()).containsEntry("Content-Type", "application/x-www-form-urlencoded");
        assertThat(lines.get(3).describe()).isEqualTo("line 6: unknown field \"colour\" (known: url, id, method, headers, body)");
        assertThat(lines.get(4).describe()).isEqualTo("line 7: 'mailto:' URLs cannot be fetched, only http and https: 'mailto:someone@example.com'");
        assertThat(lines.get(5).describe()).startsWith("line 8: not valid JSON");
    }
}
