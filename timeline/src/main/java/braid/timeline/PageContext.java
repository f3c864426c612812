package braid.timeline;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a run's page shows beside the engine's record: the zone its wall-clock times are written in (the company's,
 * not the server's) and the run's business outcome (for the daily report: sent, failed, uncertain, suppressed,
 * invalid), which the engine cannot know.
 *
 * @param zone    the zone for wall-clock times
 * @param outcome the business figures, in the order shown; empty for none
 * @param lanes   tasks grouped into lanes (for {@code braid fetch}: one lane per host), or null for none
 */
public record PageContext(ZoneId zone, List<Figure> outcome, @Nullable Lanes lanes) {
    /** Times in UTC, no business outcome: what {@link HtmlTimeline#render(RunRecord)} uses. */
    public static final PageContext UTC = new PageContext(ZoneId.of("UTC"), List.of());

    public PageContext {
        Objects.requireNonNull(zone, "zone");
        outcome = List.copyOf(outcome);
    }

    /** A page without lanes. */
    public PageContext(ZoneId zone, List<Figure> outcome) {
        this(zone, outcome, null);
    }

    /** The same page with tasks grouped into lanes by {@code laneOf}, under the heading {@code title}. */
    public PageContext withLanes(String title, Function<TaskRecord, String> laneOf) {
        return new PageContext(zone, outcome, new Lanes(title, laneOf));
    }

    /**
     * Tasks grouped into lanes: each lane shows how many of its tasks ran at each moment, so that thousands of
     * requests read as one row per host.
     */
    public record Lanes(String title, Function<TaskRecord, String> laneOf) {
        public Lanes {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(laneOf, "laneOf");
        }
    }

    /** One business figure: a label, a count and how it should read. */
    public record Figure(String label, long count, Tone tone) {
        public Figure {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(tone, "tone");
        }
    }

    /** How a figure reads: green, grey, amber or red (a zero count of a bad thing reads neutral). */
    public enum Tone { GOOD, NEUTRAL, WARNING, BAD }
}
