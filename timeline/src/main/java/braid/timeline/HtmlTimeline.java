package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.TaskOutcome;
import braid.timeline.internal.Durations;
import braid.timeline.internal.Html;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a run record as a self-contained HTML page: the summary figures, a Gantt timeline with a
 * bar per attempt (failed attempts and backoff gaps visible, the critical path highlighted, details
 * on hover) and the flowchart of the graph as inline SVG.
 *
 * <pre>{@code
 * Files.writeString(Path.of("run.html"), HtmlTimeline.render(record));
 * }</pre>
 *
 * <p>The page has no external resources (inline CSS, a few lines of inline JavaScript for the
 * tooltip) and opens offline. Every task name and error is HTML-escaped. A run of more than
 * {@value #DETAIL_LIMIT} tasks is summarised instead: running tasks over time, counts per outcome, and
 * bars for the {@value #LONGEST} longest tasks and the failed ones (at most {@value #MAX_FAILED_BARS}).
 * Stateless and thread-safe.
 */
public final class HtmlTimeline {
    /** The most tasks a page draws one by one; bigger runs are summarised. */
    public static final int DETAIL_LIMIT = 500;
    /** How many of the longest tasks a summarised page draws. */
    public static final int LONGEST = 50;
    /** How many failed tasks a summarised page draws at most. */
    public static final int MAX_FAILED_BARS = 1000;
    private static final int BUCKETS = 200;
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private HtmlTimeline() {}

    /** The page for {@code record}, times in UTC. */
    public static String render(RunRecord record) {
        return render(record, PageContext.UTC);
    }

    /**
     * The page for {@code record}: times in {@code page.zone()}, the business outcome first. A run that did not
     * succeed leads with its root cause and leaves out what means nothing for a failure (time saved, critical path).
     */
    public static String render(RunRecord record, PageContext page) {
        List<TaskRecord> tasks = treeOrder(record.tasks());
        boolean big = tasks.size() > DETAIL_LIMIT;
        long span = Math.max(1, record.totals().wallNanos());
        for (TaskRecord t : tasks) {
            span = Math.max(span, t.endNanos());
        }
        StringBuilder h = new StringBuilder(16_384 + Math.min(tasks.size(), DETAIL_LIMIT + MAX_FAILED_BARS) * 900);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"braid-timeline\">\n")
                .append("<title>").append(Html.escape(record.runName())).append(" · braid run</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        header(h, record, page);
        outcome(h, page);
        summary(h, record);
        if (page.lanes() != null) lanes(h, tasks, span, page.lanes());
        if (big) {
            h.append("<section id=\"concurrency\"><h2>Running tasks over time</h2>\n");
            concurrency(h, tasks, span);
            h.append("</section>\n");
            outcomeCounts(h, tasks);
            List<TaskRecord> shown = bigSelection(tasks);
            h.append("<section id=\"timeline\"><h2>Timeline</h2>\n<p class=\"note\">")
                    .append(String.format(Locale.ROOT, "%,d tasks: too many to draw one by one. ", tasks.size()))
                    .append("Shown: the ").append(LONGEST).append(" longest and the failed ones")
                    .append(failedCount(tasks) > MAX_FAILED_BARS
                            ? " (the first " + MAX_FAILED_BARS + " of " + String.format(Locale.ROOT, "%,d", failedCount(tasks)) + ")"
                            : "")
                    .append(", in start order.</p>\n");
            gantt(h, record, shown, span);
            h.append("</section>\n");
            h.append("<section id=\"flowchart\"><h2>Flowchart</h2><p class=\"note\">Not drawn for more than ")
                    .append(DETAIL_LIMIT).append(" tasks.</p></section>\n");
        } else {
            h.append("<section id=\"timeline\"><h2>Timeline</h2>\n");
            gantt(h, record, tasks, span);
            h.append("</section>\n");
            h.append("<section id=\"flowchart\"><h2>Flowchart</h2>\n");
            flowchart(h, record, tasks, span);
            h.append("</section>\n");
        }
        h.append("<div id=\"tip\" role=\"tooltip\"></div>\n<script>\n").append(JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, RunRecord r, PageContext page) {
        var started = r.startedAt().atZone(page.zone());
        h.append("<header><h1>").append(Html.escape(r.runName())).append("</h1>")
                .append("<span class=\"badge o-").append(r.outcome().name().toLowerCase(Locale.ROOT)).append("\">")
                .append(r.outcome()).append("</span>")
                .append("<span class=\"started\" title=\"").append(r.startedAt()).append("\">started ")
                .append(STARTED.format(started)).append(" (").append(Html.escape(page.zone().getId())).append(")</span></header>\n");
        if (r.error() != null) {
            h.append("<section id=\"cause\"><h2>Why it ").append(r.outcome() == braid.core.RunOutcome.CANCELLED ? "stopped"
                    : "failed").append("</h2><p class=\"error\">").append(Html.escape(r.error())).append("</p></section>\n");
        }
    }

    private static void outcome(StringBuilder h, PageContext page) {
        if (page.outcome().isEmpty()) return;
        h.append("<section class=\"cards\" id=\"outcome\">\n");
        for (PageContext.Figure f : page.outcome()) {
            String tone = f.count() == 0 ? "neutral"
                    : f.tone().name().toLowerCase(Locale.ROOT);
            h.append("<div class=\"card t-").append(tone).append("\"><div class=\"k\">").append(Html.escape(f.label()))
                    .append("</div><div class=\"v\">").append(String.format(Locale.ROOT, "%,d", f.count())).append("</div></div>\n");
        }
        h.append("</section>\n");
    }

    /** Each task followed by the tasks it forked (recursively), otherwise in the record's order. */
    static List<TaskRecord> treeOrder(List<TaskRecord> tasks) {
        Map<String, List<TaskRecord>> children = new HashMap<>();
        Set<String> names = new java.util.HashSet<>();
        for (TaskRecord t : tasks) names.add(t.name());
        List<TaskRecord> roots = new ArrayList<>();
        for (TaskRecord t : tasks) {
            if (t.parent() != null && names.contains(t.parent()) && !t.parent().equals(t.name())) {
                children.computeIfAbsent(t.parent(), k -> new ArrayList<>()).add(t);
            } else {
                roots.add(t);
            }
        }
        if (children.isEmpty()) return tasks;
        List<TaskRecord> out = new ArrayList<>(tasks.size());
        Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<TaskRecord> stack = new java.util.ArrayDeque<>();
        for (TaskRecord root : roots) {
            stack.push(root);
            while (!stack.isEmpty()) {
                TaskRecord t = stack.pop();
                if (!seen.add(t.name())) continue;
                out.add(t);
                List<TaskRecord> kids = children.getOrDefault(t.name(), List.of());
                for (int i = kids.size() - 1; i >= 0; i--) stack.push(kids.get(i));
            }
        }
        for (TaskRecord t : tasks) {
            if (seen.add(t.name())) out.add(t); // a cycle of parents (never made by the engine) still shows every task
        }
        return out;
    }

    private static void summary(StringBuilder h, RunRecord r) {
        RunRecord.Totals t = r.totals();
        CriticalPath cp = t.criticalPath();
        h.append("<section class=\"cards\" id=\"summary\">\n");
        if (r.outcome() != braid.core.RunOutcome.SUCCEEDED) {
            card(h, "Ended after", Durations.human(t.wallNanos()), "from start to " + r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            card(h, "Tasks", String.format(Locale.ROOT, "%,d", r.tasks().size()), counts(r.tasks()));
            h.append("</section>\n");
            return;
        }
        card(h, "Wall time", Durations.human(t.wallNanos()), "with the waits overlapped");
        card(h, "Sequential", Durations.human(t.sequentialNanos()), "sum of the top-level tasks");
        card(h, "Saved", Durations.human(t.savedNanos()), String.format(Locale.ROOT, "%.1f %% of sequential", t.savedPercent()));
        card(h, "Critical path", Durations.human(cp.lengthNanos()),
                cp.tasks().isEmpty() ? "no task ran" : String.join(" → ", cp.tasks()));
        card(h, "Tasks", String.format(Locale.ROOT, "%,d", r.tasks().size()), counts(r.tasks()));
        h.append("</section>\n");
    }

    private static void card(StringBuilder h, String title, String value, String sub) {
        h.append("<div class=\"card\"><div class=\"k\">").append(Html.escape(title)).append("</div><div class=\"v\">")
                .append(Html.escape(value)).append("</div><div class=\"s\">").append(Html.escape(sub)).append("</div></div>\n");
    }

    private static String counts(List<TaskRecord> tasks) {
        Map<TaskOutcome, Integer> c = outcomeMap(tasks);
        List<String> parts = new ArrayList<>();
        c.forEach((o, n) -> parts.add(String.format(Locale.ROOT, "%,d %s", n, o.name().toLowerCase(Locale.ROOT))));
        return String.join(", ", parts);
    }

    private static Map<TaskOutcome, Integer> outcomeMap(List<TaskRecord> tasks) {
        Map<TaskOutcome, Integer> c = new EnumMap<>(TaskOutcome.class);
        for (TaskRecord t : tasks) {
            c.merge(t.outcome(), 1, Integer::sum);
        }
        return c;
    }

    private static int failedCount(List<TaskRecord> tasks) {
        int n = 0;
        for (TaskRecord t : tasks) {
            if (t.outcome() == TaskOutcome.FAILED) {
                n++;
            }
        }
        return n;
    }

    private static void outcomeCounts(StringBuilder h, List<TaskRecord> tasks) {
        h.append("<section id=\"outcomes\"><h2>Outcomes</h2>\n<table class=\"counts\"><tr><th>Outcome</th><th>Tasks</th></tr>\n");
        outcomeMap(tasks).forEach((o, n) -> h.append("<tr><td><span class=\"dot o-").append(o.name().toLowerCase(Locale.ROOT))
                .append("\"></span>").append(o.name().toLowerCase(Locale.ROOT)).append("</td><td class=\"num\">")
                .append(String.format(Locale.ROOT, "%,d", n)).append("</td></tr>\n"));
        h.append("</table></section>\n");
    }

    private static List<TaskRecord> bigSelection(List<TaskRecord> tasks) {
        List<TaskRecord> started = new ArrayList<>();
        List<TaskRecord> failed = new ArrayList<>();
        for (TaskRecord t : tasks) {
            if (t.started()) {
                started.add(t);
            }
            if (t.outcome() == TaskOutcome.FAILED && failed.size() < MAX_FAILED_BARS) {
                failed.add(t);
            }
        }
        started.sort(Comparator.comparingLong(TaskRecord::durationNanos).reversed());
        Set<TaskRecord> chosen = new LinkedHashSet<>(started.subList(0, Math.min(LONGEST, started.size())));
        chosen.addAll(failed);
        List<TaskRecord> shown = new ArrayList<>(chosen);
        shown.sort(Comparator.comparingLong((TaskRecord t) -> t.started() ? t.startNanos() : Long.MAX_VALUE));
        return shown;
    }

    private static String pct(long nanos, long span) {
        return String.format(Locale.ROOT, "%.3f%%", 100.0 * nanos / span);
    }

    /** The critical path where it means something: for a run that succeeded. */
    private static CriticalPath critical(RunRecord record) {
        return record.outcome() == braid.core.RunOutcome.SUCCEEDED ? record.criticalPath() : CriticalPath.EMPTY;
    }

    private static void gantt(StringBuilder h, RunRecord record, List<TaskRecord> tasks, long span) {
        CriticalPath cp = critical(record);
        long step = Durations.tickStep(span, 8);
        String grid = "background-size:" + pct(step, span) + " 100%";
        Map<String, String> parents = new HashMap<>();
        for (TaskRecord t : record.tasks()) {
            if (t.parent() != null) {
                parents.put(t.name(), t.parent());
            }
        }
        h.append("<div class=\"gantt\">\n<div class=\"row axis\"><div class=\"label\"></div><div class=\"track\">");
        for (long at = 0; at <= span; at += step) {
            h.append("<span class=\"tick\" style=\"left:").append(pct(at, span)).append("\">")
                    .append(Durations.tick(at)).append("</span>");
        }
        h.append("</div></div>\n");
        for (TaskRecord t : tasks) {
            boolean crit = cp.contains(t.name());
            int depth = 0;
            for (String p = parents.get(t.name()); p != null && depth < 20; p = parents.get(p)) {
                depth++;
            }
            h.append("<div class=\"row").append(crit ? " crit" : "").append("\" data-task=\"").append(Html.escape(t.name()))
                    .append("\"><div class=\"label\" style=\"padding-left:").append(8 + 14 * depth).append("px\" data-tip=\"")
                    .append(Html.escape(taskTip(t, crit, span))).append("\">").append(crit ? "<span class=\"cp\">◆</span> " : "")
                    .append(Html.escape(t.name())).append("</div><div class=\"track\" style=\"").append(grid).append("\">");
            List<TaskRecord.Attempt> attempts = t.attemptsOrSingle();
            for (int i = 0; i < attempts.size(); i++) {
                TaskRecord.Attempt a = attempts.get(i);
                boolean last = i == attempts.size() - 1;
                if (i > 0) {
                    long gapStart = attempts.get(i - 1).endNanos();
                    if (a.startNanos() > gapStart) {
                        h.append("<div class=\"gap\" style=\"left:").append(pct(gapStart, span)).append(";width:")
                                .append(pct(a.startNanos() - gapStart, span)).append("\" data-tip=\"")
                                .append(Html.escape(t.name() + "\nbackoff before attempt " + (i + 1) + ": "
                                        + Durations.human(a.startNanos() - gapStart))).append("\"></div>");
                    }
                }
                String cls = !last ? "fail" : switch (t.outcome()) {
                    case SUCCEEDED -> "ok";
                    case FAILED -> "fail";
                    case CANCELLED, SKIPPED -> "cancel";
                };
                h.append("<div class=\"bar ").append(cls).append(crit ? " crit" : "").append("\" style=\"left:")
                        .append(pct(a.startNanos(), span)).append(";width:").append(pct(a.durationNanos(), span))
                        .append("\" data-tip=\"").append(Html.escape(attemptTip(t, a, i + 1, attempts.size(), crit, span))).append("\">");
                if (last) {
                    // A label right of a bar that ends near the edge would spill out of the chart.
                    boolean nearEnd = a.endNanos() > span * 0.85;
                    String where = !nearEnd ? "" : a.durationNanos() > span * 0.12 ? " in" : " before";
                    h.append("<span class=\"dur").append(where).append("\">").append(Html.escape(Durations.human(t.durationNanos()))).append("</span>");
                }
                h.append("</div>");
            }
            if (!t.started()) {
                String o = t.outcome().name().toLowerCase(Locale.ROOT);
                // "cancelled: fetch SAP clients failed", not "cancelled: cancelled: …"
                String why = t.error() == null ? o : t.error().startsWith(o) ? t.error() : o + ": " + t.error();
                h.append("<span class=\"never\">").append(Html.escape(why)).append("</span>");
            }
            h.append("</div></div>\n");
        }
        h.append("</div>\n<p class=\"legend\"><span class=\"sw ok\"></span>succeeded <span class=\"sw fail\"></span>failed attempt ")
                .append("<span class=\"sw gapsw\"></span>backoff <span class=\"sw cancel\"></span>cancelled")
                .append(cp.tasks().isEmpty() ? "" : " <span class=\"sw critsw\"></span>critical path").append("</p>\n");
    }

    private static String taskTip(TaskRecord t, boolean crit, long span) {
        StringBuilder b = new StringBuilder(t.name());
        b.append('\n').append(t.outcome().name().toLowerCase(Locale.ROOT));
        if (!t.required()) {
            b.append(" (optional)");
        }
        if (t.started()) {
            b.append("\nstart ").append(Durations.offset(t.startNanos(), span)).append(" · end ").append(Durations.offset(t.endNanos(), span))
                    .append(" · took ").append(Durations.human(t.durationNanos()));
        }
        b.append("\nattempts: ").append(t.attemptCount());
        if (t.parent() != null) {
            b.append("\nforked by: ").append(t.parent());
        }
        if (!t.dependsOn().isEmpty()) {
            b.append("\nneeds: ").append(String.join(", ", t.dependsOn()));
        }
        if (!t.limits().isEmpty()) {
            b.append("\nlimits: ").append(String.join(", ", t.limits()));
        }
        if (crit) {
            b.append("\non the critical path");
        }
        if (t.error() != null) {
            b.append("\nerror: ").append(t.error());
        }
        return b.toString();
    }

    private static String attemptTip(TaskRecord t, TaskRecord.Attempt a, int n, int of, boolean crit, long span) {
        StringBuilder b = new StringBuilder(t.name());
        if (of > 1) {
            b.append("\nattempt ").append(n).append(" of ").append(of);
        }
        b.append("\nstart ").append(Durations.offset(a.startNanos(), span)).append(" · end ").append(Durations.offset(a.endNanos(), span))
                .append(" · took ").append(Durations.human(a.durationNanos()));
        if (n == of) {
            b.append("\n").append(t.outcome().name().toLowerCase(Locale.ROOT));
            if (of > 1) {
                b.append(" after ").append(of).append(" attempts, ").append(Durations.human(t.durationNanos())).append(" in all");
            }
        }
        if (crit) {
            b.append("\non the critical path");
        }
        String err = n == of ? (a.error() != null ? a.error() : t.error()) : a.error();
        if (err != null) {
            b.append("\nerror: ").append(err);
        }
        return b.toString();
    }

    private static void concurrency(StringBuilder h, List<TaskRecord> tasks, long span) {
        long[] diff = new long[BUCKETS + 1];
        for (TaskRecord t : tasks) {
            if (t.started()) {
                int b0 = bucket(t.startNanos(), span);
                int b1 = bucket(t.endNanos(), span);
                diff[b0]++;
                diff[b1 + 1]--;
            }
        }
        long[] running = new long[BUCKETS];
        long max = 1;
        long cur = 0;
        for (int i = 0; i < BUCKETS; i++) {
            cur += diff[i];
            running[i] = cur;
            max = Math.max(max, cur);
        }
        int w = 1000;
        int ht = 180;
        int left = 56;
        int bottom = 24;
        double bw = (double) w / BUCKETS;
        h.append("<svg class=\"chart\" viewBox=\"0 0 ").append(left + w + 10).append(' ').append(ht + bottom + 10)
                .append("\" role=\"img\" aria-label=\"running tasks per time bucket\">\n");
        h.append("<text x=\"").append(left - 6).append("\" y=\"14\" class=\"ylab\">").append(String.format(Locale.ROOT, "%,d", max))
                .append("</text><text x=\"").append(left - 6).append("\" y=\"").append(ht + 4).append("\" class=\"ylab\">0</text>\n");
        h.append("<line x1=\"").append(left).append("\" y1=\"").append(ht + 0.5).append("\" x2=\"").append(left + w)
                .append("\" y2=\"").append(ht + 0.5).append("\" class=\"axisline\"/>\n");
        for (int i = 0; i < BUCKETS; i++) {
            if (running[i] == 0) {
                continue;
            }
            double bh = (double) ht * running[i] / max;
            long from = span * i / BUCKETS;
            long to = span * (i + 1) / BUCKETS;
            h.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" class=\"cbar\" data-tip=\"",
                    left + i * bw, ht - bh, bw, bh))
                    .append(String.format(Locale.ROOT, "%s – %s\n%,d running", Durations.human(from), Durations.human(to), running[i]))
                    .append("\"/>");
        }
        h.append('\n');
        long step = Durations.tickStep(span, 8);
        for (long at = 0; at <= span; at += step) {
            double x = left + (double) w * at / span;
            h.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%d\" class=\"axisline\"/>", x, ht, x, ht + 4))
                    .append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\" class=\"xlab\">", x, ht + 18))
                    .append(Durations.tick(at)).append("</text>");
        }
        h.append("\n</svg>\n");
    }

    /** The most lanes drawn; the rest are counted in a note. */
    static final int MAX_LANES = 200;

    /**
     * One row per lane (a host): its tasks' count, failures and most at once, and a strip whose shade says how many
     * of them ran in each time bucket, so that any number of tasks reads as one row per lane.
     */
    private static void lanes(StringBuilder h, List<TaskRecord> tasks, long span, PageContext.Lanes lanes) {
        Map<String, long[]> diff = new java.util.LinkedHashMap<>();
        Map<String, int[]> counts = new HashMap<>(); // tasks, failed
        List<TaskRecord> byStart = new ArrayList<>(tasks);
        byStart.sort(java.util.Comparator.comparingLong(TaskRecord::startNanos));
        for (TaskRecord t : byStart) {
            String lane = lanes.laneOf().apply(t);
            long[] d = diff.computeIfAbsent(lane, k -> new long[BUCKETS + 1]);
            int[] c = counts.computeIfAbsent(lane, k -> new int[2]);
            c[0]++;
            if (t.outcome() == TaskOutcome.FAILED) c[1]++;
            if (t.started()) {
                d[bucket(t.startNanos(), span)]++;
                d[bucket(t.endNanos(), span) + 1]--;
            }
        }
        h.append("<section id=\"lanes\"><h2>").append(Html.escape(lanes.title())).append("</h2>\n");
        if (diff.size() > MAX_LANES) {
            h.append("<p class=\"note\">").append(String.format(Locale.ROOT, "%,d lanes: the first %d by start are drawn.",
                    diff.size(), MAX_LANES)).append("</p>\n");
        }
        int rows = Math.min(diff.size(), MAX_LANES);
        int left = 300;
        int w = 1000;
        int rowH = 18;
        double bw = (double) w / BUCKETS;
        h.append("<svg class=\"chart lanes\" viewBox=\"0 0 ").append(left + w + 10).append(' ').append(rows * rowH + 28)
                .append("\" role=\"img\" aria-label=\"").append(Html.escape(lanes.title())).append(": tasks running per lane over time\">\n");
        int row = 0;
        for (var e : diff.entrySet()) {
            if (row == rows) break;
            long[] d = e.getValue();
            int[] c = java.util.Objects.requireNonNull(counts.get(e.getKey()));
            long cur = 0;
            long max = 1;
            long[] running = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                cur += d[i];
                running[i] = cur;
                max = Math.max(max, cur);
            }
            int y = row * rowH;
            String label = e.getKey() + String.format(Locale.ROOT, " · %,d", c[0]) + (c[1] > 0 ? String.format(Locale.ROOT, " · %,d failed", c[1]) : "");
            h.append("<text x=\"").append(left - 8).append("\" y=\"").append(y + 13).append("\" class=\"lanelab\">")
                    .append(Html.escape(label.length() > 48 ? label.substring(0, 47) + "…" : label)).append("</text>");
            h.append("<rect x=\"").append(left).append("\" y=\"").append(y + 2).append("\" width=\"").append(w)
                    .append("\" height=\"").append(rowH - 4).append("\" class=\"laneback\"/>");
            for (int i = 0; i < BUCKETS; i++) {
                if (running[i] == 0) continue;
                double op = 0.25 + 0.75 * running[i] / max;
                h.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" class=\"lanebar\" fill-opacity=\"%.2f\" data-tip=\"",
                        left + i * bw, y + 2, bw + 0.05, rowH - 4, op))
                        .append(Html.escape(e.getKey())).append(String.format(Locale.ROOT, "\n%s – %s\n%,d running (at most %,d)",
                                Durations.human(span * i / BUCKETS), Durations.human(span * (i + 1) / BUCKETS), running[i], max))
                        .append("\"/>");
            }
            h.append('\n');
            row++;
        }
        long step = Durations.tickStep(span, 8);
        int axisY = rows * rowH + 4;
        for (long at = 0; at <= span; at += step) {
            double x = left + (double) w * at / span;
            h.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\" class=\"xlab\">%s</text>", x, axisY + 14, Durations.tick(at)));
        }
        h.append("\n</svg>\n<p class=\"note\">Darker: more of the lane's tasks running at once.</p></section>\n");
    }

    private static int bucket(long at, long span) {
        return (int) Math.min(BUCKETS - 1, Math.max(0, (long) ((double) at / span * BUCKETS)));
    }

    private static final int BOX_W = 220;
    private static final int BOX_H = 46;
    private static final int GAP_X = 70;
    private static final int GAP_Y = 18;
    private static final int PAD = 12;

    private static void flowchart(StringBuilder h, RunRecord record, List<TaskRecord> tasks, long span) {
        if (tasks.isEmpty()) {
            h.append("<p class=\"note\">No tasks.</p>\n");
            return;
        }
        CriticalPath cp = critical(record);
        Map<String, TaskRecord> byName = new HashMap<>();
        for (TaskRecord t : tasks) {
            byName.put(t.name(), t);
        }
        Map<String, Integer> depth = new HashMap<>();
        for (TaskRecord t : tasks) {
            depthOf(t.name(), byName, depth, 0);
        }
        // Layers left to right by dependency depth; within a layer each box goes level with the
        // average of its inputs (pushed down where boxes would overlap), so edges stay short.
        Map<Integer, List<TaskRecord>> layers = new TreeMap<>();
        for (TaskRecord t : tasks) {
            layers.computeIfAbsent(depth.get(t.name()), k -> new ArrayList<>()).add(t);
        }
        Map<String, int[]> pos = new HashMap<>();
        int maxDepth = 0;
        int bottom = PAD;
        for (Map.Entry<Integer, List<TaskRecord>> layer : layers.entrySet()) {
            int d = layer.getKey();
            maxDepth = Math.max(maxDepth, d);
            Map<TaskRecord, Double> wanted = new HashMap<>();
            int slot = 0;
            for (TaskRecord t : layer.getValue()) {
                double sum = 0;
                int n = 0;
                for (String in : inputsOf(t)) {
                    int[] p = pos.get(in);
                    if (p != null) {
                        sum += p[1];
                        n++;
                    }
                }
                wanted.put(t, n > 0 ? sum / n : PAD + (double) slot * (BOX_H + GAP_Y));
                slot++;
            }
            List<TaskRecord> ordered = new ArrayList<>(layer.getValue());
            ordered.sort(Comparator.comparingDouble(wanted::get)); // stable: declaration order on ties
            int next = PAD;
            for (TaskRecord t : ordered) {
                int y = Math.max(next, (int) Math.round(java.util.Objects.requireNonNull(wanted.get(t))));
                pos.put(t.name(), new int[]{PAD + d * (BOX_W + GAP_X), y});
                next = y + BOX_H + GAP_Y;
                bottom = Math.max(bottom, y + BOX_H);
            }
        }
        int width = 2 * PAD + (maxDepth + 1) * BOX_W + maxDepth * GAP_X;
        int height = bottom + PAD;
        h.append("<div class=\"flow\"><svg viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"flowchart of the run\">\n")
                .append("<defs><marker id=\"arr\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#868e96\"/></marker>")
                .append("<marker id=\"arrc\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#e8590c\"/></marker></defs>\n");
        StringBuilder critical = new StringBuilder(); // drawn last so that no grey edge covers it
        for (TaskRecord t : tasks) {
            int[] to = java.util.Objects.requireNonNull(pos.get(t.name()), t.name());
            if (t.parent() != null && pos.containsKey(t.parent())) {
                edge(h, pos.get(t.parent()), to, "fork", "#arr");
            }
            for (String dep : t.dependsOn()) {
                int[] from = pos.get(dep);
                if (from != null) {
                    if (cp.isEdge(dep, t.name())) {
                        edge(critical, from, to, "edge crit", "#arrc");
                    } else {
                        edge(h, from, to, "edge", "#arr");
                    }
                }
            }
        }
        h.append(critical);
        for (TaskRecord t : tasks) {
            int[] p = java.util.Objects.requireNonNull(pos.get(t.name()), t.name());
            boolean crit = cp.contains(t.name());
            h.append("<g class=\"node o-").append(t.outcome().name().toLowerCase(Locale.ROOT)).append(crit ? " crit" : "")
                    .append("\" data-task=\"").append(Html.escape(t.name()))
                    .append("\" data-tip=\"").append(Html.escape(taskTip(t, crit, span))).append("\">")
                    .append("<rect x=\"").append(p[0]).append("\" y=\"").append(p[1]).append("\" width=\"").append(BOX_W)
                    .append("\" height=\"").append(BOX_H).append("\" rx=\"7\"/>")
                    .append("<text x=\"").append(p[0] + 10).append("\" y=\"").append(p[1] + 19).append("\" class=\"name\">")
                    .append(Html.escape(shorten(t.name(), 26))).append("</text>")
                    .append("<text x=\"").append(p[0] + 10).append("\" y=\"").append(p[1] + 36).append("\" class=\"dur\">")
                    .append(Html.escape(t.started() ? Durations.human(t.durationNanos())
                            + (t.outcome() == TaskOutcome.SUCCEEDED ? "" : " · " + t.outcome().name().toLowerCase(Locale.ROOT))
                            : t.outcome().name().toLowerCase(Locale.ROOT)))
                    .append("</text></g>\n");
        }
        h.append("</svg></div>\n");
    }

    private static void edge(StringBuilder h, int[] from, int[] to, String cls, String marker) {
        int x1 = from[0] + BOX_W;
        int y1 = from[1] + BOX_H / 2;
        int x2 = to[0] - 2;
        int y2 = to[1] + BOX_H / 2;
        int c = Math.max(20, (x2 - x1) / 2);
        h.append("<path class=\"").append(cls).append("\" d=\"M").append(x1).append(',').append(y1).append(" C").append(x1 + c)
                .append(',').append(y1).append(' ').append(x2 - c).append(',').append(y2).append(' ').append(x2).append(',').append(y2)
                .append("\" marker-end=\"url(").append(marker).append(")\"/>\n");
    }

    private static List<String> inputsOf(TaskRecord t) {
        if (t.parent() == null) {
            return t.dependsOn();
        }
        List<String> in = new ArrayList<>(t.dependsOn());
        in.add(t.parent());
        return in;
    }

    private static int depthOf(String name, Map<String, TaskRecord> byName, Map<String, Integer> memo, int guard) {
        Integer known = memo.get(name);
        if (known != null) {
            return known;
        }
        TaskRecord t = byName.get(name);
        int d = 0;
        if (t != null && guard < 1000) {
            for (String dep : t.dependsOn()) {
                if (byName.containsKey(dep)) {
                    d = Math.max(d, depthOf(dep, byName, memo, guard + 1) + 1);
                }
            }
            if (t.parent() != null && byName.containsKey(t.parent())) {
                d = Math.max(d, depthOf(t.parent(), byName, memo, guard + 1) + 1);
            }
        }
        memo.put(name, d);
        return d;
    }

    private static String shorten(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = Character.isHighSurrogate(s.charAt(max - 2)) ? max - 2 : max - 1;
        return s.substring(0, cut) + "…";
    }

    private static final String CSS = """
            :root{--bg:#f8f9fa;--fg:#212529;--muted:#6c757d;--line:#dee2e6;--ok:#4c6ef5;--fail:#e03131;--cancel:#adb5bd;--crit:#e8590c}
            *{box-sizing:border-box}
            body{margin:0;padding:24px 32px;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
            header{display:flex;align-items:baseline;gap:14px;flex-wrap:wrap}
            h1{font-size:22px;margin:0 0 8px}
            h2{font-size:16px;margin:28px 0 10px}
            .badge{font-size:12px;font-weight:600;padding:2px 8px;border-radius:10px;color:#fff;background:var(--muted)}
            .badge.o-succeeded{background:#2f9e44}.badge.o-failed,.badge.o-deadline_exceeded{background:var(--fail)}
            .started{color:var(--muted)}
            .error{color:var(--fail);background:#fff5f5;border:1px solid #ffc9c9;border-radius:6px;padding:10px 14px;font-size:15px;overflow-wrap:anywhere;margin:0}
            #cause h2{margin-top:16px}
            .card.t-good .v{color:#2f9e44}.card.t-bad{border-color:#ffc9c9;background:#fff5f5}.card.t-bad .v{color:var(--fail)}
            .card.t-warning{border-color:#ffe066;background:#fff9db}.card.t-warning .v{color:#e67700}.card.t-neutral .v{color:var(--muted)}
            .note{color:var(--muted)}
            .cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:12px}
            .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px;max-width:420px}
            .card .k{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
            .card .v{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
            .card .s{font-size:12px;color:var(--muted)}
            .gantt{background:#fff;border:1px solid var(--line);border-radius:8px;padding:8px 12px 8px 0}
            .row{display:flex;align-items:center;min-height:24px}
            .row:hover{background:#f1f3f5}
            .label{flex:0 0 260px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding-right:10px}
            .row.crit .label{font-weight:600}
            .cp{color:var(--crit)}
            .track{position:relative;flex:1;height:24px;background-image:linear-gradient(to right,#e9ecef 1px,transparent 1px);background-repeat:repeat-x}
            .axis .track{height:20px;background:none;border-bottom:1px solid var(--line)}
            .tick{position:absolute;bottom:2px;font-size:11px;color:var(--muted);transform:translateX(-50%);font-variant-numeric:tabular-nums}
            .tick:first-child{transform:none}
            .bar{position:absolute;top:5px;height:14px;min-width:2px;border-radius:3px;background:var(--ok)}
            .bar.fail{background:var(--fail)}
            .bar.cancel{background:repeating-linear-gradient(45deg,#ced4da,#ced4da 4px,#e9ecef 4px,#e9ecef 8px)}
            .bar.crit{box-shadow:0 0 0 2px var(--crit)}
            .bar .dur{position:absolute;left:100%;margin-left:6px;font-size:11px;color:var(--muted);white-space:nowrap;top:-1px}
            .bar .dur.in{left:auto;right:6px;margin-left:0;color:#fff}
            .bar.cancel .dur.in{color:var(--fg)}
            .bar .dur.before{left:auto;right:100%;margin-left:0;margin-right:6px}
            .gap{position:absolute;top:11px;height:0;border-top:2px dotted var(--fail)}
            .never{position:absolute;left:4px;right:0;top:3px;font-size:12px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
            .legend{font-size:12px;color:var(--muted)}
            .sw{display:inline-block;width:14px;height:10px;border-radius:2px;margin:0 4px 0 10px;vertical-align:middle;background:var(--ok)}
            .sw.fail{background:var(--fail)}.sw.cancel{background:var(--cancel)}.sw.critsw{background:#fff;box-shadow:0 0 0 2px var(--crit)}
            .sw.gapsw{background:none;height:0;border-top:2px dotted var(--fail)}
            .flow{background:#fff;border:1px solid var(--line);border-radius:8px;overflow:auto;max-height:80vh}
            .node rect{fill:#edf2ff;stroke:#91a7ff;stroke-width:1.2}
            .node.o-failed rect{fill:#fff5f5;stroke:var(--fail)}
            .node.o-cancelled rect,.node.o-skipped rect{fill:#f1f3f5;stroke:var(--cancel)}
            .node.crit rect{stroke:var(--crit);stroke-width:3}
            .node .name{font-size:13px;font-weight:600;fill:var(--fg)}
            .node .dur{font-size:12px;fill:var(--muted)}
            .edge{fill:none;stroke:#868e96;stroke-width:1.4}
            .edge.crit{stroke:var(--crit);stroke-width:2.6}
            .fork{fill:none;stroke:#adb5bd;stroke-width:1.2;stroke-dasharray:4 3}
            .chart{width:100%;max-width:1080px;background:#fff;border:1px solid var(--line);border-radius:8px}
            .cbar{fill:var(--ok)}.cbar:hover{fill:var(--crit)}
            .lanelab{font-size:12px;fill:var(--fg);text-anchor:end}.laneback{fill:var(--line);fill-opacity:.35}.lanebar{fill:var(--ok)}.lanebar:hover{fill:var(--crit)}
            .axisline{stroke:#adb5bd}
            .xlab{font-size:11px;fill:var(--muted);text-anchor:middle}
            .ylab{font-size:11px;fill:var(--muted);text-anchor:end}
            .counts{border-collapse:collapse;background:#fff;border:1px solid var(--line)}
            .counts td,.counts th{padding:4px 14px;border-bottom:1px solid var(--line);text-align:left}
            .counts .num{text-align:right;font-variant-numeric:tabular-nums}
            .dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:6px;background:var(--ok)}
            .dot.o-failed{background:var(--fail)}.dot.o-cancelled,.dot.o-skipped{background:var(--cancel)}
            #tip{position:fixed;display:none;pointer-events:none;z-index:10;max-width:420px;white-space:pre-line;background:#212529;color:#f8f9fa;font-size:12px;padding:7px 10px;border-radius:6px;box-shadow:0 4px 14px rgba(0,0,0,.25)}
            """;

    // Tooltips by delegation: one listener for thousands of bars; textContent keeps user data inert.
    private static final String JS = """
            (function(){var tip=document.getElementById('tip');
            document.addEventListener('mouseover',function(e){var t=e.target.closest&&e.target.closest('[data-tip]');
            if(!t){tip.style.display='none';return;}tip.textContent=t.getAttribute('data-tip');tip.style.display='block';});
            document.addEventListener('mousemove',function(e){if(tip.style.display!=='block')return;
            var x=Math.min(e.clientX+14,window.innerWidth-tip.offsetWidth-8),y=e.clientY+16;
            if(y+tip.offsetHeight>window.innerHeight-8)y=e.clientY-tip.offsetHeight-10;tip.style.left=x+'px';tip.style.top=y+'px';});
            })();
            """;
}
