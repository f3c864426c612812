package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * A typed reference to a task of a graph, returned by {@link Graph.Builder#add}; use it to declare
 * dependencies and to read the task's result from {@link Inputs} or a {@link RunResult}.
 * {@link #named} makes a reference by name alone (resolved when the graph is built). Immutable.
 */
public final class TaskRef<T extends @Nullable Object> {
    private final String name;

    TaskRef(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** A reference to the task called {@code name}, resolved (or rejected) when the graph is built. */
    public static <T extends @Nullable Object> TaskRef<T> named(String name) {
        return new TaskRef<>(name);
    }

    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskRef<?> r && r.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "TaskRef[" + name + "]";
    }
}
