package braid.report.internal;

import braid.timeline.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs of the state directory at a glance: {@code runs/index.html} (every run by day with its status colour,
 * counts and duration, a small chart over time, each linking its timeline) and {@code runs/latest}, a link to the
 * newest run folder. Rewritten after every run. Stateless.
 */
public final class RunsIndex {
    private static final Pattern END = Pattern.compile("event=end outcome=\\S+ exit=(\\d)( dry_run=true)?");

    private RunsIndex() {}

    /** One run as its folder tells it; {@code dryRun}: a {@code --dry-run}, which sends nothing. */
    public record Run(Path folder, LocalDate day, Optional<LocalDateTime> started, String outcome, Optional<Integer> exit,
                      long sent, long alreadySent, long failed, long uncertain, Optional<Duration> duration,
                      boolean dryRun) {
        /** The outcome as a person reads it: a dry run says so ("dry run, succeeded"), so that 0 sent is not a puzzle. */
        public String outcomeInWords() {
            return dryRun ? "dry run, " + outcome : outcome;
        }
    }

    /** The runs under {@code runs}, newest first. */
    public static List<Run> list(Path runs, ZoneId zone) throws IOException {
        List<Run> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) return out;
        List<Path> folders;
        try (Stream<Path> s = Files.list(runs)) {
            folders = s.filter(Files::isDirectory).filter(p -> !Files.isSymbolicLink(p))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        }
        for (Path f : folders) {
            String name = f.getFileName().toString();
            LocalDate day;
            try {
                day = LocalDate.parse(name.substring(0, Math.min(10, name.length())));
            } catch (RuntimeException e) {
                continue;
            }
            Optional<LocalDateTime> started = Optional.empty();
            Optional<Duration> duration = Optional.empty();
            String outcome = "no record";
            try {
                RunRecord r = RunRecord.read(f.resolve("run.json"));
                started = Optional.of(LocalDateTime.ofInstant(r.startedAt(), zone).withNano(0));
                outcome = r.outcome().name().toLowerCase(Locale.ROOT);
                duration = Optional.of(Duration.ofNanos(r.tasks().stream().mapToLong(t -> t.endNanos()).max().orElse(0)));
            } catch (IOException | RuntimeException e) {
                // a run killed before it wrote its record
            }
            long sent = 0, alreadySent = 0, failed = 0, uncertain = 0;
            Optional<Integer> exit = Optional.empty();
            boolean dryRun = false;
            Path log = f.resolve("report.log");
            if (Files.exists(log)) {
                for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (l.contains("event=mail ")) {
                        if (l.contains("outcome=sent ")) sent++;
                        else if (l.contains("outcome=already_sent ")) alreadySent++;
                        else if (l.contains("outcome=failed ")) failed++;
                        else if (l.contains("outcome=uncertain ")) uncertain++;
                    }
                    Matcher m = END.matcher(l);
                    if (m.find()) {
                        exit = Optional.of(Integer.parseInt(m.group(1)));
                        dryRun = m.group(2) != null;
                    }
                }
            }
            out.add(new Run(f, day, started, outcome, exit, sent, alreadySent, failed, uncertain, duration, dryRun));
        }
        return out;
    }

    /** Rewrites {@code runs/index.html} and points {@code runs/latest} at {@code newest}. */
    public static void write(Path runs, Path newest, ZoneId zone, String company) throws IOException {
        List<Run> all = list(runs, zone);
        StringBuilder rows = new StringBuilder();
        for (Run r : all) {
            String colour = colour(r);
            rows.append("<tr><td>").append(r.day()).append("</td><td>").append(r.started().map(t -> t.toString().replace('T', ' ')).orElse("—"))
                    .append("</td><td><span class=\"dot\" style=\"background:").append(colour).append("\"></span>")
                    .append(html(r.outcomeInWords())).append(r.exit().map(e -> " (exit " + e + ")").orElse(""))
                    .append("</td><td class=\"n\">").append(r.sent()).append("</td><td class=\"n\">").append(r.alreadySent())
                    .append("</td><td class=\"n\">").append(r.failed())
                    .append("</td><td class=\"n\">").append(r.uncertain()).append("</td><td class=\"n\">")
                    .append(r.duration().map(braid.core.Failures::duration).orElse("—")).append("</td><td><a href=\"")
                    .append(html(r.folder().getFileName().toString())).append("/timeline.html\">timeline</a></td></tr>\n");
        }
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>braid runs · %s</title>
                <style>body{font-family:system-ui,sans-serif;margin:1.5em;color:#1f2933;background:#f7f8fa}
                table{border-collapse:collapse;background:#fff;width:100%%;max-width:960px}
                th,td{padding:.4em .7em;border-bottom:1px solid #e4e7eb;text-align:left;white-space:nowrap}
                td.n,th.n{text-align:right}.dot{display:inline-block;width:.7em;height:.7em;border-radius:50%%;margin-right:.4em}
                svg{background:#fff;max-width:960px;width:100%%;height:auto;display:block;margin:0 0 1em}</style></head><body>
                <h1>braid runs · %s</h1>
                <p>%d runs, newest first. Green: everything sent; orange: partial; red: failed; grey: a dry run that went well (nothing is sent). The chart shows each run's duration, oldest left.</p>
                %s
                <table><tr><th>report day</th><th>started</th><th>outcome</th><th class="n">sent</th><th class="n">already sent</th><th class="n">failed</th><th class="n">uncertain</th><th class="n">duration</th><th></th></tr>
                %s</table></body></html>
                """.formatted(html(company), html(company), all.size(), chart(all), rows);
        Path tmp = runs.resolve("index.html.tmp");
        Files.writeString(tmp, page, StandardCharsets.UTF_8);
        Files.move(tmp, runs.resolve("index.html"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Path link = runs.resolve("latest");
        Path tmpLink = runs.resolve("latest.tmp");
        try {
            Files.deleteIfExists(tmpLink);
            Files.createSymbolicLink(tmpLink, newest.getFileName());
            Files.move(tmpLink, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (UnsupportedOperationException | IOException e) {
            Files.deleteIfExists(tmpLink); // a file system without links: the index still lists the newest first
        }
    }

    private static String chart(List<Run> newestFirst) {
        List<Run> runs = new ArrayList<>(newestFirst.subList(0, Math.min(60, newestFirst.size())));
        java.util.Collections.reverse(runs);
        if (runs.isEmpty()) return "";
        double max = runs.stream().mapToDouble(r -> r.duration().map(Duration::toMillis).orElse(0L)).max().orElse(1);
        if (max <= 0) max = 1;
        int w = 960, h = 120, bar = Math.max(4, Math.min(30, (w - 20) / runs.size() - 2));
        StringBuilder b = new StringBuilder("<svg viewBox=\"0 0 " + w + " " + h + "\" role=\"img\" aria-label=\"durations of the runs\">");
        int x = 10;
        for (Run r : runs) {
            double ms = r.duration().map(Duration::toMillis).orElse(0L);
            int bh = (int) Math.max(2, (h - 20) * ms / max);
            b.append("<rect x=\"").append(x).append("\" y=\"").append(h - 10 - bh).append("\" width=\"").append(bar)
                    .append("\" height=\"").append(bh).append("\" fill=\"").append(colour(r)).append("\"><title>")
                    .append(r.day()).append(' ').append(r.duration().map(braid.core.Failures::duration).orElse("—")).append("</title></rect>");
            x += bar + 2;
        }
        return b.append("</svg>").toString();
    }

    private static String colour(Run r) {
        int exit = r.exit().orElse(r.outcome().equals("succeeded") ? 0 : 1);
        if (r.dryRun() && exit == 0) return "#868e96"; // sent nothing, by design: not green
        return switch (exit) {
            case 0 -> "#2f9e44";
            case 3 -> "#f08c00";
            default -> "#e03131";
        };
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
