/** braid.bench. */
@NullMarked
package braid.bench;

import org.jspecify.annotations.NullMarked;
