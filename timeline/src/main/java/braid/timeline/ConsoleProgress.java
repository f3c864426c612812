package braid.timeline;

import org.jspecify.annotations.Nullable;

import braid.core.RunEnd;
import braid.core.RunListener;
import braid.core.RunOutcome;
import braid.core.RunStart;
import braid.core.TaskEvent;
import braid.core.TaskInfo;
import braid.core.TaskProgress;
import braid.timeline.internal.Durations;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Shows a run to a person while it goes on, in one of two modes.
 *
 * <ul>
 *   <li>{@link Mode#TTY}: a live block redrawn with ANSI escapes (at most ten times a second, from a
 *   daemon thread) with one line per top-level task: a state symbol, its name, state, elapsed time
 *   and a progress bar when the task reports progress. Retries and failures are printed above the
 *   block as they happen; after the run (or {@link #close()}) the final state stays on screen.</li>
 *   <li>{@link Mode#PLAIN}: no escapes, one line per change, for logs and pipes:
 *   {@code ▶ read website content started}, {@code ✔ read website content finished in 15:00}.
 *   Retries, failures, cancellations and skips are always printed; starts and successes only when
 *   {@code verbose}, leaving the rest to the summary otherwise.</li>
 * </ul>
 *
 * <p>Times come from the events' run-clock nanos, so a run on a virtual clock shows its virtual
 * times; between events the TTY block advances them by the real time passed, to keep them ticking.
 * Thread-safe; never throws from its callbacks. One run at a time.
 */
public final class ConsoleProgress implements RunListener, AutoCloseable {

    /** How the progress is shown. */
    public enum Mode {
        /** A live block redrawn with ANSI escapes. */
        TTY,
        /** One line of plain text per change. */
        PLAIN
    }

    private static final String[] SPINNER = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};
    private static final int MAX_LINES = 15;
    private static final int BAR = 20;
    private static final long REDRAW_MILLIS = 100;
    private static final String ANSI_GREEN = "\u001b[32m";
    private static final String ANSI_RED = "\u001b[31m";
    private static final String ANSI_YELLOW = "\u001b[33m";
    private static final String ANSI_DIM = "\u001b[2m";
    private static final String ANSI_BOLD = "\u001b[1m";
    private static final String ANSI_RESET = "\u001b[0m";

    private enum State { WAITING, RUNNING, RETRYING, SUCCEEDED, FAILED, CANCELLED, SKIPPED }

    /** What the console knows of one task; guarded by the ConsoleProgress lock. */
    private static final class Line {
        final String name;
        State state = State.WAITING;
        long start = -1;
        long end = -1;
        long attemptStart = -1;
        int attempt;
        long done = -1;
        long total = -1;
        @Nullable String unit;
        @Nullable String lastError;

        Line(String name) {
            this.name = name;
        }
    }

    private final PrintStream out;
    private final int columns;
    private final Mode mode;
    private final boolean verbose;
    private final Object lock = new Object();
    private final Map<String, Line> topLevel = new LinkedHashMap<>();
    private final Map<String, Line> children = new HashMap<>();
    private final List<String> pending = new ArrayList<>();
    private String runName = "run";
    private long lastAt;
    private long lastWall = System.nanoTime();
    private int drawnLines;
    private int frame;
    private boolean dirty;
    private boolean finished;
    private @Nullable Thread painter;

    private ConsoleProgress(PrintStream out, Mode mode, boolean verbose) {
        this(out, mode, verbose, columnsFromEnvironment());
    }

    // ANSI colours, or empty strings when NO_COLOR is set (https://no-color.org); cursor moves stay in TTY mode
    private final String green;
    private final String red;
    private final String yellow;
    private final String dim;
    private final String bold;
    private final String reset;

    /**
     * Whether output may be coloured: not when the environment sets {@code NO_COLOR} to anything non-empty
     * (no-color.org). The one check every braid command uses.
     */
    public static boolean colorAllowed(java.util.Map<String, String> env) {
        String v = env.get("NO_COLOR");
        return v == null || v.isEmpty();
    }

    private ConsoleProgress(PrintStream out, Mode mode, boolean verbose, int columns) {
        this(out, mode, verbose, columns, colorAllowed(System.getenv()));
    }

    private ConsoleProgress(PrintStream out, Mode mode, boolean verbose, int columns, boolean color) {
        this.green = color ? ANSI_GREEN : "";
        this.red = color ? ANSI_RED : "";
        this.yellow = color ? ANSI_YELLOW : "";
        this.dim = color ? ANSI_DIM : "";
        this.bold = color ? ANSI_BOLD : "";
        this.reset = color ? ANSI_RESET : "";
        if (columns < 20) {
            throw new IllegalArgumentException("terminal width " + columns + " < 20 columns");
        }
        this.columns = columns;
        this.out = Objects.requireNonNull(out, "out");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.verbose = verbose;
    }

    /** Plain lines to {@code out}; starts and successes only when {@code verbose}. */
    public static ConsoleProgress plain(PrintStream out, boolean verbose) {
        return new ConsoleProgress(out, Mode.PLAIN, verbose);
    }

    /**
     * A live ANSI block on {@code out}, which should be a terminal; lines are cut to {@code COLUMNS}
     * (default 100) because a wrapped line would throw off the redraw.
     */
    public static ConsoleProgress tty(PrintStream out) {
        return new ConsoleProgress(out, Mode.TTY, true);
    }

    /** A live ANSI block on {@code out} with lines cut to {@code columns} characters. */
    public static ConsoleProgress tty(PrintStream out, int columns) {
        return new ConsoleProgress(out, Mode.TTY, true, columns);
    }

    /** The same, coloured only when {@code color} (see {@link #colorAllowed}); the block still redraws in place. */
    public static ConsoleProgress tty(PrintStream out, int columns, boolean color) {
        return new ConsoleProgress(out, Mode.TTY, true, columns, color);
    }

    private static int columnsFromEnvironment() {
        try {
            String c = System.getenv("COLUMNS");
            return c == null ? 100 : Math.max(20, Integer.parseInt(c.trim()));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** {@code line} cut to {@code width} visible characters; ANSI escapes take no room. */
    static String fit(String line, int width) {
        int visible = 0;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '\u001b') {
                int end = i + 1;
                while (end < line.length() && !Character.isLetter(line.charAt(end))) {
                    end++;
                }
                i = end + 1;
                continue;
            }
            if (visible == width - 1 && i + Character.charCount(line.codePointAt(i)) < line.length()
                    && hasVisibleAfter(line, i + Character.charCount(line.codePointAt(i)))) {
                return line.substring(0, i) + "…" + (line.indexOf('\u001b') >= 0 ? ANSI_RESET : "");
            }
            visible++;
            i += Character.charCount(line.codePointAt(i));
        }
        return line;
    }

    private static boolean hasVisibleAfter(String line, int from) {
        for (int i = from; i < line.length(); i++) {
            if (line.charAt(i) == '\u001b') {
                while (i < line.length() && !Character.isLetter(line.charAt(i))) {
                    i++;
                }
            } else {
                return true;
            }
        }
        return false;
    }

    /**
     * TTY mode when this JVM has an interactive terminal that understands ANSI ({@code TERM} set and
     * not {@code dumb}, {@code NO_COLOR} unset), otherwise plain.
     */
    public static ConsoleProgress forTerminal(PrintStream out, boolean verbose) {
        String term = System.getenv("TERM");
        boolean ansi = System.console() != null && System.console().isTerminal()
                && term != null && !term.equals("dumb") && System.getenv("NO_COLOR") == null;
        return ansi ? tty(out) : plain(out, verbose);
    }

    /** The mode this instance shows progress in. */
    public Mode mode() {
        return mode;
    }

    @Override
    public void runStarted(RunStart start) {
        synchronized (lock) {
            runName = start.runName();
            topLevel.clear();
            children.clear();
            pending.clear();
            finished = false;
            drawnLines = 0;
            for (TaskInfo info : start.graph()) {
                topLevel.put(info.name(), new Line(info.name()));
            }
            touch(0);
            if (mode == Mode.PLAIN) {
                if (verbose) {
                    out.println("● " + runName + " started");
                }
            } else if (painter == null) {
                painter = Thread.ofPlatform().daemon().name("braid-console-progress").start(this::paintLoop);
            }
        }
    }

    @Override
    public void taskEvent(TaskEvent e) {
        synchronized (lock) {
            touch(e.atNanos());
            boolean top = e.parent() == null;
            Map<String, Line> map = top ? topLevel : children;
            Line l = map.computeIfAbsent(e.task(), Line::new);
            dirty = true;
            switch (e.kind()) {
                case SCHEDULED -> { }
                case STARTED -> {
                    l.attempt = e.attempt();
                    l.attemptStart = e.atNanos();
                    if (l.start < 0) {
                        l.start = e.atNanos();
                        if (top && verbose && mode == Mode.PLAIN) {
                            out.println("▶ " + l.name + " started");
                        }
                    }
                    l.state = State.RUNNING;
                }
                case ATTEMPT_FAILED -> l.lastError = e.error();
                case RETRYING -> {
                    l.state = State.RETRYING;
                    message("↻ " + l.name + " attempt " + l.attempt + " failed after "
                            + Durations.human(Math.max(0, e.atNanos() - l.attemptStart))
                            + cause(l.lastError)
                            + (e.retryDelay() == null ? "; retrying" : "; retrying in " + Durations.human(e.retryDelay().toNanos())), yellow);
                }
                case SUCCEEDED -> {
                    finish(l, State.SUCCEEDED, e.atNanos());
                    if (top && verbose && mode == Mode.PLAIN) {
                        out.println("✔ " + l.name + " finished in " + took(l) + attempts(l));
                    }
                }
                case FAILED -> {
                    finish(l, State.FAILED, e.atNanos());
                    message("✖ " + l.name + " failed" + (l.start >= 0 ? " after " + took(l) : "") + attempts(l)
                            + cause(e.error()), red);
                }
                case CANCELLED -> {
                    finish(l, State.CANCELLED, e.atNanos());
                    if (top) {
                        String why = e.error() == null ? "" : e.error().startsWith("cancelled: ")
                                ? e.error().substring("cancelled: ".length()) : e.error();
                        message("⊘ " + l.name + " cancelled" + (l.start >= 0 ? " after " + took(l) : "")
                                + (why.isEmpty() ? "" : ": " + why), yellow);
                    }
                }
                case SKIPPED -> {
                    finish(l, State.SKIPPED, e.atNanos());
                    message("⤼ " + l.name + " skipped" + (e.error() == null ? "" : ": " + e.error()), yellow);
                }
            }
            if (!top && e.kind().isTerminal()) {
                children.remove(e.task()); // children are not shown, only their messages
            }
        }
    }

    @Override
    public void progress(TaskProgress p) {
        synchronized (lock) {
            touch(p.atNanos());
            Line l = topLevel.get(p.task());
            if (l != null) {
                l.done = p.done();
                l.total = p.total();
                l.unit = p.unit();
                dirty = true;
            }
        }
    }

    private final java.util.Set<String> printedCauses = new java.util.HashSet<>();

    @Override
    public void runFinished(RunEnd end) {
        synchronized (lock) {
            touch(end.atNanos());
            String line = (end.outcome() == RunOutcome.SUCCEEDED ? "■ " : "✖ ") + runName + " "
                    + end.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " after "
                    + Durations.human(end.atNanos()) + cause(end.error());
            if (end.outcome() != RunOutcome.SUCCEEDED) {
                message(line, red);
            } else if (verbose || mode == Mode.TTY) {
                message(line, green);
            }
            finished = true;
            if (mode == Mode.TTY) {
                redraw();
            }
            out.flush();
        }
        stopPainter();
    }

    /**
     * ": the cause" the first time a cause is printed; " (the same cause)" after that: a failure that travels up
     * from a page to its step to the run is one root cause and reads as one line, not three copies of it.
     */
    private String cause(@Nullable String error) {
        if (error == null) return "";
        return printedCauses.add(error) ? ": " + error : " (the same cause)";
    }

    /** Stops the redraw thread and leaves the final state printed. Idempotent. */
    @Override
    public void close() {
        stopPainter();
        synchronized (lock) {
            if (mode == Mode.TTY && dirty) {
                redraw();
            }
            out.flush();
        }
    }

    private void stopPainter() {
        Thread t;
        synchronized (lock) {
            t = painter;
            painter = null;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void paintLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(REDRAW_MILLIS); // real time on purpose: this paces the screen, not the run
                synchronized (lock) {
                    if (painter != Thread.currentThread()) {
                        return;
                    }
                    frame++;
                    redraw();
                }
            }
        } catch (InterruptedException e) {
            // close() or the end of the run: the last frame is drawn by them
        }
    }

    private void touch(long atNanos) {
        if (atNanos >= lastAt) {
            lastAt = atNanos;
            lastWall = System.nanoTime();
        }
    }

    private long now() {
        return finished ? lastAt : lastAt + Math.max(0, System.nanoTime() - lastWall);
    }

    private void finish(Line l, State s, long at) {
        l.state = s;
        if (l.start >= 0) {
            l.end = Math.max(at, l.start);
        }
    }

    private static String took(Line l) {
        return Durations.human(l.end >= l.start ? l.end - l.start : 0);
    }

    private static String attempts(Line l) {
        return l.attempt > 1 ? " (" + l.attempt + " attempts)" : "";
    }

    /** A line that is always shown: printed now in plain mode, above the live block in TTY mode. */
    private void message(String text, String colour) {
        if (mode == Mode.PLAIN) {
            out.println(text);
        } else {
            pending.add(colour + text + reset);
            dirty = true;
        }
    }

    private void redraw() {
        List<String> block = block();
        StringBuilder b = new StringBuilder();
        if (drawnLines > 0) {
            b.append("\u001b[").append(drawnLines).append('F'); // to the start of the block's first line
        } else {
            b.append('\r');
        }
        b.append("\u001b[J"); // erase the old block
        for (String m : pending) {
            b.append(m).append('\n');
        }
        pending.clear();
        for (String line : block) {
            b.append(fit(line, columns)).append('\n');
        }
        drawnLines = block.size();
        dirty = false;
        out.print(b);
        out.flush();
    }

    private List<String> block() {
        long now = now();
        List<Line> lines = new ArrayList<>(topLevel.values());
        int done = 0;
        int running = 0;
        int failed = 0;
        int waiting = 0;
        for (Line l : lines) {
            switch (l.state) {
                case RUNNING, RETRYING -> running++;
                case WAITING -> waiting++;
                case FAILED -> { failed++; done++; }
                default -> done++;
            }
        }
        List<Line> shown = lines;
        if (lines.size() > MAX_LINES) {
            shown = new ArrayList<>();
            for (Line l : lines) {
                if ((l.state == State.RUNNING || l.state == State.RETRYING || l.state == State.FAILED) && shown.size() < MAX_LINES - 3) {
                    shown.add(l);
                }
            }
        }
        int nameWidth = 12;
        for (Line l : shown) {
            nameWidth = Math.max(nameWidth, Math.min(36, l.name.length()));
        }
        List<String> out = new ArrayList<>(shown.size() + 2);
        for (Line l : shown) {
            out.add(line(l, nameWidth, now));
        }
        if (shown.size() < lines.size()) {
            out.add(dim + String.format(Locale.ROOT, "  … %,d more: %,d running, %,d waiting, %,d done", lines.size() - shown.size(),
                    running, waiting, done) + reset);
        }
        out.add(bold + "  " + runName + reset + dim + " · " + Durations.human(now) + " · "
                + String.format(Locale.ROOT, "%,d/%,d tasks done", done, lines.size())
                + (failed > 0 ? String.format(Locale.ROOT, ", %,d failed", failed) : "") + reset);
        return out;
    }

    /** "6/10 pages", or for bytes "12.5/48.0 MB". */
    private static String amount(long done, long total, @Nullable String unit) {
        if ("bytes".equals(unit)) {
            long scale = Math.max(done, total);
            String[] units = {"bytes", "KB", "MB", "GB", "TB"};
            int k = 0;
            double div = 1;
            while (k + 1 < units.length && scale >= div * 1024) {
                div *= 1024;
                k++;
            }
            if (k > 0) {
                return total > 0
                        ? String.format(Locale.ROOT, "%.1f/%.1f %s", done / div, total / div, units[k])
                        : String.format(Locale.ROOT, "%.1f %s", done / div, units[k]);
            }
        }
        return total > 0 ? String.format(Locale.ROOT, "%,d/%,d %s", done, total, unit)
                : String.format(Locale.ROOT, "%,d %s", done, unit);
    }

    private String line(Line l, int nameWidth, long now) {
        String symbol = switch (l.state) {
            case WAITING -> dim + "·" + reset;
            case RUNNING -> yellow + SPINNER[frame % SPINNER.length] + reset;
            case RETRYING -> yellow + "↻" + reset;
            case SUCCEEDED -> green + "✔" + reset;
            case FAILED -> red + "✖" + reset;
            case CANCELLED -> dim + "⊘" + reset;
            case SKIPPED -> dim + "⤼" + reset;
        };
        String name = l.name.replace('\n', ' ');
        name = name.length() > nameWidth ? name.substring(0, nameWidth - 1) + "…" : name + " ".repeat(nameWidth - name.length());
        String state = l.state.name().toLowerCase(Locale.ROOT) + (l.attempt > 1 ? " #" + l.attempt : "");
        long elapsed = l.start < 0 ? -1 : (l.end >= 0 ? l.end : Math.max(l.start, now)) - l.start;
        StringBuilder b = new StringBuilder().append(symbol).append(' ').append(name).append("  ")
                .append(String.format(Locale.ROOT, "%-12s %9s", state, elapsed < 0 ? "" : Durations.human(elapsed)));
        if (l.done >= 0) {
            b.append("  ");
            if (l.total > 0) {
                double f = Math.min(1, (double) l.done / l.total);
                int full = (int) Math.round(f * BAR);
                b.append(green).append("█".repeat(full)).append(dim).append("░".repeat(BAR - full)).append(reset)
                        .append(String.format(Locale.ROOT, " %3d%% ", Math.round(f * 100)))
                        .append(amount(l.done, l.total, l.unit));
            } else {
                b.append(amount(l.done, -1, l.unit));
            }
        }
        return b.toString();
    }
}
