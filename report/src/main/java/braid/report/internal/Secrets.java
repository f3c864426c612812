package braid.report.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * The last line of defence for secrets: nothing braid writes should hold one (the config keeps them
 * in {@code Secret}, whose toString is ***), but every text file of a run folder is checked and
 * scrubbed anyway, and the caller is told, since a hit means a bug to fix.
 */
public final class Secrets {
    private Secrets() {}

    /** Replaces every secret (of 4 or more characters) in the text files under {@code dir}; returns the files changed. */
    public static List<Path> scrub(Path dir, Collection<String> secrets) throws IOException {
        List<String> s = secrets.stream().filter(x -> x != null && x.length() >= 4).toList();
        if (s.isEmpty() || !Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> {
                try {
                    String text = Files.readString(p, StandardCharsets.UTF_8);
                    String clean = text;
                    for (String x : s) clean = clean.replace(x, "***");
                    if (clean.equals(text)) return false;
                    Files.writeString(p, clean, StandardCharsets.UTF_8);
                    return true;
                } catch (IOException | java.io.UncheckedIOException e) {
                    return false; // binary or unreadable: braid writes no binary files into run folders
                }
            }).toList();
        }
    }

    /** {@code text} with every secret replaced by ***. */
    public static String mask(String text, Collection<String> secrets) {
        String out = text;
        for (String x : secrets) if (x != null && x.length() >= 4) out = out.replace(x, "***");
        return out;
    }

    /**
     * A stream that writes through to {@code out} with every secret replaced by ***: for the live progress and every
     * other text the run prints, which quote remote error messages (a gateway may echo a credential back). Text is
     * held until a line ends or the stream is flushed, so a secret is never split across two writes.
     */
    public static PrintStream masking(PrintStream out, Collection<String> secrets) {
        List<String> s = secrets.stream().filter(x -> x != null && x.length() >= 4).toList();
        if (s.isEmpty()) return out;
        java.io.OutputStream filter = new java.io.OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                line.write(b);
                if (b == '\n') emit();
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) write(b[off + i]);
            }

            @Override
            public synchronized void flush() {
                emit();
                out.flush();
            }

            private void emit() {
                if (line.size() == 0) return;
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                out.print(mask(text, s));
            }
        };
        return new PrintStream(filter, true, StandardCharsets.UTF_8);
    }
}
