package braid.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A body handler that collects the body into memory and cancels the stream as soon as it passes {@code maxBytes}
 * (a declared {@code Content-Length} over the limit is refused before a byte is read): the response future then
 * fails with a {@link BodyTooLargeException}. Memory stays at most the limit, whatever the server sends.
 */
public final class LimitedBody implements BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long max;
    private final long declared;
    private Flow.@Nullable Subscription subscription;

    private LimitedBody(long max, long declared) {
        this.max = max;
        this.declared = declared;
    }

    /** A handler for every response: bodies of at most {@code maxBytes}. */
    public static HttpResponse.BodyHandler<byte[]> handler(long maxBytes) {
        if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        return info -> new LimitedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1L));
    }

    /** A subscriber for one response whose {@code Content-Length} is {@code declared} (-1 when unknown). */
    public static BodySubscriber<byte[]> subscriber(long maxBytes, long declared) {
        return new LimitedBody(maxBytes, declared);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declared > max) {
            s.cancel();
            result.completeExceptionally(new BodyTooLargeException(
                    "Content-Length " + declared + " exceeds the limit of " + max + " bytes", max));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) return;
        for (ByteBuffer b : buffers) {
            int n = b.remaining();
            if (out.size() + (long) n > max) {
                if (subscription != null) subscription.cancel();
                result.completeExceptionally(new BodyTooLargeException("body exceeds the limit of " + max + " bytes", max));
                return;
            }
            byte[] chunk = new byte[n];
            b.get(chunk);
            out.write(chunk, 0, n);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
