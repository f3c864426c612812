package braid.report;

import braid.core.RunOutcome;
import braid.core.RunResult;
import braid.core.TaskOutcome;
import braid.core.TaskResult;
import braid.mail.SendResult;
import braid.mail.SendStoppedException;
import braid.sap.ClientList;
import braid.timeline.PageContext.Figure;
import braid.timeline.PageContext.Tone;
import braid.web.NewsResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one run of the daily job produced, typed: the news, the day's figures, the clients, and what the send did (or,
 * when sending stopped part-way, what it did before). The exit code and the summary are computed from this alone.
 *
 * @param day        the report day
 * @param run        the engine's result (outcome, errors, every task for the timeline)
 * @param news       the website's news, when it was read
 * @param figures    the log analysis, when it succeeded
 * @param clients    SAP's client list, when it was fetched (also when a safety brake then held)
 * @param delivery   what the send step did, when it finished
 * @param stoppedSend what a send that stopped part-way (an SMTP server failing every message, a full disk) did
 * @param failures   the steps that failed, each with its error, in the graph's order
 * @param health     the health checks of the {@code health:} section, when configured and run
 */
public record DailyReport(LocalDate day, RunResult run, Optional<NewsResult> news, Optional<DailyJob.LogFigures> figures,
                          Optional<ClientList> clients, Optional<DailyJob.Delivery> delivery,
                          Optional<SendResult> stoppedSend, List<TaskResult> failures,
                          Optional<braid.health.HealthReport> health) {

    public DailyReport {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(run, "run");
        failures = List.copyOf(failures);
        Objects.requireNonNull(health, "health");
    }

    /** The exit code this run deserves: the one function that decides it. */
    public int exitCode() {
        for (TaskResult f : failures)
            for (Throwable c = f.error(); c != null; c = c.getCause() == c ? null : c.getCause())
                if (c instanceof UsageException) return ExitCode.USAGE; // an option named what the day does not have
        if (run.outcome() == RunOutcome.CANCELLED) return ExitCode.PARTIAL; // stopped on request: rerun the date to finish
        if (run.outcome() != RunOutcome.SUCCEEDED || delivery.isEmpty()) return ExitCode.FAILED;
        Optional<SendResult> sent = delivery.get().sent();
        if (sent.isPresent() && (!sent.get().failed().isEmpty() || !sent.get().uncertain().isEmpty())) return ExitCode.PARTIAL;
        return ExitCode.OK;
    }

    /**
     * The business outcome for the run's timeline page: what happened to the clients' e-mails (sent, already sent,
     * suppressed, failed, uncertain, invalid), or what a dry run rendered; empty when the send step never ran.
     */
    public List<Figure> outcomeFigures() {
        var good = Tone.GOOD;
        var neutral = Tone.NEUTRAL;
        var warning = Tone.WARNING;
        var bad = Tone.BAD;
        Optional<SendResult> sent = delivery.flatMap(DailyJob.Delivery::sent).or(() -> stoppedSend);
        if (sent.isPresent()) {
            SendResult r = sent.get();
            return List.of(new Figure(r.canary() ? "Sent (canary)" : "Sent", r.sent().size(), good),
                    new Figure("Already sent", r.alreadySent().size(), neutral),
                    new Figure("Suppressed", r.suppressed().size(), neutral),
                    new Figure("Failed", r.failed().size(), bad),
                    new Figure("Uncertain", r.uncertain().size(), warning),
                    new Figure("Invalid address", r.invalid().size(), warning));
        }
        var dry = delivery.flatMap(DailyJob.Delivery::dryRun);
        if (dry.isPresent()) {
            var d = dry.get();
            return List.of(new Figure("Rendered (dry run)", d.messages().size(), good),
                    new Figure("Would send", d.wouldSend(), neutral),
                    new Figure("Already sent", d.alreadySent().size(), neutral),
                    new Figure("Uncertain", d.uncertain().size(), warning),
                    new Figure("Invalid address", d.invalid().size(), warning));
        }
        if (!sendStarted()) return List.of(new Figure("Sent", 0, bad));
        return List.of();
    }

    /** Whether the send step started (if not, nothing was sent). */
    public boolean sendStarted() {
        return run.all().stream().anyMatch(t -> t.name().equals(DailyJob.SEND) && t.startNanos() >= 0);
    }

    /** Builds the report of a finished run from its typed task values. */
    static DailyReport of(LocalDate day, RunResult run, Optional<NewsResult> news, Optional<DailyJob.LogFigures> figures,
                          Optional<ClientList> clients, Optional<DailyJob.Delivery> delivery,
                          Optional<braid.health.HealthReport> health) {
        Optional<SendResult> stopped = Optional.empty();
        // the health steps are optional: a failure of theirs is told with the checks, not as a failure of the report
        List<TaskResult> failures = run.all().stream().filter(t -> t.outcome() == TaskOutcome.FAILED)
                .filter(t -> !t.name().equals(DailyJob.HEALTH) && !t.name().equals(DailyJob.CLIENT_SITES)).toList();
        for (TaskResult t : failures) {
            for (Throwable c = t.error(); c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof SendStoppedException s && s.result().isPresent()) {
                    stopped = s.result();
                    break;
                }
            }
        }
        return new DailyReport(day, run, news, figures, clients, delivery, stopped, failures, health);
    }

}
