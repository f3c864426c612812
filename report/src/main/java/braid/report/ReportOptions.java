package braid.report;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one {@code braid report run} was asked to do beyond the configuration.
 *
 * @param date            the report day; {@code null} = yesterday in the company's time zone
 * @param dryRun          render every message to .eml files, connect to no mail server
 * @param out             run folder; {@code null} = {@code <stateDir>/runs/<date>_<time>}
 * @param verbose         print every task's start and end even when not in a terminal
 * @param resendIds       Message-IDs to send again deliberately
 * @param resendUncertain send again every message whose acceptance is uncertain
 * @param resendAll       start the date over
 * @param force           send even when the client count tripped a safety brake
 * @param only            client ids to limit the run to (empty = all)
 * @param to              canary: send every client's message to this one address; the journal is not touched
 * @param allowPartialLogs send although the logs do not cover the whole report day (their gap is then a warning)
 */
public record ReportOptions(@Nullable LocalDate date, boolean dryRun, @Nullable Path out, boolean verbose, Set<String> resendIds,
                            boolean resendUncertain, boolean resendAll, boolean force, Set<String> only, @Nullable String to,
                            boolean allowPartialLogs) {

    public static final ReportOptions DEFAULT = new ReportOptions(null, false, null, false, Set.of(), false, false, false, Set.of(), null,
            false);

    public ReportOptions {
        resendIds = Set.copyOf(resendIds);
        only = Set.copyOf(only);
    }

    public ReportOptions withDate(@Nullable LocalDate d) {
        return new ReportOptions(d, dryRun, out, verbose, resendIds, resendUncertain, resendAll, force, only, to, allowPartialLogs);
    }

    public ReportOptions withDryRun(boolean b) {
        return new ReportOptions(date, b, out, verbose, resendIds, resendUncertain, resendAll, force, only, to, allowPartialLogs);
    }

    public ReportOptions withVerbose(boolean v) {
        return new ReportOptions(date, dryRun, out, v, resendIds, resendUncertain, resendAll, force, only, to, allowPartialLogs);
    }

    public ReportOptions withAllowPartialLogs(boolean b) {
        return new ReportOptions(date, dryRun, out, verbose, resendIds, resendUncertain, resendAll, force, only, to, b);
    }

    public ReportOptions withOut(Path p) {
        return new ReportOptions(date, dryRun, p, verbose, resendIds, resendUncertain, resendAll, force, only, to, allowPartialLogs);
    }
}
