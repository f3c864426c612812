package braid.timeline;

import braid.core.TaskOutcome;
import braid.timeline.internal.Durations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Renders the time-breakdown table of a run for a terminal: each top-level task and its time, the
 * total with concurrency, the total if sequential, the time saved and the critical path.
 *
 * <pre>{@code
 * System.out.print(BreakdownTable.render(recorder.record()));
 * }</pre>
 *
 * <p>Runs with more than {@value #MAX_ROWS} top-level tasks list the longest ones and sum up the rest.
 * Stateless and thread-safe.
 */
public final class BreakdownTable {
    /** The most task rows a table shows. */
    public static final int MAX_ROWS = 50;
    private static final int MAX_NAME = 48;
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

    private BreakdownTable() {}

    /** The table without colour. */
    public static String render(RunRecord record) {
        return render(record, false);
    }

    /**
     * The table, coloured with ANSI escapes when {@code ansi} (failures red, the critical path bold,
     * the saving green).
     */
    public static String render(RunRecord record, boolean ansi) {
        // A run that did not succeed has no meaningful saving or critical path: its times say when it stopped.
        boolean succeeded = record.outcome() == braid.core.RunOutcome.SUCCEEDED;
        CriticalPath critical = succeeded ? record.criticalPath() : CriticalPath.EMPTY;
        List<TaskRecord> top = new ArrayList<>();
        long hiddenTime = 0;
        int hidden = 0;
        for (TaskRecord t : record.tasks()) {
            if (!t.hasParent()) {
                top.add(t);
            }
        }
        if (top.size() > MAX_ROWS) {
            List<TaskRecord> longest = new ArrayList<>(top);
            longest.sort(Comparator.comparingLong(TaskRecord::durationNanos).reversed());
            List<TaskRecord> shown = new ArrayList<>(longest.subList(0, MAX_ROWS));
            for (TaskRecord t : longest.subList(MAX_ROWS, longest.size())) {
                hiddenTime += t.durationNanos();
                hidden++;
            }
            shown.sort(Comparator.comparingLong(TaskRecord::startNanos));
            top = shown;
        }

        List<String[]> rows = new ArrayList<>();
        List<TaskRecord> rowTasks = new ArrayList<>();
        for (TaskRecord t : top) {
            String name = (critical.contains(t.name()) ? "* " : "  ") + shorten(t.name());
            rows.add(new String[]{name, t.started() ? Durations.human(t.durationNanos()) : "–",
                    t.started() ? Durations.offset(t.startNanos(), record.totals().wallNanos()) : "–", outcome(t)});
            rowTasks.add(t);
        }
        if (hidden > 0) {
            rows.add(new String[]{String.format(Locale.ROOT, "  … %,d more tasks", hidden),
                    Durations.human(hiddenTime), "", ""});
            rowTasks.add(null);
        }
        RunRecord.Totals totals = record.totals();
        String path = critical.tasks().isEmpty() ? "–"
                : String.join(" → ", critical.tasks().stream().map(BreakdownTable::shorten).toList())
                + ": " + Durations.human(critical.lengthNanos());
        String[][] footer = !succeeded ? new String[][]{{"Ended after", Durations.human(totals.wallNanos())}} : new String[][]{
                {"Total with concurrency", Durations.human(totals.wallNanos())},
                {"Total if sequential", Durations.human(totals.sequentialNanos())},
                {"Saved", Durations.human(totals.savedNanos())
                        + String.format(Locale.ROOT, " (%.1f %%)", totals.savedPercent())},
                {"Critical path", path},
        };

        String[] head = {"Task", "Time", "Start", "Outcome"};
        int[] w = new int[4];
        for (int i = 0; i < 4; i++) {
            w[i] = head[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] f : footer) {
            w[0] = Math.max(w[0], f[0].length() + 2);
        }
        int span = w[1] + w[2] + w[3] + 6;
        for (String[] f : footer) {
            if (f[1].length() > span) {
                w[3] += f[1].length() - span;
                span = f[1].length();
            }
        }

        StringBuilder out = new StringBuilder();
        out.append(ansi ? BOLD : "").append("Total Time Breakdown").append(ansi ? RESET : "")
                .append(" — ").append(record.runName()).append(" (").append(record.outcome()).append(")\n");
        out.append(line('┌', '┬', '┐', w)).append('\n');
        out.append("│ ").append(pad(head[0], w[0])).append(" │ ").append(padLeft(head[1], w[1])).append(" │ ")
                .append(padLeft(head[2], w[2])).append(" │ ").append(pad(head[3], w[3])).append(" │\n");
        out.append(line('├', '┼', '┤', w)).append('\n');
        for (int k = 0; k < rows.size(); k++) {
            String[] r = rows.get(k);
            TaskRecord t = rowTasks.get(k);
            boolean crit = t != null && critical.contains(t.name());
            String nameCell = pad(r[0], w[0]);
            String outcomeCell = pad(r[3], w[3]);
            if (ansi && crit) {
                nameCell = BOLD + nameCell + RESET;
            }
            if (ansi && t != null && t.outcome() != TaskOutcome.SUCCEEDED) {
                outcomeCell = (t.outcome() == TaskOutcome.FAILED ? RED : YELLOW) + outcomeCell + RESET;
            }
            out.append("│ ").append(nameCell).append(" │ ").append(padLeft(r[1], w[1])).append(" │ ")
                    .append(padLeft(r[2], w[2])).append(" │ ").append(outcomeCell).append(" │\n");
        }
        out.append('├').append("─".repeat(w[0] + 2)).append('┼').append("─".repeat(w[1] + 2)).append('┴')
                .append("─".repeat(w[2] + 2)).append('┴').append("─".repeat(w[3] + 2)).append("┤\n");
        for (int k = 0; k < footer.length; k++) {
            String value = pad(footer[k][1], span);
            if (ansi && k == 2) {
                value = (totals.savedNanos() >= 0 ? GREEN : RED) + value + RESET;
            } else if (ansi && k == 0) {
                value = BOLD + value + RESET;
            }
            out.append("│ ").append(pad(footer[k][0], w[0])).append(" │ ").append(value).append(" │\n");
        }
        out.append('└').append("─".repeat(w[0] + 2)).append('┴').append("─".repeat(span + 2)).append("┘\n");
        if (!critical.tasks().isEmpty()) {
            out.append("* on the critical path\n");
        }
        return out.toString();
    }

    private static String outcome(TaskRecord t) {
        String o = t.outcome().name().toLowerCase(Locale.ROOT);
        int n = t.attemptCount();
        if (n > 1) {
            o += " (" + n + " attempts)";
        }
        if (!t.required()) {
            o += ", optional";
        }
        return o;
    }

    private static String shorten(String name) {
        String oneLine = name.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() <= MAX_NAME ? oneLine : oneLine.substring(0, MAX_NAME - 1) + "…";
    }

    private static String line(char left, char mid, char right, int[] w) {
        StringBuilder b = new StringBuilder().append(left);
        for (int i = 0; i < w.length; i++) {
            b.append("─".repeat(w[i] + 2)).append(i + 1 < w.length ? mid : right);
        }
        return b.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
