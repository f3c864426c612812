package braid.core;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * The static shape of one task: what it waits for and the policy it runs under.
 *
 * @param name        unique name of the task within its run
 * @param dependsOn   names of the tasks whose results it gathers, in declared order
 * @param timeout     per-attempt timeout, or {@code null} for none
 * @param maxAttempts attempts including the first (1 = no retries)
 * @param required    whether its failure fails the run
 * @param limits      names of the resources it holds a permit of while an attempt runs
 */
public record TaskInfo(String name, List<String> dependsOn, @Nullable Duration timeout, int maxAttempts,
                       boolean required, List<String> limits) {
    public TaskInfo {
        dependsOn = List.copyOf(dependsOn);
        limits = List.copyOf(limits);
    }
}
