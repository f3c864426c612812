/**
 * braid's engine: structured concurrency on virtual threads for I/O-heavy jobs and fan-out.
 *
 * <p>Two forms. The <b>graph form</b> ({@link braid.core.Graph}, {@link braid.core.Engine#run}) declares tasks and
 * their inputs up front, like a small Airflow DAG that runs in one process: independent tasks start at once, a task
 * starts when its inputs are ready, and the result records every task's outcome and times. The <b>scope form</b>
 * ({@link braid.core.Engine#scope}, {@link braid.core.Scope#fork}) forks tasks imperatively, like asyncio's
 * {@code create_task} or the JDK's {@code StructuredTaskScope}: no fork outlives its scope, and a required fork's
 * failure cancels its siblings.
 *
 * <p>Every task runs under a {@link braid.core.Policy}: per-attempt and total timeouts, retries with backoff that
 * honour a server's {@link braid.core.RetryAfter}, required or optional, and the limits it holds. Limits are the
 * engine's ({@link braid.core.Engine.Builder}): fixed ({@code limit}), made per key on demand ({@code keyedLimit}),
 * rates ({@code rateLimit}, {@code keyedRateLimit}) and circuit breakers per key ({@code keyedBreaker}); a task never
 * holds one permit while it waits for another. For bulk work, {@link braid.core.Scope#forEachCompleted} takes
 * results as they complete, {@code maxQueuedForks} bounds forking, and {@link braid.core.Engine#collectAll} collects
 * every result and failure.
 *
 * <p>Time is the engine's {@link braid.core.Clock}: the system clock, a scaled one for rehearsals, or a
 * {@link braid.core.VirtualClock} that jumps to the next wake-up whenever every task waits, so tests of long
 * schedules take no time, repeat exactly, and fail with the blocked tasks named instead of hanging on a deadlock.
 * Failures read in words ({@link braid.core.Failures}). Types are non-null unless marked {@code @Nullable}
 * (JSpecify). Runs report to {@link braid.core.RunListener}s; the
 * {@code timeline} module records and renders them.
 */
@NullMarked
package braid.core;

import org.jspecify.annotations.NullMarked;
