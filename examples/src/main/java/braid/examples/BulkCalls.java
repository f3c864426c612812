package braid.examples;

import org.jspecify.annotations.Nullable;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk HTTP calls: every URL fetched with at most {@code global} calls at once, {@code perHost} per host and
 * {@code perHostPerSecond} a second per host; a failed call is a result, not the end of the run.
 *
 * <pre>{@code
 * List<BulkCalls.Result> results = BulkCalls.fetchAll(urls, 50, 5, 20);
 * }</pre>
 */
public final class BulkCalls {
    private BulkCalls() {}

    /** One call's outcome: the status (0 when there was no answer) and the body length, or the failure in words. */
    public record Result(URI uri, int status, int bytes, @Nullable String error) {}

    public static List<Result> fetchAll(List<URI> urls, int global, int perHost, double perHostPerSecond) {
        Engine engine = Engine.builder()
                .limit("global", global)
                .keyedLimit("host", perHost)
                .keyedRateLimit("host", perHostPerSecond, perHost)
                .maxQueuedForks(4 * global)
                .build();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return engine.scope("bulk calls", scope -> {
                List<Fork<Result>> forks = new ArrayList<>(urls.size());
                for (URI u : urls) {
                    String host = u.getHost() + ":" + u.getPort();
                    forks.add(scope.fork(u.toString(), Policy.DEFAULT.withLimit("global", "host:" + host)
                            .withTotalTimeout(Duration.ofMinutes(1)), ctx -> call(http, u)));
                }
                List<Result> out = new ArrayList<>(urls.size());
                for (Fork<Result> f : forks) out.add(f.join());
                return out;
            });
        }
    }

    private static Result call(HttpClient http, URI u) throws InterruptedException {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Result(u, r.statusCode(), r.body().length, null);
        } catch (IOException e) {
            return new Result(u, 0, 0, braid.core.Failures.network(e, u.getHost(), u.getPort(), Duration.ofSeconds(10)));
        }
    }
}
