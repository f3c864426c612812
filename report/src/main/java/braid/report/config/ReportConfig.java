package braid.report.config;

import java.util.Objects;

/**
 * How the per-client report is assembled and the run's safety checks (section {@code report}).
 *
 * @param siteMatch            how a client's site is found in the logs
 * @param companyWideFigures   whether clients without their own site get the company totals
 * @param minClients           fewer clients from SAP fail the run (unless forced)
 * @param maxClientDropPercent a larger drop in client count since the last successful run, in percent
 *                             (0 to 100), refuses to send (unless forced)
 * @param deadline             the whole run must end within this (then it is cancelled: nothing new is sent, unsent
 *                             messages are left for a rerun); empty for no deadline
 * @param clientHealth         each client's e-mail tells how their website did in the {@code clientWebsites} health
 *                             check (up, response time, certificate days)
 */
public record ReportConfig(SiteMatchConfig siteMatch, boolean companyWideFigures, int minClients,
        double maxClientDropPercent, java.util.Optional<java.time.Duration> deadline, boolean clientHealth) {

    /** All defaults. */
    public static final ReportConfig DEFAULT = new ReportConfig(SiteMatchConfig.DEFAULT, false, 1, 20.0,
            java.util.Optional.empty(), false);

    public ReportConfig {
        Objects.requireNonNull(siteMatch, "siteMatch");
        Objects.requireNonNull(deadline, "deadline");
        if (minClients < 0) {
            throw new IllegalArgumentException("minClients must be >= 0, got " + minClients);
        }
        if (!(maxClientDropPercent >= 0 && maxClientDropPercent <= 100)) {
            throw new IllegalArgumentException("maxClientDropPercent must be 0..100, got " + maxClientDropPercent);
        }
    }
}
