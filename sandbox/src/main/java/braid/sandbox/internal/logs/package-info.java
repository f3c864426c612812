/** braid.sandbox.internal.logs: the stand-ins' internals. */
@NullMarked
package braid.sandbox.internal.logs;

import org.jspecify.annotations.NullMarked;
