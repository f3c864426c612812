package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;

/**
 * Implemented by failures that know how long to wait before trying again (an HTTP 429 or 503
 * with {@code Retry-After}); the engine waits at least that long before the next attempt.
 */
public interface RetryAfter {
    /** The wait the remote side asked for, or {@code null} if none. */
    @Nullable Duration retryAfter();
}
