package braid.logs.internal;

import org.jspecify.annotations.Nullable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One part of a log counted on its own (a parser thread's share, or a split of a file on a cluster node): a worker's
 * tables, serializable, merged with the others by {@link Merge} exactly as the parser threads of one scan are.
 */
public final class PartState implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Room a chunk's buffer needs after its lines (the parser writes a sentinel there). */
    public static final int SLACK = Scanner.SLACK;

    private final Worker worker;

    public PartState(FormatSpec spec, boolean allDays, long start, long end, ZoneId zone) {
        this.worker = new Worker(spec, allDays, start, end, zone);
    }

    /** Counts the complete lines of {@code b[0..len)}; {@code b} has {@link #SLACK} bytes of room after them. */
    public void parse(byte[] b, int len, int file, int chunk) {
        worker.parseChunk(b, len, file, chunk);
    }

    /** A line too long for any buffer, counted as malformed. */
    public void oversized(int file, int chunk) {
        worker.oversized(file, chunk);
    }

    /** The summary of all parts: the merge the parser threads of one scan go through too. */
    public static braid.logs.AccessSummary merge(List<PartState> parts, List<String> warnings, long bytes, List<Path> files,
                                                 String format, ZoneId zone, @Nullable LocalDate day, int topN) {
        List<Worker> ws = new ArrayList<>(parts.size());
        for (PartState p : parts) ws.add(p.worker);
        return Merge.summary(new Scanner.Result(ws, warnings, bytes, files), format, zone, day, topN);
    }
}
