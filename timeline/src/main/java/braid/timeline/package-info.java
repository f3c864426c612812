/**
 * The record of a run and its renderers: {@link braid.timeline.RunRecorder} listens to a run and
 * yields a {@link braid.timeline.RunRecord} (a versioned JSON document), which
 * {@link braid.timeline.BreakdownTable}, {@link braid.timeline.HtmlTimeline} and
 * {@link braid.timeline.Mermaid} turn into text, a web page and a flowchart;
 * {@link braid.timeline.ConsoleProgress} shows a run live.
 *
 * <p>Unless a type says otherwise, {@code null} is not accepted as an argument.
 */
@NullMarked
package braid.timeline;

import org.jspecify.annotations.NullMarked;
