package braid.logs.internal;

/** A malformed line seen by a worker, located by file, chunk and line within the chunk. */
record Sample(int file, int chunk, int lineInChunk, String reason, String excerpt) implements java.io.Serializable {}
