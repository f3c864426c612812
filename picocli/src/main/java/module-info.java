/**
 * picocli, compiled from its published sources for Java 25 (see this module's pom.xml for why). The module name is
 * picocli's own, so {@code requires info.picocli} reads the same as with its jar.
 */
module info.picocli {
    requires static java.sql; // as picocli's own module-info: converters for java.sql types when it is there
    exports picocli;
}
