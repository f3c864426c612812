package braid.core;

import org.jspecify.annotations.Nullable;

/** The work of a task that gathers the results of the tasks it depends on. */
@FunctionalInterface
public interface GatherBody<T extends @Nullable Object> {
    T run(TaskContext ctx, Inputs inputs) throws Exception;
}
