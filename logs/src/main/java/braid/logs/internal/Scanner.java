package braid.logs.internal;

import org.jspecify.annotations.Nullable;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams files in 4 MiB chunks split at line boundaries to parser threads, each with its own tables.
 *
 * <p>Memory stays independent of file size: a fixed pool of reused buffers (fresh memory is expensive on
 * these machines, see the notes), plus the tables, which grow only with distinct keys. The calling thread
 * reads (and un-gzips, so decompression runs beside the parsers). Not thread-safe; one scan per instance.
 */
public final class Scanner {
    public static final int CHUNK = 4 << 20;
    /**
     * The first chunk of a scan: small, so that a parser starts within a millisecond or two instead of after the
     * reader has faulted in a fresh 4 MiB buffer and filled it (about 20 ms of a fresh process, while the second
     * core waited). Its buffer is used once and not pooled.
     */
    static final int FIRST_CHUNK = 256 << 10;
    /**
     * Bytes after a chunk's end that the parser may read: it writes a newline sentinel at the end and reads whole
     * words near it (see Worker#fastLine).
     */
    static final int SLACK = 64;
    private static final Job POISON = new Job(null, 0, -1, -1, false);

    private record Job(byte @Nullable [] buf, int len, int file, int chunk, boolean oversized) {}

    /** What one scan produced. */
    public record Result(List<Worker> workers, List<String> warnings, long bytesRead, List<Path> files) {}

    private Scanner() {}

