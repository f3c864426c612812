/** Internals of braid.logs: not API, may change in any release. */
@NullMarked
package braid.logs.internal;

import org.jspecify.annotations.NullMarked;
