package braid.timeline;

import org.jspecify.annotations.Nullable;
import java.io.IOException;

/**
 * A document is not a braid run record this code can read: another format, an unknown version, or
 * malformed content.
 */
public final class RunRecordFormatException extends IOException {
    private final @Nullable String format;
    private final int version;

    /**
     * @param message what is wrong
     * @param format  the document's {@code "format"} value, or {@code null} when absent
     * @param version the document's {@code "version"} value, or 0 when absent
     */
    public RunRecordFormatException(String message, @Nullable String format, int version) {
        super(message);
        this.format = format;
        this.version = version;
    }

    /** The document's {@code "format"} value, or {@code null} when absent or not yet read. */
    public @Nullable String format() {
        return format;
    }

    /** The document's {@code "version"} value, or 0 when absent or not yet read. */
    public int version() {
        return version;
    }
}
