/** braid.bench.fetch. */
@NullMarked
package braid.bench.fetch;

import org.jspecify.annotations.NullMarked;
