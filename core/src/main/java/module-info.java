/**
 * braid's engine: structured concurrency on virtual threads with limits, rate limits, retries, deadlines,
 * a virtual clock and run events. It knows nothing of connectors. See the package {@link braid.core}.
 */
module braid.core {
    requires static org.jspecify;
    requires org.slf4j;
    // Failures names HttpClient's timeouts and closed connections in words
    requires java.net.http;
    exports braid.core;
}
