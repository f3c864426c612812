package braid.health;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each check's result as a passive check result of a service of its own, through Nagios's external command file
 * ({@code nagios.cmd}; Naemon's and Icinga 1's, Icinga 2's command pipe): one {@code braid health} run every minute
 * feeds as many services as it has checks, where a service per check as a plugin starts a Java process per check
 * (about 0.5 s and 0.75 CPU-s each, BENCHMARKS.md row 16). The lines are Nagios's {@code PROCESS_SERVICE_CHECK_RESULT}
 * command: {@code [TIME] PROCESS_SERVICE_CHECK_RESULT;HOST;SERVICE;CODE;OUTPUT|PERFDATA}.
 */
public final class PassiveResults {
    private PassiveResults() {}

    /**
     * Writes of at most this many bytes to a pipe are atomic (POSIX's PIPE_BUF on Linux): a longer line could be
     * interleaved with another writer's (Nagios's own CGI, another braid) and Nagios would read neither.
     */
    static final int MAX_LINE = 4096;

    /** The least room a line leaves for the status and message: "UNKNOWN: " and a few letters of the message. */
    private static final int MIN_OUTPUT = 16;

    /**
     * The command lines for {@code results}: the service of a check is {@code prefix} and its name ("braid shop"), its
     * output the status and message ("CRITICAL: connection refused by 10.0.0.5:5432"), then its performance data with
     * the limits of {@code checks} (as {@code --perfdata}). A ';' in a host or service name (Nagios's field separator)
     * becomes ',', a '|' in the output '¦', a line break a space; an output too long for one atomic write is cut, the
     * performance data kept.
     *
     * @throws IllegalArgumentException when a host and service name leave no room in one atomic write for the status
     *         and message (the message says which check, and what to shorten)
     */
    public static List<String> lines(List<CheckResult> results, List<HealthCheck> checks, String host, String prefix,
                                     long epochSecond) {
        List<String> lines = new ArrayList<>();
        for (CheckResult r : results) {
            String head = "[" + epochSecond + "] PROCESS_SERVICE_CHECK_RESULT;" + field(host) + ";" + field(prefix + r.name())
                    + ";" + r.status().exitCode() + ";";
            String output = oneLine(r.status() + ": " + r.message()).replace('|', '¦');
            String perfdata = oneLine(Reports.perfdata(List.of(r), checks));
            String tail = perfdata.isEmpty() ? "\n" : "|" + perfdata + "\n";
            int headBytes = head.getBytes(StandardCharsets.UTF_8).length;
            int room = MAX_LINE - headBytes - tail.getBytes(StandardCharsets.UTF_8).length;
            if (room < 40) { // the performance data crowd the line out: the words matter more
                tail = "\n";
                room = MAX_LINE - headBytes - 1;
            }
            if (room < MIN_OUTPUT) {
                throw new IllegalArgumentException("the host name and the service name of check \"" + cut(r.name(), 60) + "\" take "
                        + headBytes + " bytes, and a result must fit in one write of " + MAX_LINE + " bytes with its status "
                        + "and words: shorten --submit-host, --submit-prefix or the check's name");
            }
            lines.add(head + cut(output, room) + tail);
        }
        return lines;
    }

    /**
     * Appends {@code lines} to {@code commandFile}, each in one write. The file is the FIFO Nagios reads; opening one
     * that nobody reads waits for ever, so the open is given {@code openTimeout}.
     *
     * @throws IOException the file is not there, cannot be written, or no one reads it (the message says which)
     */
    public static void submit(Path commandFile, List<String> lines, Duration openTimeout) throws IOException {
        if (!Files.exists(commandFile)) {
            throw new IOException("no such file (is Nagios running, with check_external_commands=1 and command_file set to it?)");
        }
        CompletableFuture<FileChannel> opened = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("braid-nagios-command-file").start(() -> {
            try {
                opened.complete(FileChannel.open(commandFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
            } catch (IOException | RuntimeException e) {
                opened.completeExceptionally(e);
            }
        });
        FileChannel out;
        try {
            out = opened.get(openTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the opening thread stays blocked in open(2) until a reader comes, or until the process ends
            opened.thenAccept(ch -> {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was written through it
                }
            });
            throw new IOException("nothing reads " + commandFile + " (waited " + braid.core.Failures.duration(openTimeout)
                    + " to open it: is Nagios running?)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(braid.core.Failures.inWords(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening " + commandFile, e);
        }
        try (out) {
            for (String line : lines) {
                ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) out.write(b);
            }
        }
    }

    private static String field(String s) {
        return oneLine(s).replace(';', ',');
    }

    private static String oneLine(String s) {
        return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** {@code s} in at most {@code bytes} bytes of UTF-8, ending in "…" when cut (never inside a character). */
    private static String cut(String s, int bytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= bytes) return s;
        int end = bytes - 3; // "…" is 3 bytes
        while (end > 0 && (b[end] & 0xC0) == 0x80) end--; // back to the first byte of a character
        return new String(b, 0, end, StandardCharsets.UTF_8) + "…";
    }
}
