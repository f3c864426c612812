package braid.logs;

/** A key (a path, a host name, a message) with how often it occurred. */
public record Count(String key, long count) {}
