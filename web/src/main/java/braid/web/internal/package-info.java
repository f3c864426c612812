/** Internals of braid.web: not API, may change in any release. */
@NullMarked
package braid.web.internal;

import org.jspecify.annotations.NullMarked;
