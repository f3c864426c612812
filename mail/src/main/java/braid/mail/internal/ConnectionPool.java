package braid.mail.internal;

import braid.mail.SmtpSettings;
import jakarta.mail.Session;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Idle SMTP connections kept open between uses, at most the pool size. Concurrency itself is bounded by the
 * engine's "smtp" limit (one worker per permit), so taking never waits: it reuses an idle connection or makes a
 * new one. Thread-safe.
 */
public final class ConnectionPool implements AutoCloseable {
    private final Session session;
    private final SmtpSettings settings;
    private final Deque<SmtpConnection> idle = new ArrayDeque<>();
    private boolean closed;

    public ConnectionPool(Session session, SmtpSettings settings) {
        this.session = session;
        this.settings = settings;
    }

    /** An idle connection (possibly closed by the server meanwhile), or a new unconnected one. */
    public synchronized SmtpConnection take() {
        SmtpConnection c = idle.pollFirst();
        return c != null ? c : new SmtpConnection(session, settings);
    }

    /** Returns a connection for reuse; closes it when the pool is full or closed. */
    public void give(SmtpConnection c) {
        synchronized (this) {
            if (!closed && c.isOpen() && idle.size() < settings.poolSize()) {
                idle.addFirst(c);
                return;
            }
        }
        c.closeQuietly();
    }

    @Override
    public void close() {
        Deque<SmtpConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(SmtpConnection::closeQuietly);
    }
}
