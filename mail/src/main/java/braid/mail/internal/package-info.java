/** Internals of braid.mail: not API, may change in any release. */
@NullMarked
package braid.mail.internal;

import org.jspecify.annotations.NullMarked;
