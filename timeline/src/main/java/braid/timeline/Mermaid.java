package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.TaskOutcome;
import braid.core.TaskInfo;
import braid.timeline.internal.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the flowchart of a run or of a plan as Mermaid text ({@code flowchart LR}), with the
 * critical path styled.
 *
 * <p>Node ids are derived from task names ({@code t_} plus letters, digits and underscores, made
 * unique); labels are quoted with Mermaid's entity codes for quotes, angle brackets, ampersands and
 * hashes, so any task name is safe. Edges are dependencies ({@code -->}) and, for tasks forked from
 * another task's context, dotted edges from the parent ({@code -.->}). Stateless and thread-safe.
 */
public final class Mermaid {
    private static final String CRITICAL_STYLE = "stroke:#d9480f,stroke-width:3px";

    private Mermaid() {}

    /** The flowchart of a recorded run: a box per task with its time, failures coloured, the critical path styled. */
    public static String render(RunRecord record) {
        List<Node> nodes = new ArrayList<>(record.tasks().size());
        for (TaskRecord t : record.tasks()) {
            String detail = t.started() ? Durations.human(t.durationNanos()) : t.outcome().name().toLowerCase();
            if (t.started() && t.outcome() != TaskOutcome.SUCCEEDED) {
                detail += ", " + t.outcome().name().toLowerCase();
            }
            if (t.attemptCount() > 1) {
                detail += ", " + t.attemptCount() + " attempts";
            }
            nodes.add(new Node(t.name(), t.parent(), t.dependsOn(), detail, t.outcome()));
        }
        return render(nodes, record.criticalPath());
    }

    /** The flowchart of a graph before it runs, without times or a critical path. */
    public static String render(List<TaskInfo> graph) {
        return render(graph, Map.of());
    }

    /**
     * The flowchart of a graph before it runs, labelled with the expected durations and with the
     * expected critical path ({@link CriticalPath#plan}) styled.
     *
     * @throws IllegalArgumentException as {@link CriticalPath#plan} does
     */
    public static String render(List<TaskInfo> graph, Map<String, Duration> expected) {
        CriticalPath path = expected.isEmpty() ? CriticalPath.EMPTY : CriticalPath.plan(graph, expected);
        List<Node> nodes = new ArrayList<>(graph.size());
        for (TaskInfo t : graph) {
            Duration d = expected.get(t.name());
            String detail = d == null ? null : "~" + Durations.human(d.toNanos());
            nodes.add(new Node(t.name(), null, t.dependsOn(), detail, null));
        }
        return render(nodes, path);
    }

    private record Node(String name, @Nullable String parent, List<String> dependsOn, @Nullable String detail,
                        @Nullable TaskOutcome outcome) {}

    private static String render(List<Node> nodes, CriticalPath critical) {
        Map<String, String> ids = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (Node n : nodes) {
            String base = "t_" + n.name().replaceAll("[^A-Za-z0-9_]", "_");
            String id = base;
            for (int k = 2; !used.add(id); k++) {
                id = base + "_" + k;
            }
            ids.put(n.name(), id);
        }
        StringBuilder out = new StringBuilder("flowchart LR\n");
        List<String> failed = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        for (Node n : nodes) {
            String id = ids.get(n.name());
            String label = escape(n.name()) + (n.detail() == null ? "" : "<br/>" + escape(n.detail()));
            out.append("    ").append(id).append("[\"").append(label).append("\"]\n");
            if (n.outcome() == TaskOutcome.FAILED) {
                failed.add(id);
            } else if (n.outcome() == TaskOutcome.CANCELLED || n.outcome() == TaskOutcome.SKIPPED) {
                stopped.add(id);
            }
        }
        int edge = 0;
        List<Integer> criticalEdges = new ArrayList<>();
        for (Node n : nodes) {
            String to = ids.get(n.name());
            if (n.parent() != null && ids.containsKey(n.parent())) {
                out.append("    ").append(ids.get(n.parent())).append(" -.-> ").append(to).append('\n');
                edge++;
            }
            for (String dep : n.dependsOn()) {
                String from = ids.get(dep);
                if (from == null) {
                    continue; // a dependency outside the record; nothing to draw it from
                }
                out.append("    ").append(from).append(" --> ").append(to).append('\n');
                if (critical.isEdge(dep, n.name())) {
                    criticalEdges.add(edge);
                }
                edge++;
            }
        }
        out.append("    classDef critical ").append(CRITICAL_STYLE).append(",font-weight:bold\n");
        out.append("    classDef failed fill:#ffe3e3,stroke:#c92a2a\n");
        out.append("    classDef stopped fill:#f1f3f5,stroke:#868e96,color:#495057\n");
        if (!failed.isEmpty()) {
            out.append("    class ").append(String.join(",", failed)).append(" failed\n");
        }
        if (!stopped.isEmpty()) {
            out.append("    class ").append(String.join(",", stopped)).append(" stopped\n");
        }
        List<String> critIds = new ArrayList<>();
        for (String name : critical.tasks()) {
            if (ids.containsKey(name)) {
                critIds.add(ids.get(name));
            }
        }
        if (!critIds.isEmpty()) {
            out.append("    class ").append(String.join(",", critIds)).append(" critical\n");
        }
        if (!criticalEdges.isEmpty()) {
            out.append("    linkStyle ").append(String.join(",", criticalEdges.stream().map(String::valueOf).toList()))
                    .append(' ').append(CRITICAL_STYLE).append('\n');
        }
        return out.toString();
    }

    /** Mermaid entity codes, so that a label cannot close its quotes or inject markup. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("#quot;");
                case '#' -> b.append("#35;");
                case '<' -> b.append("#lt;");
                case '>' -> b.append("#gt;");
                case '&' -> b.append("#amp;");
                case '`' -> b.append("#96;");
                case '\n', '\r', '\t' -> b.append(' ');
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
