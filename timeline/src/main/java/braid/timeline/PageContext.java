package braid.timeline;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What a run's page shows beside the engine's record: the zone its wall-clock times are written in (the company's,
 * not the server's) and the run's business outcome (for the daily report: sent, failed, uncertain, suppressed,
 * invalid), which the engine cannot know.
 *
 * @param zone    the zone for wall-clock times
 * @param outcome the business figures, in the order shown; empty for none
 */
public record PageContext(ZoneId zone, List<Figure> outcome) {
    /** Times in UTC, no business outcome: what {@link HtmlTimeline#render(RunRecord)} uses. */
    public static final PageContext UTC = new PageContext(ZoneId.of("UTC"), List.of());

    public PageContext {
        Objects.requireNonNull(zone, "zone");
        outcome = List.copyOf(outcome);
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
