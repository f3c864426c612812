package braid.report.config;

/**
 * How long run records are kept in the state directory (section {@code retention}): records older
 * than {@code days} are deleted, and of the rest only the newest {@code runs} are kept.
 *
 * @param days delete run records older than this many days
 * @param runs keep at most this many run records
 */
public record RetentionConfig(int days, int runs) {
    /** 30 days, 100 runs. */
    public static final RetentionConfig DEFAULT = new RetentionConfig(30, 100);

    public RetentionConfig {
        if (days < 1 || runs < 1) {
            throw new IllegalArgumentException("days and runs must be >= 1, got days=" + days + ", runs=" + runs);
        }
    }
}