    /** Parses every line of {@code files} with {@code threads} workers; {@code progress} gets bytes read. */
    public static Result scan(List<Path> files, FormatSpec spec, boolean allDays, long dayStart, long dayEnd,
            ZoneId zone, int threads, @Nullable LongConsumer progress) throws IOException, InterruptedException {
        // Buffers are made as the reader first needs them, not all up front: fresh memory is slow here, and the
        // parsers can start on the first chunk meanwhile.
        int buffers = threads + 2;
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(buffers);
        int made = 0;
        BlockingQueue<Job> work = new ArrayBlockingQueue<>(threads + 3);
        List<Worker> workers = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker(spec, allDays, dayStart, dayEnd, zone);
            workers.add(w);
            Thread t = Thread.ofPlatform().daemon().name("braid-logs-parser-" + i).start(() -> {
                try {
                    while (true) {
                        Job j = work.take();
                        if (j == POISON) {
                            return;
                        }
                        try {
                            if (failure.get() == null) {
                                if (j.oversized) {
                                    w.oversized(j.file, j.chunk);
                                } else {
                                    w.parseChunk(java.util.Objects.requireNonNull(j.buf), j.len, j.file, j.chunk);
                                }
                            }
                        } catch (Throwable e) {
                            failure.compareAndSet(null, e);
                        }
                        if (j.buf != null) {
                            recycle(free, j.buf);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ts.add(t);
        }
        List<String> warnings = new ArrayList<>();
        AtomicLong read = new AtomicLong();
        boolean ok = false;
        try {
            byte[] carry = new byte[64 << 10]; // grows to the longest partial line carried over
            boolean first = true; // the scan's first chunk: FIRST_CHUNK (no carry comes before it)
            for (int f = 0; f < files.size(); f++) {
                Path file = files.get(f);
                int carryLen = 0;
                int chunk = 0;
                boolean discarding = false;
                braid.logs.RotatedLogs.requireReadable(file);
                long before = read.get();
                Source opened;
                try {
                    opened = open(file, read);
                } catch (EOFException | ZipException e) {
                    warnings.add(file + ": not readable as gzip (" + e.getMessage() + "); skipped");
                    continue;
                }
                try (Source src = opened) {
                    while (true) {
                        byte[] buf = first ? new byte[FIRST_CHUNK + SLACK] : free.poll();
                        first = false;
                        if (buf == null) {
                            if (made < buffers) {
                                buf = new byte[CHUNK + SLACK];
                                made++;
                            } else {
                                buf = free.take();
                            }
                        }
                        int capacity = buf.length - SLACK;
                        if (failure.get() != null) {
                            recycle(free, buf);
                            break;
                        }
                        System.arraycopy(carry, 0, buf, 0, carryLen);
                        int n = carryLen;
                        carryLen = 0;
                        boolean eof = false;
                        while (n < capacity) {
                            int r;
                            try {
                                r = src.read(buf, n, capacity - n);
                            } catch (EOFException | ZipException e) {
                                warnings.add(file + ": compressed data is truncated or corrupt " + (src instanceof ProgramSource
                                        ? "(" + e.getMessage() + ")" : "after " + (read.get() - before) + " bytes (" + e.getMessage() + ")")
                                        + "; the lines before it were counted");
                                r = -1;
                            }
                            if (r < 0) {
                                eof = true;
                                break;
                            }
                            n += r;
                        }
                        if (progress != null) {
                            progress.accept(read.get());
                        }
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                        if (discarding) {
                            int nl = indexOf(buf, 0, n);
                            if (nl < 0) {
                                recycle(free, buf);
                                if (eof) {
                                    break;
                                }
                                continue;
                            }
                            carryLen = n - nl - 1;
                            carry = room(carry, carryLen);
                            System.arraycopy(buf, nl + 1, carry, 0, carryLen);
                            recycle(free, buf);
                            discarding = false;
                            if (eof && carryLen == 0) {
                                break;
                            }
                            continue;
                        }
                        if (eof) {
                            if (n > 0) {
                                work.put(new Job(buf, n, f, chunk++, false));
                            } else {
                                recycle(free, buf);
                            }
                            break;
                        }
                        int last = lastIndexOf(buf, n);
                        if (last < 0 && !pooled(buf)) {
                            // no line ends in the small first chunk: carried whole into the next, full one, where a
                            // line is too long only beyond CHUNK, as for every other chunk
                            carry = room(carry, n);
                            System.arraycopy(buf, 0, carry, 0, n);
                            carryLen = n;
                            continue;
                        }
                        if (last < 0) {
                            work.put(new Job(null, 0, f, chunk++, true));
                            recycle(free, buf);
                            discarding = true;
                            continue;
                        }
                        carryLen = n - last - 1;
                        carry = room(carry, carryLen);
                        System.arraycopy(buf, last + 1, carry, 0, carryLen);
                        work.put(new Job(buf, last + 1, f, chunk++, false));
                    }
                }
            }
            ok = true;
        } finally {
            if (!ok) {
                ts.forEach(Thread::interrupt);
            } else {
                for (int i = 0; i < threads; i++) {
                    work.put(POISON);
                }
            }
            for (Thread t : ts) {
                t.join();
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("log parser failed", failure.get());
        }
        return new Result(workers, warnings, read.get(), List.copyOf(files));
    }

    /** Back to the pool, unless it is the scan's small first buffer (the pool holds the full-size ones it made). */
    private static void recycle(BlockingQueue<byte[]> free, byte[] buf) throws InterruptedException {
        if (pooled(buf)) {
            free.put(buf);
        }
    }

    /** Whether {@code buf} is one of the pool's full-size buffers, not the scan's small first one. */
    private static boolean pooled(byte[] buf) {
        return buf.length == CHUNK + SLACK;
    }

    private static byte[] room(byte[] carry, int len) {
        return len <= carry.length ? carry : new byte[Math.min(CHUNK, Math.max(len, carry.length * 2))];
    }

    private static int indexOf(byte[] b, int from, int n) {
        for (int i = from; i < n; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] b, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads the first {@code max} bytes of a (possibly gzipped) file; for format detection. */
    public static byte[] head(Path file, int max) throws IOException {
        braid.logs.RotatedLogs.requireReadable(file);
        AtomicLong ignored = new AtomicLong();
        try (Source src = open(file, ignored)) {
            byte[] buf = new byte[max];
            int n = 0;
            while (n < max) {
                int r;
                try {
                    r = src.read(buf, n, max - n);
                } catch (EOFException | ZipException e) {
                    r = -1;
                }
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return java.util.Arrays.copyOf(buf, n);
        }
    }

    /** {@code file}'s text: read as it is, un-gzipped, or through its decompressing program (xz, bzip2, zstd, lz4). */
    private static Source open(Path file, AtomicLong read) throws IOException {
        if (file.getFileName().toString().endsWith(".gz")) return new GzSource(file, read);
        if (Decompress.program(file) != null) return new ProgramSource(file, read);
        return new PlainSource(file, read);
    }

    private interface Source extends AutoCloseable {
        int read(byte[] b, int off, int len) throws IOException;

        @Override
        void close() throws IOException;
    }

    /** Plain file through a FileChannel: its cached direct buffer avoids FileInputStream's malloc per read. */
    private static final class PlainSource implements Source {
        private final FileChannel ch;
        private final AtomicLong read;

        PlainSource(Path p, AtomicLong read) throws IOException {
            this.ch = FileChannel.open(p, StandardOpenOption.READ);
            this.read = read;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // at most 1 MiB a call: the channel reads through a temporary direct buffer of the request's size, and a
            // fresh 4 MiB one cost a fresh process about 10 ms of page faults before the first bytes arrived
            int r = ch.read(ByteBuffer.wrap(b, off, Math.min(len, 1 << 20)));
            if (r > 0) {
                read.addAndGet(r);
            }
            return r;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    private static final class GzSource implements Source {
        private final InputStream in;

        GzSource(Path p, AtomicLong read) throws IOException {
            InputStream raw = new FilterInputStream(Files.newInputStream(p)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int r = super.read(b, off, len);
                    if (r > 0) {
                        read.addAndGet(r);
                    }
                    return r;
                }
            };
            this.in = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A file read through its program ({@link Decompress}); its compressed bytes count as read as they are fed to it. */
    private static final class ProgramSource implements Source {
        private final InputStream in;

        ProgramSource(Path p, AtomicLong read) throws IOException {
            this.in = Decompress.open(p, read::addAndGet);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
