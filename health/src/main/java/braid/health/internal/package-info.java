/** The probes behind each kind of check. */
@NullMarked
package braid.health.internal;

import org.jspecify.annotations.NullMarked;
