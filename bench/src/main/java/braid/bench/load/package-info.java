/** braid.bench.load. */
@NullMarked
package braid.bench.load;

import org.jspecify.annotations.NullMarked;
