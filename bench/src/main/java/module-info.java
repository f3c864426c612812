/**
 * braid's benchmarks: programs run by {@code bench/run} (and {@code bench/fetch/run}), each comparing braid with its
 * peer in one run. An application: it exports nothing.
 */
module braid.bench {
    requires static org.jspecify;
    requires braid.core;
    requires braid.logs;
    requires braid.mail;
    requires braid.sandbox;
    requires braid.sap;
    requires braid.testkit;
    requires braid.timeline;
    requires com.fasterxml.jackson.databind;
    requires java.desktop;
    requires java.management;
    requires jdk.management;
    requires java.net.http;
    requires jdk.httpserver;
}
