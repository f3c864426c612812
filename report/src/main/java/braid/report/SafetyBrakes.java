package braid.report;

import braid.report.config.BraidConfig;
import braid.report.internal.LastRun;
import java.util.Locale;
import java.util.Optional;

/** Refuses to mail when the client list looks wrong: too few clients, or far fewer than last time. */
public final class SafetyBrakes {
    private SafetyBrakes() {}

    /** Thrown when a brake holds; {@code --force} releases the drop brake, never the zero-client one. */
    public static final class BrakeException extends Exception {
        public BrakeException(String message) {
            super(message);
        }
    }

    /**
     * Like {@link #check(BraidConfig, ReportOptions, int, Optional)} with the state directory's {@code last-run.json};
     * a damaged file holds the brake (with {@code --force} it is released, as for a drop).
     */
    public static void check(BraidConfig cfg, ReportOptions opt, int clients) throws BrakeException {
        Optional<LastRun> last;
        try {
            last = LastRun.readStrict(cfg.stateDir());
        } catch (LastRun.Damaged e) {
            if (clients == 0) throw new BrakeException("SAP returned zero clients; nothing to send");
            if (opt.force()) return;
            throw new BrakeException(e.getMessage() + ": the client-drop brake cannot compare today's " + clients
                    + " clients with the last successful run. Check the count, then rerun with --force (a successful run"
                    + " rewrites the file), or delete the file to start the comparison afresh");
        }
        check(cfg, opt, clients, last);
    }

    public static void check(BraidConfig cfg, ReportOptions opt, int clients, Optional<LastRun> last) throws BrakeException {
        if (clients == 0) throw new BrakeException("SAP returned zero clients; nothing to send");
        int min = cfg.report().minClients();
        if (clients < min && !opt.force())
            throw new BrakeException("SAP returned " + clients + " clients, fewer than report.minClients (" + min + "); rerun with --force to send anyway");
        if (last.isPresent() && last.get().clients() > 0 && !opt.force()) {
            int before = last.get().clients();
            double drop = 100.0 * (before - clients) / before;
            double allowed = cfg.report().maxClientDropPercent();
            if (drop > allowed)
                throw new BrakeException(String.format(Locale.ROOT,
                        "the client count fell from %d (last successful run, %s) to %d: %.1f %% > report.maxClientDrop %.1f %%; rerun with --force to send anyway",
                        before, last.get().date(), clients, drop, allowed));
        }
    }
}
