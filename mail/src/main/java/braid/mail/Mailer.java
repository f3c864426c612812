package braid.mail;

import org.jspecify.annotations.Nullable;

import braid.core.Fork;
import braid.core.Policy;
import braid.core.TaskContext;
import braid.core.TaskFailedException;
import braid.mail.internal.Addresses;
import braid.mail.internal.ConnectionPool;
import braid.mail.internal.DeliveryRun;
import braid.mail.internal.MessageComposer;
import braid.mail.internal.OneOffSessions;
import braid.mail.internal.SmtpSessions;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Sends the personalized report e-mails of one date over a small pool of long-lived SMTP connections, at most once
 * per client and date thanks to a durable {@link SendJournal}.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().limit(Mailer.RESOURCE, smtp.poolSize()).build();
 * try (Mailer mailer = Mailer.create(smtp, SenderIdentity.of("ACME News <news@acme.example>"),
 *                                    MessageTemplates.defaults(), stateDir)) {
 *     SendResult r = engine.scope("mail", s -> s.fork("send", ctx ->
 *         mailer.send(ctx, date, messages, SendOptions.DEFAULT)).join());
 * }
 * }</pre>
 *
 * <p>{@link #send} forks one worker per pooled connection under the engine resource {@value #RESOURCE} (the engine
 * must define that limit, normally equal to the pool size). Each worker journals a batch of intents with one fsync,
 * then sends the batch message by message; 4xx replies and connections lost before the final dot are retried with
 * backoff through the engine's clock, 5xx replies fail only that recipient, and authentication or TLS failures stop
 * everything at once. Thread-safe; one send per date at a time (the journal's lock enforces it).
 */
public final class Mailer implements AutoCloseable {
    /** The engine resource whose permits bound the concurrent SMTP connections. */
    public static final String RESOURCE = "smtp";

    private final SmtpSettings settings;
    private final SenderIdentity identity;
    private final MessageTemplates templates;
    private final Path stateDir;
    private final ConnectionPool pool;
    private final MessageComposer composer;
    /** Tests only: a journal write that fails on purpose (a full disk at a chosen line). */
    volatile SendJournal.WriteFault journalFault = SendJournal.WriteFault.NONE;

    private Mailer(SmtpSettings settings, SenderIdentity identity, MessageTemplates templates, Path stateDir) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
        jakarta.mail.Session session = SmtpSessions.create(settings);
        this.pool = new ConnectionPool(session, settings);
        this.composer = new MessageComposer(session, identity, templates);
    }

    /** A mailer whose journals live under {@code stateDir} (braid's state directory). */
    public static Mailer create(SmtpSettings settings, SenderIdentity identity, MessageTemplates templates,
                                Path stateDir) {
        return new Mailer(settings, identity, templates, stateDir);
    }

    public SmtpSettings settings() {
        return settings;
    }

    /**
     * Opens one SMTP session with {@code settings} the way {@link #send} does (greeting, EHLO, STARTTLS when
     * configured and required, AUTH when credentials are set) and closes it with QUIT; sends nothing. For a
     * preflight check: a pass means a run can connect.
     *
     * @throws SmtpException {@link SmtpException.Kind#AUTHENTICATION} with the server's reply when AUTH failed,
     *                       {@link SmtpException.Kind#TLS} when STARTTLS or the certificate failed, otherwise
     *                       {@link SmtpException.Kind#CONNECTION}
     */
    public static void checkSession(SmtpSettings settings) throws SmtpException {
        OneOffSessions.check(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Sends one plain-text {@code notice} in a session of its own, with the session properties {@link #send} uses
     * (required STARTTLS, trust store, finite timeouts), marked {@code Auto-Submitted: auto-generated} (RFC 3834).
     * Nothing is journaled and nothing is retried: for a notice about a run, not for the reports.
     *
     * @throws MessagingException as Jakarta Mail reports the failure; a {@link jakarta.mail.SendFailedException}
     *                            in the chain lists the refused recipients
     */
    public static void sendNotice(SmtpSettings settings, Notice notice) throws jakarta.mail.MessagingException {
        OneOffSessions.send(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(notice, "notice"));
    }

    /**
     * Sends the report of {@code date} to every message's recipient that is valid, not suppressed and not already
     * journaled, reporting progress in e-mails on {@code ctx}.
     *
     * @throws SmtpException        when sending had to stop for all (authentication, TLS, server unreachable);
     *                              {@link SmtpException#result()} tells what was done before
     * @throws IOException          when the journal cannot be opened or written
     * @throws InterruptedException when the run is cancelled; unsent intents are withdrawn first
     */
    public SendResult send(TaskContext ctx, LocalDate date, List<OutgoingMessage> messages, SendOptions options)
            throws IOException, InterruptedException {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(messages, "messages");
        Objects.requireNonNull(options, "options");
        boolean canary = options.redirectTo() != null;
        SendJournal journal = canary ? null : SendJournal.open(stateDir, date, journalFault);
        try {
            return send(ctx, date, messages, options, journal);
        } finally {
            if (journal != null) {
                journal.close();
            }
        }
    }

    private SendResult send(TaskContext ctx, LocalDate date, List<OutgoingMessage> messages, SendOptions options,
                            @Nullable SendJournal journal) throws IOException, InterruptedException {
        boolean canary = journal == null;
        if (journal != null && options.resendAll()) {
            journal.restart();
        }
        Set<String> resend = new HashSet<>();
        for (String id : options.resendIds()) {
            String t = id.strip();
            resend.add(t.startsWith("<") ? t : "<" + t + ">");
        }
        Plan plan = plan(date, messages, options, journal, resend);

        long total = plan.jobs.size();
        ctx.progress(0, total, "e-mails");
        DeliveryRun run = new DeliveryRun(settings, pool, composer, journal, plan.jobs,
                options.unsubscribeUrlTemplate(), options.redirectTo(),
                (done, all) -> ctx.progress(done, all, "e-mails"));
        int workers = (int) Math.min(settings.poolSize(), total);
        List<Fork<Void>> forks = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            // one platform thread per connection: SMTP is small request-reply exchanges, and a virtual thread pays
            // the poller's park and wake-up on each wait (MailBench: 448 -> 275 us CPU per message). Its socket read
            // ignores interrupts, so the worker closes the socket when interrupted (DeliveryRun); only the plain
            // and STARTTLS sockets are ours to close: SMTPS stays on a virtual thread, which an interrupt ends.
            Policy policy = settings.security() == SmtpSettings.Security.SMTPS ? Policy.DEFAULT.withLimit(RESOURCE)
                    : Policy.DEFAULT.withLimit(RESOURCE).onPlatformThread();
            forks.add(ctx.fork("smtp connection " + (i + 1), policy, c -> {
                run.work(pacer(c));
                return null;
            }));
        }
        try {
            for (Fork<Void> f : forks) {
                try {
                    f.join();
                } catch (TaskFailedException e) {
                    if (ctx.isDraining() && e.getCause() instanceof java.util.concurrent.CancellationException) {
                        continue; // never started because the run is stopping: its messages are reported not attempted
                    }
                    throw new IOException("SMTP worker " + f.name() + " failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            awaitAll(forks);
        }

        List<SendResult.Failure> failed = new ArrayList<>(run.failed());
        IOException fatal = run.fatal();
        if (fatal != null || ctx.isDraining()) {
            String why = fatal != null ? "not attempted: sending stopped" : "not attempted: the run was stopped (rerun the date to send it)";
            for (DeliveryRun.Job j : run.notAttempted()) {
                failed.add(new SendResult.Failure(new SendResult.Message(j.message().recipient().clientId(),
                        j.message().recipient().email(), j.messageId()), 0, why));
            }
        }
        List<SendResult.Message> uncertain = new ArrayList<>(plan.uncertain);
        uncertain.addAll(run.uncertain());
        List<SendResult.Invalid> invalid = new ArrayList<>(plan.invalid);
        invalid.addAll(run.invalid());
        List<String> warnings = journal == null ? List.of() : journal.warnings();
        SendResult result = new SendResult(date, run.sent(), plan.alreadySent, plan.suppressed, failed, uncertain,
                invalid, canary, warnings);
        if (fatal instanceof SmtpException s) {
            throw new SmtpException(s.kind(), s.host(), s.replyCode(), s.reply(), s.getMessage(), s, result);
        }
        if (fatal != null) {
            throw new SendStoppedException("sending stopped: " + fatal.getMessage(), fatal, result);
        }
        return result;
    }

    private record Plan(List<DeliveryRun.Job> jobs, List<SendResult.Message> alreadySent,
                        List<SendResult.Message> suppressed, List<SendResult.Message> uncertain,
                        List<SendResult.Invalid> invalid) {
    }

    private Plan plan(LocalDate date, List<OutgoingMessage> messages, SendOptions options, @Nullable SendJournal journal,
                      Set<String> resend) {
        Plan plan = new Plan(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        Set<String> seenIds = new HashSet<>();
        for (OutgoingMessage m : messages) {
            Recipient r = m.recipient();
            String messageId = MessageComposer.messageId(date, r.clientId(), identity.messageIdDomain());
            SendResult.Message report = new SendResult.Message(r.clientId(), r.email(), messageId);
            if (!seenIds.add(r.clientId())) {
                plan.invalid.add(new SendResult.Invalid(r.clientId(), r.email(), "duplicate client id in this send"));
                continue;
            }
            if (options.suppression().suppresses(r)) {
                plan.suppressed.add(report);
                continue;
            }
            String problem = Addresses.problemWithAddress(r.email().strip());
            if (problem != null) {
                plan.invalid.add(new SendResult.Invalid(r.clientId(), r.email(), problem));
                continue;
            }
            if (journal == null) {
                String canaryId = messageId.replace("<braid.", "<braid-canary." + Long.toString(
                        System.nanoTime() & 0xffffffffL, 36) + ".");
                plan.jobs.add(new DeliveryRun.Job(m, canaryId));
                continue;
            }
            boolean forced = resend.contains(messageId);
            SendJournal.State state = journal.state(messageId);
            if (state == SendJournal.State.NONE) {
                // The same client's message of the day under another Message-ID: mail.from (whose domain is in the
                // Message-ID) was edited since the first run. It is the same message; never send it twice.
                var earlier = journal.deliveredUnderAnotherId(r.clientId(), messageId);
                if (earlier.isPresent()) {
                    SendJournal.Entry e = earlier.get();
                    SendResult.Message earlierReport = new SendResult.Message(r.clientId(), r.email(), e.messageId());
                    boolean forcedEarlier = forced || resend.contains(e.messageId());
                    if (e.state() == SendJournal.State.ACCEPTED && !forcedEarlier) {
                        plan.alreadySent.add(earlierReport);
                        continue;
                    }
                    if (e.state() == SendJournal.State.UNCERTAIN && !forcedEarlier && !options.resendUncertain()) {
                        plan.uncertain.add(earlierReport);
                        continue;
                    }
                }
            }
            switch (state) {
                case ACCEPTED -> {
                    if (forced) {
                        plan.jobs.add(new DeliveryRun.Job(m, messageId));
                    } else {
                        plan.alreadySent.add(report);
                    }
                }
                case UNCERTAIN -> {
                    if (forced || options.resendUncertain()) {
                        plan.jobs.add(new DeliveryRun.Job(m, messageId));
                    } else {
                        plan.uncertain.add(report);
                    }
                }
                case FAILED, NONE -> plan.jobs.add(new DeliveryRun.Job(m, messageId));
            }
        }
        return plan;
    }

    /**
     * Waits until every worker has ended, also when this task is being cancelled: workers write the journal until
     * their last moment (withdrawing unsent intents), so it must not be closed under them. They end promptly once
     * cancelled; the interrupt is kept for the caller.
     */
    private static void awaitAll(List<Fork<Void>> forks) {
        boolean interrupted = false;
        for (Fork<Void> f : forks) {
            while (!f.isDone()) {
                try {
                    f.joinOptional();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static DeliveryRun.Pacer pacer(TaskContext c) {
        return new DeliveryRun.Pacer() {
            @Override
            public long nanoTime() {
                return c.clock().nanoTime();
            }

            @Override
            public Instant now() {
                return c.clock().instant();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                c.sleep(d);
            }

            @Override
            public boolean stopRequested() {
                return c.isDraining();
            }

            @Override
            public TaskContext.Registration onInterrupt(Runnable action) {
                return c.onInterrupt(action);
            }
        };
    }

    /** Closes the pooled connections. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Mailer[" + settings + ", from " + identity.from().toLowerCase(Locale.ROOT) + "]";
    }
}
