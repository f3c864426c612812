/** braid.sandbox. */
@NullMarked
package braid.sandbox;

import org.jspecify.annotations.NullMarked;
