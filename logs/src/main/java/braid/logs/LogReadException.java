package braid.logs;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.nio.file.Path;

/** A log file could not be read (missing, unreadable, a directory); carries the file's path. */
public class LogReadException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path path;

    public LogReadException(Path path, String problem, @Nullable Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** The file that could not be read. */
    public Path path() {
        return path;
    }
}
