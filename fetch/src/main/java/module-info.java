/**
 * Many HTTP requests at once on braid's engine ({@code braid fetch} and the library {@link braid.fetch.Fetcher}):
 * limits in all, per host and per second per host; retries honouring Retry-After; robots.txt; extraction with CSS
 * selectors or JSON pointers; same-site crawling; results as they complete; resumable output.
 */
module braid.fetch {
    requires transitive braid.core;
    requires transitive braid.http;
    requires static org.jspecify;
    requires com.fasterxml.jackson.databind;
    requires crawler.commons;
    requires org.jsoup;
    exports braid.fetch;
}
