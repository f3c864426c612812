package braid.report;

/**
 * A run option that names something the day does not have (an unknown client in {@code --only}, a Message-ID of
 * {@code --resend} that is none of the day's): bad usage, exit 2, found once SAP's clients are known and before
 * anything is sent.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
