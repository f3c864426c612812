package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.TaskInfo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chain of tasks that decided a run's wall time, first task first, and how long it took.
 *
 * <p>For a recorded run ({@link #of}) the chain starts from the task that ended last and steps, as
 * long as the current task has dependencies, to the dependency that ended last before it started;
 * its length is the span from the first task's start to the last task's end (so waits for permits
 * between the links count, since they delayed the run too). For a plan ({@link #plan}) it is the
 * longest path through the graph by expected durations. Instances are immutable and thread-safe.
 *
 * @param tasks       task names, in the order they ran
 * @param lengthNanos the time the chain took (recorded) or is expected to take (planned)
 */
public record CriticalPath(List<String> tasks, long lengthNanos) {

    /** The path of a run with no task that started. */
    public static final CriticalPath EMPTY = new CriticalPath(List.of(), 0);

    public CriticalPath {
        tasks = List.copyOf(tasks);
        if (lengthNanos < 0) {
            throw new IllegalArgumentException("critical path length " + lengthNanos + " < 0");
        }
    }

    /** The length as a duration. */
    public Duration length() {
        return Duration.ofNanos(lengthNanos);
    }

    /** Whether the named task is on the path. */
    public boolean contains(String task) {
        return tasks.contains(task);
    }

    /** Whether {@code from → to} is a link of the path (to gathered from's result on the path). */
    public boolean isEdge(String from, String to) {
        for (int i = 0; i + 1 < tasks.size(); i++) {
            if (tasks.get(i).equals(from) && tasks.get(i + 1).equals(to)) {
                return true;
            }
        }
        return false;
    }

    /** The critical path of a recorded run, from its tasks' times. */
    public static CriticalPath of(List<TaskRecord> tasks) {
        TaskRecord last = null;
        for (TaskRecord t : tasks) {
            // ">=" so that among tasks ending together the later-declared one (usually the sink) wins,
            // but a top-level task beats a child forked inside it.
            if (t.started() && (last == null || t.endNanos() > last.endNanos()
                    || (t.endNanos() == last.endNanos() && (last.hasParent() || !t.hasParent())))) {
                last = t;
            }
        }
        if (last == null) {
            return EMPTY;
        }
        // Built only when the chain has a link to follow: flat runs of a million tasks skip it.
        Map<String, TaskRecord> byName = last.dependsOn().isEmpty() ? Map.of() : new HashMap<>(tasks.size() * 4 / 3 + 1);
        for (TaskRecord t : last.dependsOn().isEmpty() ? List.<TaskRecord>of() : tasks) {
            byName.put(t.name(), t);
        }
        List<String> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        TaskRecord cur = last;
        TaskRecord first = last;
        while (cur != null && seen.add(cur.name())) {
            chain.add(cur.name());
            first = cur;
            TaskRecord next = null;
            for (String dep : cur.dependsOn()) {
                TaskRecord d = byName.get(dep);
                if (d != null && d.started() && d.endNanos() <= cur.startNanos()
                        && (next == null || d.endNanos() > next.endNanos())) {
                    next = d;
                }
            }
            cur = next;
        }
        Collections.reverse(chain);
        return new CriticalPath(chain, last.endNanos() - first.startNanos());
    }

    /**
     * The expected critical path of a graph before it runs: the longest chain by expected durations.
     *
     * @param graph    the tasks, as {@code RunStart.graph()} or {@code Graph} lists them
     * @param expected expected duration per task name; a task not in the map counts as taking no time
     * @throws IllegalArgumentException when a task depends on an unknown task, names repeat, or the
     *                                  dependencies form a cycle
     */
    public static CriticalPath plan(List<TaskInfo> graph, Map<String, Duration> expected) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < graph.size(); i++) {
            if (index.put(graph.get(i).name(), i) != null) {
                throw new IllegalArgumentException("task name appears twice: " + graph.get(i).name());
            }
        }
        int n = graph.size();
        int[] pending = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (String dep : graph.get(i).dependsOn()) {
                Integer d = index.get(dep);
                if (d == null) {
                    throw new IllegalArgumentException("task " + graph.get(i).name() + " depends on unknown task " + dep);
                }
                pending[i]++;
                dependents.get(d).add(i);
            }
        }
        long[] finish = new long[n];
        int[] via = new int[n];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            via[i] = -1;
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        int done = 0;
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done++;
            TaskInfo t = graph.get(i);
            long startAt = 0;
            for (String dep : t.dependsOn()) {
                int d = java.util.Objects.requireNonNull(index.get(dep), dep);
                if (via[i] < 0 && finish[d] >= startAt || finish[d] > startAt) {
                    startAt = finish[d];
                    via[i] = d;
                }
            }
            Duration e = expected.getOrDefault(t.name(), Duration.ZERO);
            if (e.isNegative()) {
                throw new IllegalArgumentException("expected duration of " + t.name() + " is negative: " + e);
            }
            finish[i] = startAt + e.toNanos();
            for (int k : dependents.get(i)) {
                if (--pending[k] == 0) {
                    ready.add(k);
                }
            }
        }
        if (done < n) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (pending[i] > 0) {
                    stuck.add(graph.get(i).name());
                }
            }
            throw new IllegalArgumentException("dependencies form a cycle among " + stuck);
        }
        if (n == 0) {
            return EMPTY;
        }
        int end = 0;
        for (int i = 1; i < n; i++) {
            if (finish[i] >= finish[end]) {
                end = i;
            }
        }
        List<String> chain = new ArrayList<>();
        for (int i = end; i >= 0; i = via[i]) {
            chain.add(graph.get(i).name());
        }
        Collections.reverse(chain);
        return new CriticalPath(chain, finish[end]);
    }
}
