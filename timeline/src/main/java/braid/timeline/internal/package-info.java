/** Internals of braid.timeline: not API, may change in any release. */
@NullMarked
package braid.timeline.internal;

import org.jspecify.annotations.NullMarked;
