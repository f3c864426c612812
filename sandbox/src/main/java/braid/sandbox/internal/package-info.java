/** braid.sandbox.internal: the stand-ins' internals. */
@NullMarked
package braid.sandbox.internal;

import org.jspecify.annotations.NullMarked;
