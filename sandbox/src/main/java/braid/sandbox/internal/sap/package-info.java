/** braid.sandbox.internal.sap: the stand-ins' internals. */
@NullMarked
package braid.sandbox.internal.sap;

import org.jspecify.annotations.NullMarked;
