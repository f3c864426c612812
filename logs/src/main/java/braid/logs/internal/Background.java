package braid.logs.internal;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs file work on a daemon thread of its own that the caller can abandon. Opening a named pipe without a writer,
 * or any file on a hung network mount, blocks in the kernel where no interrupt reaches; the caller's wait is
 * interruptible, so a timeout or a cancel ends the caller at once, and the stuck thread, a daemon, cannot keep the
 * process alive. Stateless.
 */
public final class Background {
    private Background() {}

    /** Runs {@code body} on a daemon thread named {@code name} and waits for it; interrupting the caller abandons it. */
    public static <T> T call(String name, Callable<T> body) throws IOException, InterruptedException {
        FutureTask<T> task = new FutureTask<>(body);
        Thread worker = Thread.ofPlatform().daemon().name(name).start(task);
        try {
            return task.get();
        } catch (InterruptedException e) {
            worker.interrupt(); // stops it if it is anywhere interruptible; otherwise it is left behind, a daemon
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof InterruptedException) {
                throw new InterruptedException(c.getMessage());
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException(c);
        }
    }
}
