/**
 * Reads a company website's news: feed discovery, RSS/Atom/RDF parsing, CSS-selector page
 * scraping, conditional GET with a persistent cache, and typed fetch failures.
 *
 * <p>Entry point: {@link braid.web.NewsReader}. Everything in {@code braid.web.internal} is
 * implementation and may change without notice.
 */
@NullMarked
package braid.web;

import org.jspecify.annotations.NullMarked;
