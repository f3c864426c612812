/** The checks of braid check: each part of the configuration tried against the real system. */
@NullMarked
package braid.report.check;

import org.jspecify.annotations.NullMarked;
