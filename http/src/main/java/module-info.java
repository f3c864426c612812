/**
 * What every HTTP client of braid needs: one {@link java.net.http.HttpClient} set-up (and a lean HTTP/1.1 client for
 * plain http), proxy authorization, {@code Retry-After}, bodies with size limits and gzip/deflate, and failures in
 * plain words.
 */
module braid.http {
    requires transitive braid.core;
    requires transitive java.net.http;
    requires static org.jspecify;
    exports braid.http;
}
