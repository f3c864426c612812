/** braid.sandbox.internal.smtp: the stand-ins' internals. */
@NullMarked
package braid.sandbox.internal.smtp;

import org.jspecify.annotations.NullMarked;
