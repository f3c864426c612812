package braid.mail;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A send journal with a damaged line that is not its last: a crash can only tear the last line, so this is damage by
 * the disk or by an edit. Nothing is sent for the date until it is repaired, because the damaged line may be the
 * intent of a message a client already has (skipping it would send a second one) or a withdrawal (keeping the
 * intent would hold a message back). The message says how to repair it.
 */
public final class DamagedJournalException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    DamagedJournalException(Path file, int line, String text) {
        super("the send journal " + file + " is damaged at line " + line + " (its checksum does not match: "
                + preview(text) + "), and not at its end, where a crash would tear it; nothing is sent for this date"
                + " until it is repaired. To repair: look at the line; if it starts with I (an intent) the client it"
                + " names may have the message already. Delete the line (keep a copy of the file), then rerun: every"
                + " message whose intent remains is listed uncertain and only sent with --resend ID");
        this.file = file;
        this.line = line;
    }

    private static String preview(String text) {
        String t = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (t.length() > 120 ? t.substring(0, 120) + "…" : t) + "'";
    }

    /** The journal file. */
    public Path file() {
        return file;
    }

    /** The 1-based number of the damaged line. */
    public int line() {
        return line;
    }
}
