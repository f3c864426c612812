/** Health checks at once on braid's engine: HTTP (with certificate expiry), TCP, disk space, file age. */
module braid.health {
    requires transitive braid.core;
    requires braid.http;
    requires static org.jspecify;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml; // its YAML errors' short words (HealthChecks)
    exports braid.health;
}
