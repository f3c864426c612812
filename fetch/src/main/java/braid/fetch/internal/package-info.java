/** The fetcher's parts: one exchange, extraction, links, robots.txt, figures. */
@NullMarked
package braid.fetch.internal;

import org.jspecify.annotations.NullMarked;
