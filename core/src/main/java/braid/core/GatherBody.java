package braid.core;

/** The work of a task that gathers the results of the tasks it depends on. */
@FunctionalInterface
public interface GatherBody<T> {
    T run(TaskContext ctx, Inputs inputs) throws Exception;
}
