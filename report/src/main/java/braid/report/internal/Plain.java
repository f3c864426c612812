package braid.report.internal;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Failures in words for the terminal: the chain's messages, without Java class names where the message says enough. */
public final class Plain {
    private Plain() {}

    /** {@code run.json: No space left on device}, not {@code java.nio.file.FileSystemException: …}. */
    public static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = e; c != null && b.length() < 400; c = c.getCause() == c ? null : c.getCause()) {
            String m = words(c);
            if (m == null || b.indexOf(m) >= 0) continue;
            if (!b.isEmpty()) b.append(": ");
            b.append(m);
        }
        return b.isEmpty() ? "an unexpected error (" + e.getClass().getSimpleName() + ")" : b.toString();
    }

    /** The root cause of a step's failure in one line, as the engine words it: {@link braid.core.Failures#inWords}. */
    public static String rootCause(@Nullable Throwable t) {
        return braid.core.Failures.inWords(t);
    }

    private static @Nullable String words(Throwable t) {
        if (t instanceof NoSuchFileException f) return f.getFile() + ": no such file or directory";
        if (t instanceof AccessDeniedException f) return f.getFile() + ": permission denied";
        if (t instanceof FileSystemException f && f.getReason() != null)
            return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t instanceof IOException ? null : t.getClass().getSimpleName();
        }
        return m.strip();
    }
}
