package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.TaskInfo;
import braid.timeline.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A graph's flowchart as text for a terminal: the tasks in stages (a stage starts when the one it waits for ends;
 * the tasks of one stage run at once), each with its expected duration and what it waits for, the critical path
 * marked, then the expected wall time against one after another. Durations in the same style as every other braid
 * output ({@code 477 ms}, {@code 1.28 s}, {@code 23:00}). Stateless and thread-safe.
 *
 * <pre>
 *  1 ┬ read website news         ~477 ms
 *    ├ analyse logs              ~604 ms   ◆
 *    └ fetch SAP clients         ~552 ms
 *  2 └ check the client count    ~4 ms     ← fetch SAP clients
 *  3 └ merge and send e-mail     ~1.28 s   ◆ ← read website news, analyse logs, check the client count
 * </pre>
 */
public final class TextPlan {
    private TextPlan() {}

    /**
     * The plan of {@code graph} with {@code expected} durations (a task not in the map counts as taking no time).
     *
     * @throws IllegalArgumentException as {@link CriticalPath#plan} does
     */
    public static String render(List<TaskInfo> graph, Map<String, Duration> expected) {
        CriticalPath critical = CriticalPath.plan(graph, expected);
        Map<String, TaskInfo> byName = new HashMap<>();
        for (TaskInfo t : graph) byName.put(t.name(), t);
        Map<String, Integer> stage = new HashMap<>();
        for (TaskInfo t : graph) stageOf(t.name(), byName, stage);
        Map<Integer, List<TaskInfo>> stages = new TreeMap<>();
        for (TaskInfo t : graph) stages.computeIfAbsent(stage.get(t.name()), k -> new ArrayList<>()).add(t);
        int nameWidth = 4;
        int durWidth = 4;
        for (TaskInfo t : graph) {
            nameWidth = Math.max(nameWidth, t.name().length());
            durWidth = Math.max(durWidth, duration(expected.get(t.name())).length());
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Integer, List<TaskInfo>> s : stages.entrySet()) {
            List<TaskInfo> tasks = s.getValue();
            for (int i = 0; i < tasks.size(); i++) {
                TaskInfo t = tasks.get(i);
                String number = i == 0 ? String.format(Locale.ROOT, "%2d", s.getKey() + 1) : "  ";
                String branch = tasks.size() == 1 ? "─" : i == 0 ? "┬" : i == tasks.size() - 1 ? "└" : "├";
                StringBuilder line = new StringBuilder().append(number).append(' ').append(branch).append(' ')
                        .append(pad(t.name(), nameWidth)).append("  ").append(pad(duration(expected.get(t.name())), durWidth));
                if (critical.contains(t.name())) line.append("  ◆");
                if (!t.dependsOn().isEmpty()) line.append(critical.contains(t.name()) ? " " : "  ").append("← ").append(String.join(", ", t.dependsOn()));
                out.append(line.toString().stripTrailing()).append('\n');
            }
        }
        Duration sequential = Duration.ZERO;
        for (TaskInfo t : graph) sequential = sequential.plus(expected.getOrDefault(t.name(), Duration.ZERO));
        out.append("◆ critical path: ").append(critical.tasks().isEmpty() ? "none" : String.join(" → ", critical.tasks()))
                .append(" = ").append(Durations.human(critical.lengthNanos())).append('\n');
        out.append("  one after another: ").append(Durations.human(sequential.toNanos())).append('\n');
        return out.toString();
    }

    private static int stageOf(String name, Map<String, TaskInfo> byName, Map<String, Integer> memo) {
        Integer known = memo.get(name);
        if (known != null) return known;
        memo.put(name, 0); // a cycle (rejected by CriticalPath.plan before this runs) cannot recurse forever
        int s = 0;
        for (String dep : java.util.Objects.requireNonNull(byName.get(name), name).dependsOn()) s = Math.max(s, stageOf(dep, byName, memo) + 1);
        memo.put(name, s);
        return s;
    }

    private static String duration(@Nullable Duration d) {
        return d == null ? "?" : "~" + Durations.human(d.toNanos());
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
