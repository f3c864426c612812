/**
 * The daily job: configuration, the run of the three sources and the e-mails, checks, the operator's notices.
 * Its API is {@link braid.report}; configuration, checks and internals are opened to the command line only.
 */
module braid.report {
    requires transitive braid.core;
    requires transitive braid.timeline;
    requires transitive braid.web;
    requires transitive braid.logs;
    requires transitive braid.sap;
    requires transitive braid.mail;
    requires transitive braid.health;
    requires braid.http;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires com.github.mustachejava;
    requires java.desktop;
    requires jdk.unsupported;
    requires org.jfree.jfreechart;
    requires org.jsoup;
    requires org.slf4j;
    requires static org.jspecify;
    requires org.yaml.snakeyaml;
    uses braid.logs.DistributedAnalysis;
    exports braid.report;
    exports braid.report.config to braid.cli;
    exports braid.report.check to braid.cli;
    exports braid.report.internal to braid.cli;
}
