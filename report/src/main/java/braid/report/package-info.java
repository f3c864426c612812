/** The daily report: its run, options, outcome and safety brakes. Nullness: JSpecify, checked by NullAway. */
@NullMarked
package braid.report;

import org.jspecify.annotations.NullMarked;
