/** The company website's news: feeds, sitemaps and pages over HTTP, with a conditional cache. */
module braid.web {
    requires transitive braid.core;
    requires braid.http;
    requires transitive java.net.http;
    requires com.fasterxml.jackson.databind;
    requires java.xml;
    requires org.jsoup;
    requires org.slf4j;
    requires static org.jspecify;
    exports braid.web;
    // the conditional cache stores its entries as JSON through Jackson's data binding
    opens braid.web.internal to com.fasterxml.jackson.databind;
}
