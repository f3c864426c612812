package braid.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One exchange with a deadline for the whole answer, body included.
 *
 * <p>{@link HttpRequest.Builder#timeout} only covers the wait for the response headers: a server that sends them and
 * then trickles the body would hold a plain {@code send} for ever. {@link #send} waits for the complete answer at
 * most {@code wait} and cancels the exchange after that. The request's own timeout (if it has one of the same length)
 * and this wait race each other; either way the caller gets the same {@link IncompleteAnswerException}, so the words
 * an operator reads do not depend on which timer fired first. A connect timeout stays what it is
 * ({@link HttpConnectTimeoutException}).
 */
public final class Deadlines {
    private Deadlines() {
    }

    /**
     * Sends {@code request} and waits for its whole answer at most {@code wait}.
     *
     * @param timeout the time allowed as the message names it (the whole attempt's, when {@code wait} is what is left of it)
     * @throws IncompleteAnswerException no complete answer within {@code wait}
     * @throws IOException the exchange failed otherwise (the client's own exception, unwrapped)
     */
    public static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
            Duration wait, Duration timeout) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<T>> f = client.sendAsync(request, handler);
        try {
            return f.get(Math.max(1, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw incomplete(request, timeout, e);
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (CancellationException e) {
            throw new IOException("the request was cancelled", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            if (c instanceof HttpTimeoutException && !(c instanceof HttpConnectTimeoutException)) {
                throw incomplete(request, timeout, c);
            }
            if (c instanceof IOException io) throw io;
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c.getMessage(), c);
        }
    }

    private static IncompleteAnswerException incomplete(HttpRequest request, Duration timeout, Throwable cause) {
        IncompleteAnswerException x = new IncompleteAnswerException(request.uri(), timeout);
        x.initCause(cause);
        return x;
    }
}
