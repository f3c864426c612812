package braid.logs;

import java.nio.file.Path;

/**
 * A line that could not be counted, kept as a sample: where it is, why, and its start.
 *
 * @param file the file the line is in
 * @param lineNumber 1-based line number within the (decompressed) file
 * @param reason why it was rejected, e.g. "invalid client address"
 * @param excerpt the line's first 160 bytes, non-printable bytes as {@code \xHH}
 */
public record MalformedLine(Path file, long lineNumber, String reason, String excerpt) {}
