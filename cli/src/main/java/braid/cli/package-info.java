/** The {@code braid} command line: picocli commands over the report, the connectors and the sandbox. */
@NullMarked
package braid.cli;

import org.jspecify.annotations.NullMarked;
