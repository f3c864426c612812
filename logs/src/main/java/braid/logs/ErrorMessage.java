package braid.logs;

import java.time.Instant;

/**
 * One distinct error-log message, with numbers, ids and addresses folded ({@code <n>}, {@code <id>},
 * {@code <ip>}), how often it occurred and when first and last.
 */
public record ErrorMessage(String level, String message, long count, Instant firstSeen, Instant lastSeen) {}
