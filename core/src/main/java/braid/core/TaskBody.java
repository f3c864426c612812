package braid.core;

/** The work of a task without inputs. */
@FunctionalInterface
public interface TaskBody<T> {
    T run(TaskContext ctx) throws Exception;
}
