package braid.report.internal;

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

    private static final java.util.regex.Pattern QUERY = java.util.regex.Pattern.compile("(https?://[^\\s?\"'()]+)\\?[^\\s\"')]*");

    /**
     * The root cause of a step's failure in one line: the engine's wrappers ("task 'x' failed") are skipped, the
     * message is used without the exception's class name (the class only when there is no message, in words where
     * braid knows them), and URLs lose their query ({@code https://sap/…/A_BusinessPartner?$select=…} becomes
     * {@code https://sap/…/A_BusinessPartner}).
     */
    public static String rootCause(Throwable t) {
        if (t == null) return "(no detail)";
        Throwable c = t;
        while ((c instanceof braid.core.TaskFailedException || c instanceof braid.core.RunFailedException
                || c instanceof java.util.concurrent.ExecutionException) && c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = switch (c) {
            case java.net.UnknownHostException u -> "cannot resolve host " + (u.getMessage() == null ? "" : u.getMessage());
            case java.net.ConnectException e when e.getMessage() == null -> "connection refused";
            case braid.core.TaskTimeoutException e -> e.getMessage();
            case java.util.concurrent.CancellationException e -> e.getMessage() == null ? "cancelled" : e.getMessage();
            default -> words(c);
        };
        if (m == null || m.isBlank()) m = "an unexpected error (" + c.getClass().getSimpleName() + ")";
        return QUERY.matcher(m.strip()).replaceAll("$1");
    }

    private static String words(Throwable t) {
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
