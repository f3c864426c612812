package braid.report.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in a configuration file: where it is and what is wrong.
 *
 * <p>{@code line} and {@code column} are 1-based; 0 means the position is unknown (a missing
 * top-level section, an unreadable file). {@code path} is the dotted key path such as
 * {@code mail.smtp.port} (list elements as {@code logs.access[0]}), empty for the file as a whole.
 * The message never contains a secret value or a value read through {@code ${...}}.
 *
 * @param file    the configuration file
 * @param line    1-based line, 0 if unknown
 * @param column  1-based column, 0 if unknown
 * @param path    dotted key path, empty for the whole file
 * @param message what was expected and what was found
 */
public record ConfigProblem(Path file, int line, int column, String path, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column must be >= 0, got " + line + ":" + column);
        }
    }

    /** Formats as {@code file:line:column: path: message}, the way compilers report errors. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(file);
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(path).append(": ");
        }
        return sb.append(message).toString();
    }
}
