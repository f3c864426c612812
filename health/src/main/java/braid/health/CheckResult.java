package braid.health;

import java.util.Map;

/**
 * What one check found: its status, one line in plain words, and its measurements by name (such as
 * {@code latency_seconds}, {@code certificate_expiry_seconds}, {@code free_bytes}, {@code age_seconds}).
 */
public record CheckResult(String name, Status status, String message, Map<String, Double> measurements) {
    public CheckResult {
        measurements = Map.copyOf(measurements);
    }
}
