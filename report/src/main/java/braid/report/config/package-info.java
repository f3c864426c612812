/**
 * The daily report's configuration: {@link braid.report.config.BraidConfig#load(java.nio.file.Path)}
 * reads and validates {@code braid.yaml} (documented in {@code docs/configuration.md}) into immutable
 * records, or throws a {@link braid.report.config.ConfigException} listing every problem.
 *
 * <p>All public types are immutable and thread-safe. No method returns null: absent values are empty
 * {@link java.util.Optional}s or empty collections. Secret values are {@link braid.report.config.Secret}s,
 * which print as {@code ***}.
 */
@NullMarked
package braid.report.config;

import org.jspecify.annotations.NullMarked;
