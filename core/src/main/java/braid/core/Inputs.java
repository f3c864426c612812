package braid.core;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** The gathered results of the tasks a task depends on, in declared order. Immutable. */
public final class Inputs {
    /** The inputs of a fork: none. */
    static final Inputs NONE = new Inputs(List.of(), Map.of(), Map.of());

    private final List<String> names;
    private final Map<String, Object> values; // absent inputs are missing
    private final Map<String, String> absentReasons;

    Inputs(List<String> names, Map<String, Object> values, Map<String, String> absentReasons) {
        this.names = List.copyOf(names);
        this.values = values;
        this.absentReasons = absentReasons;
    }

    /**
     * The result of input {@code ref}.
     *
     * @throws NoSuchElementException if it is absent (an optional input that failed or was skipped)
     * @throws IllegalArgumentException if {@code ref} is not an input of this task
     */
    @SuppressWarnings("unchecked")
    public <T extends @Nullable Object> T get(TaskRef<T> ref) {
        check(ref);
        if (!values.containsKey(ref.name()))
            throw new NoSuchElementException("input '" + ref.name() + "' is absent: " + absentReasons.get(ref.name()));
        return (T) values.get(ref.name());
    }

    /** The result of input {@code ref}, or empty if it is absent. */
    @SuppressWarnings("unchecked")
    public <T extends @Nullable Object> Optional<T> optional(TaskRef<T> ref) {
        check(ref);
        return Optional.ofNullable((T) values.get(ref.name()));
    }

    /** Whether input {@code ref} is present. */
    public boolean isPresent(TaskRef<?> ref) {
        check(ref);
        return values.containsKey(ref.name());
    }

    /** Every input's result in declared order; {@code null} where absent. */
    public List<Object> values() {
        List<Object> out = new ArrayList<>(names.size());
        for (String n : names) out.add(values.get(n));
        return Collections.unmodifiableList(out);
    }

    private void check(TaskRef<?> ref) {
        if (!names.contains(ref.name()))
            throw new IllegalArgumentException("'" + ref.name() + "' is not an input of this task; inputs are " + names);
    }
}
