/** braid.bench.mail. */
@NullMarked
package braid.bench.mail;

import org.jspecify.annotations.NullMarked;
