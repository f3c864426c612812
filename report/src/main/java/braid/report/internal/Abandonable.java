package braid.report.internal;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * File-system work of a step (listing a rotated set, sizes, opening) on a daemon thread the step can walk away from:
 * on a hung network mount or a named pipe without a writer those calls block in the kernel, where neither the
 * step's timeout nor a stop signal reaches. The step waits interruptibly and gives up when it is cancelled, timed
 * out, or (with {@code stop}) asked to stop; the stuck daemon thread cannot keep the process alive. The logs module
 * does the same for its own reading ({@code braid.logs.internal.Background}); this one also watches a stop request,
 * which the logs module (it does not use the engine) knows nothing of. Stateless.
 */
public final class Abandonable {
    private Abandonable() {}

    /** Runs {@code body} on a daemon thread; returns its result, or gives up when interrupted or {@code stop} says so. */
    public static <T> T call(String name, BooleanSupplier stop, Callable<T> body) throws IOException, InterruptedException {
        FutureTask<T> task = new FutureTask<>(body);
        Thread worker = Thread.ofPlatform().daemon().name(name).start(task);
        try {
            while (true) {
                try {
                    return task.get(100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (stop.getAsBoolean()) {
                        worker.interrupt();
                        throw new CancellationException(name + ": abandoned, the run was asked to stop");
                    }
                }
            }
        } catch (InterruptedException e) {
            worker.interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) throw io;
            if (c instanceof InterruptedException) throw new InterruptedException(c.getMessage());
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IOException(c);
        }
    }
}
