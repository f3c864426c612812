/** The {@code braid} command line: picocli commands over the report, the connectors and the sandbox. */
module braid.cli {
    requires braid.report;
    requires braid.sandbox;
    requires braid.fetch;
    requires braid.health;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires info.picocli;
    requires static org.jspecify;
    requires org.slf4j;
    uses braid.logs.DistributedAnalysis;
    requires jdk.httpserver; // the training run of the AOT cache serves loopback sites
    exports braid.cli;
    // picocli sets options and calls commands by reflection
    opens braid.cli to info.picocli;
}
