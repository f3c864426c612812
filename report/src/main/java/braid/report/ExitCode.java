package braid.report;

/** The exit codes scripts can trust; documented in {@code braid --help} and the README. */
public final class ExitCode {
    /** Everything that could be sent was sent (invalid addresses are warnings). */
    public static final int OK = 0;
    /** The run failed: SAP down, SMTP down or refusing auth, no log lines for the date, zero clients. */
    public static final int FAILED = 1;
    /** Bad usage or configuration. */
    public static final int USAGE = 2;
    /** Partial: some e-mails failed or are uncertain. */
    public static final int PARTIAL = 3;

    private ExitCode() {}
}
