package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Graph-form scheduling: a task starts the moment its last input ends, or is skipped/cancelled. */
final class GraphRun {
    private GraphRun() {}

    /** Creates the task runs of {@code graph}, wired to their inputs, in declaration order. */
    static List<TaskRun<?>> prepare(Run run, Graph graph) {
        Map<String, TaskRun<?>> byName = new LinkedHashMap<>();
        int index = 0;
        for (Graph.Node n : graph.nodes()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            TaskRun<?> t = new TaskRun(run, n.name(), null, n.policy(), n.body(), null);
            t.order = new int[]{run.number, index++};
            t.inGraph = true;
            t.inputNames = n.dependsOn();
            byName.put(n.name(), t);
        }
        for (TaskRun<?> t : byName.values()) {
            List<TaskRun<?>> in = new ArrayList<>(t.inputNames.size());
            for (String d : t.inputNames) {
                TaskRun<?> dep = java.util.Objects.requireNonNull(byName.get(d), d); // Graph.build checked every name
                in.add(dep);
                dep.dependants.add(t);
            }
            t.inputTasks = in;
            t.pendingInputs = in.size();
        }
        run.unfinished.set(byName.size());
        List<TaskRun<?>> tasks = new ArrayList<>(byName.values());
        run.setGraphTasks(tasks);
        return tasks;
    }

    /** Called by the thread of {@code done} as it ends: starts, skips or cancels the dependants now ready. */
    static void inputsReady(Run run, TaskRun<?> done) {
        for (TaskRun<?> d : done.dependants) {
            boolean ready;
            synchronized (d) {
                ready = --d.pendingInputs == 0;
            }
            if (ready) start(run, d);
        }
    }

    static void start(Run run, TaskRun<?> t) {
        if (run.isStopping()) {
            t.finishWithoutStart(TaskOutcome.CANCELLED, run.stopReason(t.name));
            return;
        }
        if (run.isDraining()) {
            t.finishWithoutStart(TaskOutcome.CANCELLED, run.drainReason());
            return;
        }
        Map<String, Object> values = new HashMap<>();
        Map<String, String> absent = new HashMap<>();
        for (TaskRun<?> in : t.inputTasks) {
            if (in.outcome() == TaskOutcome.SUCCEEDED) values.put(in.name, in.value());
            else absent.put(in.name, java.util.Objects.requireNonNull(in.outcome(), in.name).name().toLowerCase()
                    + (in.error() != null ? " (" + Events.describe(in.error()) + ")" : ""));
        }
        if (!absent.isEmpty() && !t.policy.acceptsAbsent()) {
            String first = absent.keySet().stream().filter(t.inputNames::contains).findFirst().orElseThrow();
            t.finishWithoutStart(TaskOutcome.SKIPPED,
                    new java.util.NoSuchElementException("input '" + first + "' is absent: " + absent.get(first)));
            return;
        }
        t.inputs = new Inputs(t.inputNames, values, absent);
        t.launch();
    }
}
