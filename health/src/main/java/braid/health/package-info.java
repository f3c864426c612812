/**
 * Health checks, run at once on the engine: {@link braid.health.HealthChecks} reads them from a {@code health:}
 * section, {@link braid.health.HealthRunner} runs them (a limit in all and 4 per host) and gives each a {@link
 * braid.health.CheckResult} with a Nagios status ({@link braid.health.Status}); {@link braid.health.Reports} prints
 * them as a table, JSON or Prometheus's text format.
 */
@NullMarked
package braid.health;

import org.jspecify.annotations.NullMarked;
