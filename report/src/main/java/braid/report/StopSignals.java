package braid.report;

import braid.core.Engine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import org.jspecify.annotations.Nullable;

/**
 * SIGTERM and SIGINT during a run: the first asks the run to stop gracefully (nothing new starts,
 * each message in flight finishes or fails, the journal and run record are written, exit code 3);
 * the second cancels the run (messages in flight are abandoned, unsent intents withdrawn, the record
 * still written, exit 3) and halts after {@link #SECOND_SIGNAL_GRACE} if it has not ended; a third
 * halts at once.
 *
 * <p>Why {@code sun.misc.Signal}: a JVM shutdown hook cannot tell the first signal from the second
 * and cannot choose the exit code; the JDK has no supported API for handling signals, and
 * {@code jdk.unsupported} exports this one for exactly that purpose.
 */
final class StopSignals implements AutoCloseable {
    /** How long a cancelled run may take to write its journal and record after the second signal. */
    static final java.time.Duration SECOND_SIGNAL_GRACE = java.time.Duration.ofSeconds(10);

    private final PrintStream err;
    private final AtomicInteger received = new AtomicInteger();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private volatile Engine.@Nullable Execution execution;

    private StopSignals(PrintStream err) {
        this.err = err;
    }

    static StopSignals install(PrintStream err) {
        StopSignals s = new StopSignals(err);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal sig = new Signal(name);
                s.previous.add(Signal.handle(sig, s::handle));
                s.signals.add(sig);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal is not available on this platform (or in use by the VM): keep the default
            }
        }
        return s;
    }

    void running(Engine.Execution e) {
        execution = e;
        if (received.get() > 0) e.drain();
    }

    private void handle(Signal sig) {
        int n = received.incrementAndGet();
        Engine.Execution e = execution;
        if (n == 1) {
            err.println("braid: SIG" + sig.getName() + " — stopping: no new work starts, messages in flight finish; signal again to stop at once");
            if (e != null) e.drain();
        } else if (n == 2 && e != null) {
            err.println("braid: SIG" + sig.getName() + " again — cancelling: messages in flight are abandoned (listed uncertain"
                    + " when their final dot was sent), unsent intents are withdrawn; a third signal, or "
                    + SECOND_SIGNAL_GRACE.toSeconds() + " s, halts at once");
            e.cancel();
            Thread.ofPlatform().daemon().name("braid-stop-grace").start(() -> {
                try {
                    Thread.sleep(SECOND_SIGNAL_GRACE);
                } catch (InterruptedException ignored) {
                    return;
                }
                err.println("braid: the run did not end within " + SECOND_SIGNAL_GRACE.toSeconds() + " s of the second signal — halting");
                Runtime.getRuntime().halt(ExitCode.PARTIAL);
            });
        } else {
            err.println("braid: SIG" + sig.getName() + " again — stopping at once; rerun the date to finish (uncertain messages are listed then)");
            Runtime.getRuntime().halt(ExitCode.PARTIAL);
        }
    }

    /** Whether a stop was requested. */
    boolean stopRequested() {
        return received.get() > 0;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }
}
