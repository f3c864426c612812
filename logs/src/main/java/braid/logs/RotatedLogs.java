package braid.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import braid.logs.internal.Decompress;

/**
 * Expands a log's base path into the rotated set logrotate leaves beside it: {@code access.log},
 * {@code access.log.1}, {@code access.log.2.gz}, … and dateext names such as {@code access.log-20261122.gz}.
 *
 * <p>Stateless and thread-safe.
 */
public final class RotatedLogs {
    // the compressions logrotate's compresscmd is set to: gzip (its default) read by the JDK, the others through their
    // programs (internal.Decompress)
    private static final Pattern SUFFIX = Pattern.compile("(?:\\.(\\d+)|-(\\d{8})(?:\\d{2})?)(?:\\.(?:gz|xz|bz2|zst|lz4|lzma|Z))?");
    /** A rotation's whole name: its base (group 1), then a suffix as {@link #SUFFIX}. */
    private static final Pattern ROTATION = Pattern.compile("(.+?)" + SUFFIX.pattern());

    private RotatedLogs() {}

    /**
     * Every existing member of the set, newest first (the base, then .1, .2.gz, …; dateext newest first).
     *
     * @throws LogReadException when neither the base nor any rotation exists
     */
    public static List<Path> expand(Path base) throws IOException {
        Path dir = base.toAbsolutePath().getParent();
        String name = base.getFileName().toString();
        record Member(Path path, long order) {}
        List<Member> found = new ArrayList<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    String n = p.getFileName().toString();
                    if (n.equals(name)) {
                        found.add(new Member(p, Long.MIN_VALUE));
                    } else if (n.startsWith(name) && Files.isRegularFile(p)) {
                        Matcher m = SUFFIX.matcher(n.substring(name.length()));
                        if (m.matches()) {
                            long order = m.group(1) != null ? Long.parseLong(m.group(1))
                                    : -Long.parseLong(m.group(2)); // dateext: newer date sorts first
                            found.add(new Member(p, order));
                        }
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw new LogReadException(base, "no such file and no rotations of it" + besides(dir), null);
        }
        found.sort(Comparator.comparingLong(Member::order));
        return found.stream().map(Member::path).toList();
    }

    /**
     * {@code files} with each file once, in their order: a file named twice — by the same path, by a rotation listed
     * beside its base ({@code logs.access: [access.log, access.log.1]}, where {@code access.log.1} is found
     * automatically too) or through a link — would have its lines counted twice, and every figure with them. For each
     * one left out, {@code warnings} gets a line saying so. Two names are the same file when the file system says so
     * (device and inode), else when their real paths are equal; a file that cannot be looked at is kept as it is (its
     * reading then fails in words).
     */
    public static List<Path> distinct(List<Path> files, List<String> warnings) {
        java.util.Map<Object, Path> seen = new java.util.HashMap<>();
        List<Path> out = new ArrayList<>(files.size());
        for (Path f : files) {
            Object key = identity(f);
            if (key == null) {
                out.add(f);
                continue;
            }
            Path first = seen.putIfAbsent(key, f);
            if (first == null) {
                out.add(f);
            } else {
                warnings.add(f.equals(first) ? f + " is named twice (listed twice, or listed and also found as a rotation"
                        + " beside another file listed): read once"
                        : f + " is the same file as " + first + " (a link, or another name of it): read once");
            }
        }
        return out;
    }

    /** The file {@code f} names: device and inode where the file system has them, else its real path; null if unreadable. */
    static @org.jspecify.annotations.Nullable Object identity(Path f) {
        try {
            Object key = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            return key != null ? key : f.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What a misspelt path's directory holds instead, for the message ("; its directory holds access.log, error.log"),
     * or that the directory itself does not exist: a typo in logs.access is then plain to see.
     */
    private static String besides(@org.jspecify.annotations.Nullable Path dir) {
        if (dir == null || !Files.isDirectory(dir)) return dir == null ? "" : "; no such directory: " + dir;
        java.util.TreeSet<String> logs = new java.util.TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                // the bases only: access.log, not access.log.1 or access.log-20261122.gz
                Matcher m = ROTATION.matcher(n);
                if (Files.isRegularFile(p) && !(m.matches() && m.group(1).contains("."))) logs.add(n);
            }
        } catch (IOException e) {
            return "";
        }
        if (logs.isEmpty()) return "; its directory " + dir + " holds no files";
        List<String> shown = logs.stream().limit(6).toList();
        return "; its directory holds " + String.join(", ", shown) + (logs.size() > shown.size() ? ", …" : "");
    }

    /**
     * Refuses a file compressed with something else than gzip ({@code access.log.2.xz}, as logrotate writes with
     * {@code compresscmd xz}) when the program that reads it is not on this machine: braid reads such files through
     * {@code xz -dc} (bzip2, zstd, lz4; the JDK decompresses only gzip), and a file left out would be a day's hours
     * missing, read as text thousands of malformed lines.
     *
     * @throws LogReadException naming the compression, the program and what to do
     */
    public static void requireReadable(Path file) throws LogReadException {
        if (Decompress.program(file) != null) Decompress.requireProgram(file);
    }

    /**
     * Refuses a file compressed with something else than gzip where only plain and gzip files can be read: on Spark,
     * whose executors read the files themselves.
     *
     * @throws LogReadException naming the compression and what to do
     */
    public static void requirePlainOrGzip(Path file) throws LogReadException {
        String program = Decompress.program(file);
        if (program != null) {
            throw new LogReadException(file, "compressed with " + (file.toString().endsWith(".Z") ? "compress" : program)
                    + "; braid on Spark reads plain and .gz files only: have logrotate compress with gzip (its default:"
                    + " remove compresscmd), decompress the file, or analyse it with logs.engine: local", null);
        }
    }

    /**
     * The members of the set that can hold lines of {@code day}: those last modified after the day began
     * (a file untouched since before the day cannot hold it), plus the newest older one for lines written
     * just before rotation.
     */
    public static List<Path> expand(Path base, LocalDate day, ZoneId zone) throws IOException {
        Instant start = day.atStartOfDay(zone).toInstant();
        List<Path> all = expand(base);
        List<Path> out = new ArrayList<>();
        for (Path p : all) {
            Instant modified = Files.getLastModifiedTime(p).toInstant();
            boolean older = modified.isBefore(start);
            if (older && Decompress.program(p) != null && !Decompress.available(p)) {
                break; // written before the day began, and its decompressor is not here: not needed, not read
            }
            requireReadable(p); // one that can hold the day: refused in words rather than left out or read as text
            out.add(p);
            if (older) {
                break; // older members end before the day; this one may still straddle midnight
            }
        }
        return out;
    }
}
