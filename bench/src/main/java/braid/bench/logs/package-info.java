/** braid.bench.logs. */
@NullMarked
package braid.bench.logs;

import org.jspecify.annotations.NullMarked;
