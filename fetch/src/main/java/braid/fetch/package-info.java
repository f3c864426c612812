/**
 * Fetching many URLs at once: {@link braid.fetch.Fetcher} takes {@link braid.fetch.FetchRequest}s (read by {@link
 * braid.fetch.RequestReader} from URL lines or JSON lines) and hands over a {@link braid.fetch.FetchResult} for every
 * one, in the order they complete, with the run's {@link braid.fetch.FetchSummary} at the end.
 */
@NullMarked
package braid.fetch;

import org.jspecify.annotations.NullMarked;
