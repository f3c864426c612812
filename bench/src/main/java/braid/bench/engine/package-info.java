/** braid.bench.engine. */
@NullMarked
package braid.bench.engine;

import org.jspecify.annotations.NullMarked;
