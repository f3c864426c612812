package braid.fetch;

import braid.http.HttpFailure;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of one request. Either it was fetched ({@code status} is the HTTP status, whatever it is; {@code error}
 * null) or it failed after its retries ({@code status} -1, {@code error} says why in plain words and {@code
 * errorKind} classifies it).
 *
 * @param finalUrl    where the answer came from after redirects (the request's URL when there were none)
 * @param ms          from the first attempt's start to the end, in milliseconds (waits for a permit not included)
 * @param attempts    HTTP exchanges tried (1 when the first one did it)
 * @param bytes       the body's size after decoding (0 when failed)
 * @param body        the body as text, when neither an extraction nor a save directory was asked for and the body
 *                    is text
 * @param extracted   what {@code --select} or {@code --json-pointer} found (empty when nothing matched), or null
 * @param savedTo     the file the body went to with {@code --save-dir}, or null
 * @param links       same-site links found for crawling (not written to the output), or empty
 */
public record FetchResult(FetchRequest request, URI finalUrl, int status, long ms, int attempts, long bytes,
                          @Nullable String contentType, @Nullable String error, HttpFailure.@Nullable Kind errorKind,
                          @Nullable String body, @Nullable List<String> extracted, @Nullable Path savedTo,
                          List<URI> links) {

    public FetchResult {
        links = List.copyOf(links);
        if (extracted != null) extracted = List.copyOf(extracted);
    }

    /** A request that failed after {@code attempts} tries. */
    public static FetchResult failed(FetchRequest request, long ms, int attempts, String error,
                                     HttpFailure.@Nullable Kind kind) {
        return new FetchResult(request, request.url(), -1, ms, attempts, 0, null, error, kind, null, null, null, List.of());
    }

    /** Whether an answer came back (any status). */
    public boolean fetched() {
        return error == null;
    }
}
