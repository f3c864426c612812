/** braid.bench.sap. */
@NullMarked
package braid.bench.sap;

import org.jspecify.annotations.NullMarked;
