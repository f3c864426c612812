/** Examples of the engine for a Java developer's own fan-out jobs. */
@NullMarked
package braid.examples;

import org.jspecify.annotations.NullMarked;
