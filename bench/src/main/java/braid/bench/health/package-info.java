/** braid.bench.health. */
@NullMarked
package braid.bench.health;

import org.jspecify.annotations.NullMarked;
