package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.RunOutcome;
import braid.core.TaskInfo;
import braid.timeline.internal.RunRecordJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The record of one run: what each task did and when, and the totals that show what overlapping
 * the waits saved. Stored as a versioned JSON document ({@code {"format":"braid-run","version":1,...}})
 * by {@link #write} and {@link #read}; reading gives back an equal record.
 *
 * <p>Instances are immutable and thread-safe. Build one with {@link RunRecorder} (or {@link #of}).
 *
 * @param runName   the name given to the run
 * @param startedAt wall-clock instant of the start, as the engine's clock saw it
 * @param outcome   how the run ended
 * @param error     why it did not succeed (one line), or {@code null}
 * @param graph     the declared shape of a graph-form run (every task, in declaration order); empty
 *                  for a scope-form run
 * @param tasks     every task the run knew of, in declaration (graph form) or fork (scope form) order
 * @param totals    wall time, sequential equivalent, time saved and critical path
 */
public record RunRecord(String runName, Instant startedAt, RunOutcome outcome, @Nullable String error,
                        List<TaskInfo> graph, List<TaskRecord> tasks, Totals totals) {

    /** The value of the document's {@code "format"} field. */
    public static final String FORMAT = "braid-run";
    /** The document version this class writes and reads. */
    public static final int VERSION = 1;

    public RunRecord {
        Objects.requireNonNull(runName, "runName");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(totals, "totals");
        graph = List.copyOf(graph);
        tasks = List.copyOf(tasks);
    }

    /**
     * The figures that sum a run up.
     *
     * @param wallNanos       from the run's start to its end
     * @param sequentialNanos the sequential equivalent: the sum of the times of the top-level tasks
     *                        (those without a parent), as if each had waited for the one before
     * @param savedNanos      {@code sequentialNanos - wallNanos} (negative when overlapping lost time)
     * @param criticalPath    the chain of tasks that decided the wall time
     */
    public record Totals(long wallNanos, long sequentialNanos, long savedNanos, CriticalPath criticalPath) {
        public Totals {
            Objects.requireNonNull(criticalPath, "criticalPath");
        }

        /** The wall time as a duration. */
        public Duration wall() {
            return Duration.ofNanos(wallNanos);
        }

        /** The sequential equivalent as a duration. */
        public Duration sequential() {
            return Duration.ofNanos(sequentialNanos);
        }

        /** The time saved as a duration (negative when overlapping lost time). */
        public Duration saved() {
            return Duration.ofNanos(savedNanos);
        }

        /** The time saved in percent of the sequential equivalent (0 when that is 0). */
        public double savedPercent() {
            return sequentialNanos == 0 ? 0 : 100.0 * savedNanos / sequentialNanos;
        }
    }

    /** A record whose totals are computed from its tasks and the run's wall time. */
    public static RunRecord of(String runName, Instant startedAt, RunOutcome outcome, @Nullable String error,
                               long wallNanos, List<TaskInfo> graph, List<TaskRecord> tasks) {
        long sequential = 0;
        for (TaskRecord t : tasks) {
            if (!t.hasParent()) {
                sequential += t.durationNanos();
            }
        }
        Totals totals = new Totals(wallNanos, sequential, sequential - wallNanos, CriticalPath.of(tasks));
        return new RunRecord(runName, startedAt, outcome, error, graph, tasks, totals);
    }

    /** The wall time of the run. */
    public Duration wall() {
        return totals.wall();
    }

    /** The critical path of the run. */
    public CriticalPath criticalPath() {
        return totals.criticalPath();
    }

    /** Writes this record as JSON to {@code file}, replacing it. */
    public void write(Path file) throws IOException {
        // Through a temporary file renamed into place: a full disk leaves the previous file or none, never a
        // truncated or empty run.json.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes this record as UTF-8 JSON to {@code out}, leaving it open. */
    public void write(OutputStream out) throws IOException {
        RunRecordJson.write(this, out);
    }

    /**
     * Reads a record that {@link #write} wrote.
     *
     * @throws RunRecordFormatException when the file is not a braid run record of a version this code reads
     * @throws IOException              when it cannot be read
     */
    public static RunRecord read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (RunRecordFormatException e) {
            throw new RunRecordFormatException(file + ": " + e.getMessage(), e.format(), e.version());
        }
    }

    /** Reads a record from UTF-8 JSON, leaving {@code in} open. */
    public static RunRecord read(InputStream in) throws IOException {
        return RunRecordJson.read(in);
    }
}
