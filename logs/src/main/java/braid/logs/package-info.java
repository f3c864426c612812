/** logs. */
@NullMarked
package braid.logs;

import org.jspecify.annotations.NullMarked;
