package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A directed acyclic graph of named tasks: each declares the tasks whose results it gathers.
 * Independent tasks run at once; a task starts the moment its inputs are ready. The graph can be
 * inspected ({@link #tasks()}) before it runs, e.g. for a flowchart or a critical-path plan.
 *
 * <pre>{@code
 * Graph.Builder g = Graph.builder();
 * TaskRef<String> news = g.add("read website", Policy.DEFAULT.optional(), ctx -> fetchNews());
 * TaskRef<Stats> logs = g.add("analyse logs", ctx -> analyse());
 * g.add("send", Policy.DEFAULT.receiveAbsent(), List.of(news, logs),
 *       (ctx, in) -> send(in.optional(news), in.get(logs)));
 * RunResult r = engine.run(g.build());
 * }</pre>
 *
 * Immutable and reusable; the builder is not thread-safe.
 */
public final class Graph {
    private final String name;
    private final List<Node> nodes;

    record Node(String name, Policy policy, List<String> dependsOn, GatherBody<?> body) {}

    private Graph(String name, List<Node> nodes) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
    }

    /** A new builder for a graph named "run". */
    public static Builder builder() {
        return new Builder("run");
    }

    /** A new builder for a graph with the given run name. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The run name. */
    public String name() {
        return name;
    }

    /** Every task's shape, in declaration order. */
    public List<TaskInfo> tasks() {
        List<TaskInfo> out = new ArrayList<>(nodes.size());
        for (Node n : nodes) out.add(info(n.name, n.policy, n.dependsOn));
        return out;
    }

    static TaskInfo info(String name, Policy p, List<String> deps) {
        return new TaskInfo(name, deps, p.timeout(), p.retry().maxAttempts(), p.isRequired(), p.limits());
    }

    List<Node> nodes() {
        return nodes;
    }

    /** Collects tasks; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<Node> nodes = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** Adds a task without inputs under {@link Policy#DEFAULT}. */
        public <T extends @Nullable Object> TaskRef<T> add(String name, TaskBody<T> body) {
            return add(name, Policy.DEFAULT, body);
        }

        /** Adds a task without inputs. */
        public <T extends @Nullable Object> TaskRef<T> add(String name, Policy policy, TaskBody<T> body) {
            Objects.requireNonNull(body, "body");
            return add(name, policy, List.of(), (ctx, in) -> body.run(ctx));
        }

        /** Adds a task that gathers the results of {@code dependsOn}, in that order. */
        public <T extends @Nullable Object> TaskRef<T> add(String name, Policy policy, List<? extends TaskRef<?>> dependsOn, GatherBody<T> body) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(policy, "policy of task '" + name + "'");
            Objects.requireNonNull(body, "body of task '" + name + "'");
            List<String> deps = new ArrayList<>();
            for (TaskRef<?> r : dependsOn) deps.add(Objects.requireNonNull(r, "dependency of task '" + name + "'").name());
            nodes.add(new Node(name, policy, List.copyOf(deps), body));
            return new TaskRef<>(name);
        }

        /**
         * Validates and builds the graph.
         *
         * @throws IllegalArgumentException naming the task(s), for a blank or duplicate name, an unknown
         *                                  dependency, a task depending on itself, or a cycle
         */
        public Graph build() {
            Map<String, Node> byName = new LinkedHashMap<>();
            for (Node n : nodes) {
                if (n.name.isBlank()) throw new IllegalArgumentException("a task has a blank name");
                if (byName.putIfAbsent(n.name, n) != null)
                    throw new IllegalArgumentException("duplicate task name '" + n.name + "'");
            }
            for (Node n : nodes) {
                for (String d : n.dependsOn) {
                    if (d.equals(n.name)) throw new IllegalArgumentException("task '" + n.name + "' depends on itself");
                    if (!byName.containsKey(d))
                        throw new IllegalArgumentException("task '" + n.name + "' depends on unknown task '" + d + "'");
                }
                if (n.dependsOn.stream().distinct().count() != n.dependsOn.size())
                    throw new IllegalArgumentException("task '" + n.name + "' lists a dependency twice: " + n.dependsOn);
            }
            List<String> cycle = findCycle(byName);
            if (cycle != null) throw new IllegalArgumentException("tasks form a cycle: " + String.join(" → ", cycle));
            return new Graph(name, nodes);
        }

        private static @Nullable List<String> findCycle(Map<String, Node> byName) {
            Map<String, Integer> state = new HashMap<>(); // 1 = on stack, 2 = done
            for (String start : byName.keySet()) {
                if (state.containsKey(start)) continue;
                Deque<String> path = new ArrayDeque<>();
                Deque<java.util.Iterator<String>> its = new ArrayDeque<>();
                path.push(start);
                its.push(byName.get(start).dependsOn.iterator());
                state.put(start, 1);
                while (!path.isEmpty()) {
                    var it = its.peek();
                    if (it.hasNext()) {
                        String d = it.next();
                        Integer s = state.get(d);
                        if (s == null) {
                            state.put(d, 1);
                            path.push(d);
                            its.push(java.util.Objects.requireNonNull(byName.get(d)).dependsOn.iterator());
                        } else if (s == 1) {
                            List<String> stack = new ArrayList<>(path);
                            Collections.reverse(stack);
                            List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(d), stack.size()));
                            cycle.add(d);
                            Collections.reverse(cycle); // dependant → dependency order reads "a needs b needs a"
                            return cycle;
                        }
                    } else {
                        state.put(path.pop(), 2);
                        its.pop();
                    }
                }
            }
            return null;
        }
    }
}
