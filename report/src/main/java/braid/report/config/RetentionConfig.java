package braid.report.config;

/**
 * How long run records are kept in the state directory (section {@code retention}): records older
 * than {@code days} are deleted, and of the rest only the newest {@code runs} are kept.
 *
 * @param days delete run records older than this many days
 * @param runs keep at most this many run records
 * @param historyDays keep the daily figures per site (for the changes in the e-mail) this many days
 */
public record RetentionConfig(int days, int runs, int historyDays) {
    /** 30 days, 100 runs, 400 days of daily figures. */
    public static final RetentionConfig DEFAULT = new RetentionConfig(30, 100, 400);

    public RetentionConfig {
        if (historyDays < 8) {
            throw new IllegalArgumentException("historyDays must be >= 8 (a week back and a day), got " + historyDays);
        }
        if (days < 1 || runs < 1) {
            throw new IllegalArgumentException("days and runs must be >= 1, got days=" + days + ", runs=" + runs);
        }
    }
}
