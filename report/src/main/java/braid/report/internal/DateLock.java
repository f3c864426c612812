package braid.report.internal;

import org.jspecify.annotations.Nullable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One run per report date at a time: an OS file lock on {@code <stateDir>/locks/<date>.lock}.
 *
 * <p>The operating system drops the lock when its process dies, however it dies, so a lock file
 * left by a dead process is stale by construction: the next run takes it over and says whose it
 * was (the pid and start time written into it). A live holder makes {@link #acquire} fail with a
 * message naming it.
 */
public final class DateLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final @Nullable String takenOver;

    private DateLock(FileChannel channel, FileLock lock, @Nullable String takenOver) {
        this.channel = channel;
        this.lock = lock;
        this.takenOver = takenOver;
    }

    /** Thrown when another live process holds the date. */
    public static final class HeldException extends IOException {
        public HeldException(String message) {
            super(message);
        }
    }

    public static DateLock acquire(Path stateDir, LocalDate date) throws IOException {
        Path dir = stateDir.resolve("locks");
        Files.createDirectories(dir);
        Path file = dir.resolve(date + ".lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null; // held by this very process (another run in the same JVM)
        }
        String previous = read(ch);
        if (l == null) {
            ch.close();
            throw new HeldException("another braid run holds report day " + date + " (" + (previous.isBlank() ? "unknown process" : previous)
                    + "); lock file " + file + ". Wait for it to finish, or stop it.");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            // e.g. a full disk: give the lock back, or it would stay held by this process for nothing
            try {
                l.release();
            } finally {
                ch.close();
            }
            throw e;
        }
        String stale = previous.isBlank() ? null : previous.strip();
        return new DateLock(ch, l, stale);
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
    }

    /** The holder of a lock left behind by a process that died, if this run took it over. */
    public Optional<String> takenOverFrom() {
        return Optional.ofNullable(takenOver);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0); // an empty file = released cleanly
            lock.release();
        } finally {
            channel.close();
        }
    }
}
