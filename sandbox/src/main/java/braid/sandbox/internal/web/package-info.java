/** braid.sandbox.internal.web: the stand-ins' internals. */
@NullMarked
package braid.sandbox.internal.web;

import org.jspecify.annotations.NullMarked;
