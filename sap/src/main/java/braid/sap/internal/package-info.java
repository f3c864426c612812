/** Internals of braid.sap: not API, may change in any release. */
@NullMarked
package braid.sap.internal;

import org.jspecify.annotations.NullMarked;
