package braid.report.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removes old run folders (they hold personal data: dry-run e-mails, client names in logs): first
 * those older than {@code days}, then all but the newest {@code runs}. The current run is never removed.
 */
public final class Retention {
    private Retention() {}

    public static List<Path> apply(Path runsDir, int days, int runs, Path current, Instant now) throws IOException {
        if (!Files.isDirectory(runsDir)) return List.of();
        List<Path> folders;
        try (Stream<Path> s = Files.list(runsDir)) {
            folders = new ArrayList<>(s.filter(p -> !Files.isSymbolicLink(p)).filter(Files::isDirectory).filter(p -> current == null || !p.toAbsolutePath().equals(current.toAbsolutePath()))
                    .sorted(Comparator.comparing(Retention::modified).reversed()).toList());
        }
        List<Path> removed = new ArrayList<>();
        Instant cutoff = now.minus(Duration.ofDays(days));
        int kept = current == null ? 0 : 1;
        for (Path f : folders) {
            if (modified(f).isBefore(cutoff) || kept >= runs) {
                deleteTree(f);
                removed.add(f);
            } else {
                kept++;
            }
        }
        return removed;
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
