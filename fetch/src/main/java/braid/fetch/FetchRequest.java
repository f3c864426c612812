package braid.fetch;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One request: the URL, an optional id the caller chooses (it comes back in the result and keys {@code --resume}),
 * the method, extra headers and an optional body.
 *
 * @param line  the input line it came from (1-based), 0 when it came from elsewhere
 * @param depth 0 for an input; n for a link found n steps away by crawling
 */
public record FetchRequest(URI url, @Nullable String id, String method, Map<String, String> headers,
                           @Nullable String body, long line, int depth) {

    public FetchRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        headers = Map.copyOf(headers);
    }

    /** A GET of {@code url}. */
    public static FetchRequest get(URI url) {
        return new FetchRequest(url, null, "GET", Map.of(), null, 0, 0);
    }

    /** What identifies it in an output file: its id, else its URL. */
    public String key() {
        return id != null ? id : url.toString();
    }
}
