package braid.fetch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Results as JSON lines, one object per request, appended as they complete and forced to disk in batches (every 64
 * lines or every second, and at the end), so that a crash loses at most what was not forced yet. Opened with
 * {@code resume}, the file's complete lines are kept and their keys (the id, else the URL) are not fetched again; a
 * last line cut off by a crash is removed, so its request is fetched again. Not thread-safe: one writer.
 */
public final class ResultsFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 64;
    private static final long BATCH_NANOS = 1_000_000_000L;

    private final @Nullable FileChannel channel;
    private final @Nullable OutputStream stream;
    private final Set<String> done;
    private final long kept;
    private final long cutOff;
    private int unforced;
    private long lastForce = System.nanoTime();

    private ResultsFile(@Nullable FileChannel channel, @Nullable OutputStream stream, Set<String> done, long kept, long cutOff) {
        this.channel = channel;
        this.stream = stream;
        this.done = done;
        this.kept = kept;
        this.cutOff = cutOff;
    }

    /**
     * Opens {@code file} for appending. Without {@code resume} an existing file is refused (it would mix two runs);
     * with it, the keys of its complete lines are read and a cut-off last line is removed.
     *
     * @throws IOException naming the file when it exists without resume, or cannot be read or written
     */
    public static ResultsFile open(Path file, boolean resume) throws IOException {
        Set<String> done = new HashSet<>();
        long kept = 0;
        long cut = 0;
        if (Files.exists(file) && Files.size(file) > 0) {
            if (!resume) {
                throw new IOException(file + " already holds results: add --resume to continue it, or choose another file");
            }
            long good = 0;
            try (var in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                long pos = 0;
                int b;
                while ((b = in.read()) != -1) {
                    pos++;
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String key = key(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                    if (key == null) break; // a damaged line: it and what follows is fetched again
                    done.add(key);
                    kept++;
                    good = pos;
                }
            }
            cut = Files.size(file) - good;
            if (cut > 0) {
                try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    c.truncate(good);
                    c.force(true);
                }
            }
        }
        FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new ResultsFile(c, null, done, kept, cut);
    }

    /** Results written to {@code out} (standard output): nothing to resume, nothing forced. */
    public static ResultsFile to(OutputStream out) {
        return new ResultsFile(null, out, Set.of(), 0, 0);
    }

    private static @Nullable String key(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n == null || !n.isObject()) return null;
            if (n.hasNonNull("id")) return n.get("id").asText();
            return n.hasNonNull("url") ? n.get("url").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether the file already has a result for {@code request}. */
    public boolean has(FetchRequest request) {
        return done.contains(request.key());
    }

    /** Results the file had when it was opened. */
    public long kept() {
        return kept;
    }

    /** Bytes of a cut-off last line removed when it was opened (0 when it ended cleanly). */
    public long cutOff() {
        return cutOff;
    }

    /** Appends one result as a JSON line. */
    public void write(FetchResult r) throws IOException {
        byte[] line = (JSON.writeValueAsString(json(r)) + "\n").getBytes(StandardCharsets.UTF_8);
        if (channel != null) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) channel.write(b);
            if (++unforced >= BATCH || System.nanoTime() - lastForce > BATCH_NANOS) force();
        } else if (stream != null) {
            stream.write(line);
            stream.flush();
        }
    }

    /** Forces what was written to disk. */
    public void force() throws IOException {
        if (channel != null && unforced > 0) {
            channel.force(false);
            unforced = 0;
            lastForce = System.nanoTime();
        }
    }

    /** The JSON object of a result, as it is written. */
    public static ObjectNode json(FetchResult r) {
        ObjectNode o = JSON.createObjectNode();
        FetchRequest q = r.request();
        o.put("url", q.url().toString());
        if (q.id() != null) o.put("id", q.id());
        if (q.line() > 0) o.put("line", q.line());
        if (q.depth() > 0) o.put("depth", q.depth());
        if (r.status() >= 0) o.put("status", r.status());
        else o.putNull("status");
        o.put("ms", r.ms());
        o.put("attempts", r.attempts());
        o.put("bytes", r.bytes());
        if (r.contentType() != null) o.put("contentType", r.contentType());
        if (!r.finalUrl().equals(q.url())) o.put("finalUrl", r.finalUrl().toString());
        if (r.error() != null) {
            o.put("error", r.error());
            if (r.errorKind() != null) o.put("errorKind", r.errorKind().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (r.extracted() != null) {
            ArrayNode a = o.putArray("extracted");
            r.extracted().forEach(a::add);
        }
        if (r.savedTo() != null) o.put("savedTo", r.savedTo().toString());
        if (r.body() != null) o.put("body", r.body());
        return o;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            force();
            channel.close();
        } else if (stream != null) {
            stream.flush();
        }
    }
}
