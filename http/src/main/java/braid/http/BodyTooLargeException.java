package braid.http;

import java.io.IOException;

/** A response body, raw or decompressed, passed the size limit; the rest was not read. */
public final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long limit;

    public BodyTooLargeException(String message, long limit) {
        super(message);
        this.limit = limit;
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }
}
