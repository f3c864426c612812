package braid.logs;

import java.nio.file.Path;

/**
 * A log file became another file while the set was read: logrotate renamed it (and its older siblings) in between,
 * so a file could have been read under two names and another not at all. Nothing of the read is used; listing the set
 * again and reading it again gives the right figures ({@code RotatedLogs.expand}).
 */
public final class LogsRotatedException extends LogReadException {
    private static final long serialVersionUID = 1L;

    public LogsRotatedException(Path path) {
        super(path, "became another file while the logs were read (a log rotation in between); they are read again", null);
    }
}
