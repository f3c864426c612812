package braid.http;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The whole answer (headers and body) did not arrive within the time allowed: "no complete answer from
 * shop.example:443 within 10 s". Thrown by {@link Deadlines#send}.
 */
public final class IncompleteAnswerException extends HttpTimeoutException {
    private static final long serialVersionUID = 1L;
    private final URI uri;
    private final Duration timeout;
    private final String words;

    public IncompleteAnswerException(URI uri, Duration timeout) {
        this(uri, timeout, "no complete answer from " + HostPort.of(uri) + " within " + braid.core.Failures.duration(timeout));
    }

    private IncompleteAnswerException(URI uri, Duration timeout, String words) {
        super(words);
        this.uri = uri;
        this.timeout = timeout;
        this.words = words;
    }

    /** The message, never null: "no complete answer from shop.example:443 within 10 s". */
    public String words() {
        return words;
    }

    /** The URL asked. */
    public URI uri() {
        return uri;
    }

    /** The time allowed, as named in the message. */
    public Duration timeout() {
        return timeout;
    }
}
