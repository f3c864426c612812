package braid.core;

import java.time.Duration;

/** A task did not start: the circuit breaker of a key it names is open after too many failures in a row. */
public final class CircuitOpenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final String circuit;

    CircuitOpenException(String circuit, int failures, Duration remaining) {
        super("circuit '" + circuit + "' is open after " + failures + " failures in a row; it lets one attempt try again in "
                + Events.human(remaining));
        this.circuit = circuit;
    }

    /** The key whose breaker is open, e.g. {@code host:api.example.com}. */
    public String circuit() {
        return circuit;
    }
}
