package braid.report.config;

import java.util.Objects;

/**
 * A secret configuration value (password, client secret, API key) that prints as {@code ***}.
 *
 * <p>Only the connector that needs the value calls {@link #reveal()}; everything else (logs, run
 * records, error messages, the HTML page) sees {@code ***}. Immutable and thread-safe.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps a secret value; the value must not be null. */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"));
    }

    /** Returns the secret value itself; call it only where the value is handed to a remote system. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /** Always {@code ***}, so that a secret never leaks through string concatenation or logging. */
    @Override
    public String toString() {
        return "***";
    }
}
