package braid.mail.internal;

import org.jspecify.annotations.Nullable;
import braid.core.Retry;
import braid.mail.OutgoingMessage;
import braid.mail.SendJournal;
import braid.mail.SendResult;
import braid.mail.SmtpException;
import braid.mail.SmtpSettings;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The messages of one send, shared by its workers: each worker takes a batch, journals the batch's intents with one
 * fsync, then sends them one by one over its own connection, retrying transient failures with backoff.
 * Thread-safe; {@link #work} runs once per worker.
 */
public final class DeliveryRun {
    /** Time as the engine sees it: every deliberate wait goes through here. */
    public interface Pacer {
        long nanoTime();

        Instant now();

        void sleep(Duration d) throws InterruptedException;

        /** Whether the run was asked to stop gracefully: finish the batch in flight, take no new one. */
        default boolean stopRequested() {
            return false;
        }

        /**
         * Runs {@code action} when the worker is interrupted (a timeout, the run's deadline), until the returned
         * handle is closed: a platform thread's socket read ends only when its socket is closed.
         */
        default braid.core.TaskContext.Registration onInterrupt(Runnable action) {
            return () -> { };
        }
    }

    /** One message to send and its Message-ID. */
    public record Job(OutgoingMessage message, String messageId) {
    }

    /** Receives the count of finished messages. Must be cheap and must not throw. */
    public interface Progress {
        void done(long finished, long total);
    }

    private final SmtpSettings settings;
    private final ConnectionPool pool;
    private final MessageComposer composer;
    private final @Nullable SendJournal journal;
    private final List<Job> jobs;
    private final @Nullable String unsubscribeTemplate;
    private final @Nullable String redirectTo;
    private final Progress progress;
    private final Retry backoff;
    private final AtomicInteger cursor = new AtomicInteger();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicReference<@Nullable IOException> fatal = new AtomicReference<>();
    private final Object rateLock = new Object();
    private final Object breakerLock = new Object();
    private @Nullable String lastFailureKind;
    private int failuresInARow;
    private long nextSlotNanos = Long.MIN_VALUE;

    final Queue<SendResult.Message> sent = new ConcurrentLinkedQueue<>();
    final Queue<SendResult.Failure> failed = new ConcurrentLinkedQueue<>();
    final Queue<SendResult.Message> uncertain = new ConcurrentLinkedQueue<>();
    final Queue<SendResult.Invalid> invalid = new ConcurrentLinkedQueue<>();
    final Queue<Job> notAttempted = new ConcurrentLinkedQueue<>();

    /**
     * @param journal null for a canary run, which must neither read nor write it
     */
    public DeliveryRun(SmtpSettings settings, ConnectionPool pool, MessageComposer composer, @Nullable SendJournal journal,
                       List<Job> jobs, @Nullable String unsubscribeTemplate, @Nullable String redirectTo, Progress progress) {
        this.settings = settings;
        this.pool = pool;
        this.composer = composer;
        this.journal = journal;
        this.jobs = List.copyOf(jobs);
        this.unsubscribeTemplate = unsubscribeTemplate;
        this.redirectTo = redirectTo;
        this.progress = progress;
        this.backoff = Retry.exponential(settings.maxAttempts(), settings.initialBackoff())
                .withMaxDelay(settings.maxBackoff());
    }

    public List<SendResult.Message> sent() { return List.copyOf(sent); }
    public List<SendResult.Failure> failed() { return List.copyOf(failed); }
    public List<SendResult.Message> uncertain() { return List.copyOf(uncertain); }
    public List<SendResult.Invalid> invalid() { return List.copyOf(invalid); }

    /** The failure that stopped every worker, or null. */
    public @Nullable IOException fatal() {
        return fatal.get();
    }

    /** Runs one worker until the jobs are exhausted or sending must stop. Never throws except on interrupt. */
    public void work(Pacer pacer) throws InterruptedException {
        SmtpConnection conn = pool.take();
        try (braid.core.TaskContext.Registration abort = pacer.onInterrupt(conn::abort)) {
            List<Pending> batch;
            while (fatal.get() == null && !pacer.stopRequested() && !(batch = nextBatch(pacer)).isEmpty()) {
                try {
                    deliverBatch(conn, batch, pacer);
                } finally {
                    withdrawUnresolved(batch);
                }
            }
        } catch (IOException e) {
            fatal.compareAndSet(null, e);
        } catch (RuntimeException e) {
            fatal.compareAndSet(null, new IOException("sending failed unexpectedly: " + e, e));
        } finally {
            pool.give(conn);
        }
    }

    private static final class Pending {
        final Job job;
        final MessageComposer.Composed composed;
        boolean resolved;

        Pending(Job job, MessageComposer.Composed composed) {
            this.job = job;
            this.composed = composed;
        }
    }

    private List<Pending> nextBatch(Pacer pacer) throws IOException {
        List<Pending> batch = new ArrayList<>();
        while (batch.size() < settings.journalBatch()) {
            int i = cursor.getAndIncrement();
            if (i >= jobs.size()) {
                break;
            }
            Job job = jobs.get(i);
            try {
                batch.add(new Pending(job, composer.compose(job.message(), job.messageId(), pacer.now(),
                        unsubscribeTemplate, redirectTo)));
            } catch (Exception e) {
                // a template or MIME problem is this client's data, not a reason to stop the others
                invalid.add(new SendResult.Invalid(job.message().recipient().clientId(),
                        job.message().recipient().email(), "cannot compose: " + e.getMessage()));
                progress.done(finished.incrementAndGet(), jobs.size());
            }
        }
        if (journal != null && !batch.isEmpty()) {
            try {
                for (Pending p : batch) {
                    journal.intent(p.job.messageId(), p.job.message().recipient().clientId(),
                            p.job.message().recipient().email());
                }
                // one fsync for the whole batch, before any of its DATA: a crash leaves at most this batch uncertain
                journal.force();
            } catch (IOException e) {
                batch.forEach(p -> notAttempted.add(p.job));
                throw e;
            }
        }
        return batch;
    }

    private void deliverBatch(SmtpConnection conn, List<Pending> batch, Pacer pacer)
            throws IOException, InterruptedException {
        for (Pending p : batch) {
            if (fatal.get() != null || pacer.stopRequested()) {
                // After a stop signal no new DATA begins: the rest of the batch is withdrawn and left for a rerun.
                return;
            }
            deliver(conn, p, pacer);
            progress.done(finished.incrementAndGet(), jobs.size());
        }
    }

    private void deliver(SmtpConnection conn, Pending p, Pacer pacer) throws IOException, InterruptedException {
        SendResult.Message report = report(p.job);
        for (int attempt = 1; ; attempt++) {
            if (Thread.interrupted()) {
                // a platform thread's socket calls ignore the interrupt (its socket was closed, see Pacer.onInterrupt):
                // no new connection or message after it, as on a virtual thread
                throw new InterruptedException("the worker was interrupted");
            }
            SmtpConnection.Outcome outcome;
            if (!conn.isOpen()) {
                SmtpConnection.Transient refused = conn.connect();
                if (refused != null) {
                    if (attempt >= settings.maxAttempts()) {
                        throw new SmtpException(SmtpException.Kind.CONNECTION, settings.host(), refused.code(),
                                refused.reply(), "cannot reach the mail server: " + refused.reply()
                                + " (" + attempt + " attempts)", null);
                    }
                    pacer.sleep(delay(attempt));
                    continue;
                }
            }
            if (attempt > 1 && (pacer.stopRequested() || fatal.get() != null)) {
                return; // not sent: withdrawn with its batch, a rerun sends it
            }
            awaitRateSlot(pacer);
            outcome = conn.send(p.composed.mime(), p.composed.envelopeTo());
            switch (outcome) {
                case SmtpConnection.Accepted a -> {
                    // Resolved before the journal write: if the "accepted" line cannot be written (a full disk),
                    // the intent must stay, uncertain, and never be withdrawn, or a rerun would send it again.
                    p.resolved = true;
                    if (journal != null) {
                        try {
                            journal.accepted(p.job.messageId(), a.reply());
                        } catch (IOException e) {
                            uncertain.add(report);
                            throw e;
                        }
                    }
                    sent.add(report);
                    breaker(null, null);
                    return;
                }
                case SmtpConnection.Permanent f -> {
                    if (journal != null) {
                        journal.failed(p.job.messageId(), f.code(), f.reply());
                    }
                    failed.add(new SendResult.Failure(report, f.code(), f.reply()));
                    p.resolved = true;
                    breaker("reply " + f.code(), f.reply());
                    return;
                }
                case SmtpConnection.Uncertain u -> {
                    // the intent stays alone in the journal: a rerun lists it instead of sending it twice
                    uncertain.add(report);
                    p.resolved = true;
                    breaker("no reply to the final dot", u.reason());
                    return;
                }
                case SmtpConnection.Transient t -> {
                    if (attempt >= settings.maxAttempts()) {
                        if (journal != null) {
                            journal.failed(p.job.messageId(), t.code(), t.reply());
                        }
                        failed.add(new SendResult.Failure(report, t.code(), t.reply()));
                        p.resolved = true;
                        breaker(t.code() > 0 ? "reply " + t.code() : "connection lost", t.reply());
                        return;
                    }
                    pacer.sleep(delay(attempt));
                }
            }
        }
    }

    /**
     * Counts messages in a row that ended the same way ({@code kind} null: a success, which resets the count). At
     * {@link SmtpSettings#stopAfterFailures()} the run stops: every worker ends after its message in flight.
     */
    private void breaker(@Nullable String kind, @Nullable String reply) {
        int limit = settings.stopAfterFailures();
        synchronized (breakerLock) {
            if (kind == null) {
                failuresInARow = 0;
                lastFailureKind = null;
                return;
            }
            failuresInARow = kind.equals(lastFailureKind) ? failuresInARow + 1 : 1;
            lastFailureKind = kind;
            if (limit > 0 && failuresInARow >= limit) {
                int code = kind.startsWith("reply ") ? Integer.parseInt(kind.substring(6)) : 0;
                String said = java.util.Objects.requireNonNullElse(reply, "");
                fatal.compareAndSet(null, new SmtpException(SmtpException.Kind.REPEATED_FAILURES, settings.host(),
                        code, said, "stopped sending: " + failuresInARow + " messages in a row to "
                        + settings.host() + ":" + settings.port() + " ended the same way (" + kind + ": "
                        + said + "); the messages not yet sent are left for a rerun of the date", null));
            }
        }
    }

    private Duration delay(int attempt) {
        return backoff.delay(attempt); // the engine's one backoff formula
    }

    /** Spaces messages evenly over all workers when a rate per minute is configured. */
    private void awaitRateSlot(Pacer pacer) throws InterruptedException {
        if (settings.ratePerMinute() <= 0) {
            return;
        }
        long interval = 60_000_000_000L / settings.ratePerMinute();
        long wait;
        synchronized (rateLock) {
            long now = pacer.nanoTime();
            long slot = nextSlotNanos == Long.MIN_VALUE ? now : Math.max(now, nextSlotNanos);
            nextSlotNanos = slot + interval;
            wait = slot - now;
        }
        if (wait > 0) {
            pacer.sleep(Duration.ofNanos(wait));
        }
    }

    private void withdrawUnresolved(List<Pending> batch) {
        for (Pending p : batch) {
            if (!p.resolved) {
                notAttempted.add(p.job);
                if (journal != null) {
                    try {
                        journal.withdrawn(p.job.messageId());
                    } catch (IOException e) {
                        fatal.compareAndSet(null, e);
                    }
                }
                p.resolved = true;
            }
        }
    }

    /** Jobs not attempted because sending stopped first (their intents, if any, are withdrawn). */
    public List<Job> notAttempted() {
        List<Job> all = new ArrayList<>(notAttempted);
        int from = Math.min(cursor.get(), jobs.size());
        all.addAll(jobs.subList(from, jobs.size()));
        return all;
    }

    private static SendResult.Message report(Job job) {
        return new SendResult.Message(job.message().recipient().clientId(), job.message().recipient().email(),
                job.messageId());
    }
}
