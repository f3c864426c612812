/** The daily report's parts that are no API: figures, site matching, templates, history, health wiring. */
@NullMarked
package braid.report.internal;

import org.jspecify.annotations.NullMarked;
