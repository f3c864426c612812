package braid.logs.internal;

import braid.logs.LogReadException;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Reads rotations that logrotate compressed with something else than gzip ({@code compresscmd xz}, bzip2, zstd, lz4)
 * through the program that wrote them, which is on every machine whose logrotate uses it: the JDK decompresses only
 * gzip, and none of the pinned dependencies reads these formats (commons-compress is not one of them). The program
 * runs as {@code PROGRAM -dc}, fed the file on its standard input (counted, for progress); its output is the log's
 * text. {@code .lzma} is read by xz, and {@code .Z}
 * (compress) by gzip, which reads it too.
 */
public final class Decompress {
    private static final Map<String, String> PROGRAMS = Map.of(".xz", "xz", ".lzma", "xz", ".bz2", "bzip2",
            ".zst", "zstd", ".lz4", "lz4", ".Z", "gzip");
    private static final Map<String, String> PACKAGES = Map.of("xz", "xz-utils", "bzip2", "bzip2", "zstd", "zstd",
            "lz4", "lz4", "gzip", "gzip");

    private Decompress() {}

    /** The program that decompresses {@code file}, by its name's suffix; null for a plain or .gz file. */
    public static @Nullable String program(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        for (var e : PROGRAMS.entrySet()) {
            if (name.endsWith(e.getKey())) return e.getValue();
        }
        return null;
    }

    /** {@code program} found in the directories of {@code path} (a PATH value), as the shell would find it. */
    static Optional<Path> find(String program, @Nullable String path) {
        if (path == null) return Optional.empty();
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** Whether the program that decompresses {@code file} is on this machine. */
    public static boolean available(Path file) {
        String program = program(file);
        return program != null && find(program, System.getenv("PATH")).isPresent();
    }

    /**
     * Refuses {@code file} in words when its program is not on this machine.
     *
     * @throws LogReadException naming the compression, the program and what to do
     */
    public static void requireProgram(Path file) throws LogReadException {
        requireProgram(file, System.getenv("PATH"));
    }

    static Path requireProgram(Path file, @Nullable String path) throws LogReadException {
        String program = program(file);
        if (program == null) throw new IllegalArgumentException(file + " needs no program");
        return find(program, path).orElseThrow(() -> new LogReadException(file, "compressed with " + program
                + ", and braid reads it through the program " + program + ", which is not on this machine (PATH): install it"
                + " (Debian: apt-get install " + PACKAGES.get(program) + "), or have logrotate compress with gzip (its"
                + " default: remove compresscmd)", null));
    }

    /**
     * The decompressed text of {@code file}. At its end the program's exit is checked: a truncated or corrupt file
     * throws {@link EOFException} with the program's words, after the text before the damage was read.
     */
    public static InputStream open(Path file) throws IOException {
        return open(file, n -> {});
    }

    /**
     * As {@link #open(Path)}, telling {@code fed} each count of the file's compressed bytes as they go to the program:
     * the program reads its standard input, which braid feeds from the file, so a progress bar moves as with .gz.
     */
    public static InputStream open(Path file, java.util.function.LongConsumer fed) throws IOException {
        return new Output(file, requireProgram(file, System.getenv("PATH")), fed);
    }

    /** The program's standard output; closing it early stops the program. */
    private static final class Output extends InputStream {
        private final Path file;
        private final Process process;
        private final InputStream in;
        private final Path errors;
        private final Path program;
        private final Thread feeder;
        private long decompressed;

        Output(Path file, Path program, java.util.function.LongConsumer fed) throws IOException {
            this.file = file;
            this.program = program;
            InputStream source = Files.newInputStream(file); // opened here: a file that cannot be read fails in words
            this.errors = Files.createTempFile("braid-decompress", ".err");
            try {
                this.process = new ProcessBuilder(List.of(program.toString(), "-dc"))
                        .redirectError(errors.toFile()).start();
            } catch (IOException e) {
                source.close();
                Files.deleteIfExists(errors);
                throw new LogReadException(file, "cannot start " + program + ": " + e.getMessage(), e);
            }
            this.in = process.getInputStream();
            // the file into the program's standard input, counted; it ends when the file does, or when the program
            // is stopped (its input closes: the write fails, and nothing is left to feed)
            this.feeder = Thread.ofPlatform().daemon().name("braid-decompress-feed").start(() -> {
                try (InputStream from = source; java.io.OutputStream to = process.getOutputStream()) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = from.read(buf)) > 0; ) {
                        to.write(buf, 0, n);
                        fed.accept(n);
                    }
                } catch (IOException stopped) {
                    // the program ended or was stopped before the file did: its exit (or the reader's close) says why
                }
            });
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = in.read(b, off, len);
            if (r > 0) {
                decompressed += r;
                return r;
            }
            if (r < 0) ended();
            return r;
        }

        /** At the end of the output: the program's exit says whether the file was whole. */
        private void ended() throws IOException {
            int exit;
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new EOFException("the decompressor did not end after its output");
                }
                exit = process.exitValue();
                feeder.join(); // every byte fed is counted before the end is reported
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while " + file + " was decompressed");
            }
            if (exit != 0) {
                String words = Files.readString(errors, StandardCharsets.UTF_8).strip().lines().findFirst().orElse("exit " + exit)
                        .replace("(stdin): ", "").replace(program + ": ", program.getFileName() + ": ");
                throw new EOFException(words + ", after " + decompressed + " bytes of text");
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                if (process.isAlive()) process.destroyForcibly(); // stopped early (the head, a failure elsewhere)
                Files.deleteIfExists(errors);
            }
        }
    }
}
