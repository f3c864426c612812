/** Three fan-out programs on braid's engine: bulk HTTP calls, a scraper, fail-fast. */
module braid.examples {
    requires braid.core;
    requires java.net.http;
    requires org.jsoup;
    requires static org.jspecify;
    exports braid.examples;
}
