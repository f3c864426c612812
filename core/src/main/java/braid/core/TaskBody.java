package braid.core;

import org.jspecify.annotations.Nullable;

/** The work of a task without inputs. */
@FunctionalInterface
public interface TaskBody<T extends @Nullable Object> {
    T run(TaskContext ctx) throws Exception;
}
