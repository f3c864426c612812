package braid.report.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Starts {@code braid} in a child JVM with the test JVM's classpath, as cron would start it. */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * The test JVM's classpath. Surefire may start the tests from a manifest-only booter jar whose
     * {@code Class-Path} attribute holds the real entries (URLs relative to the jar); those are read
     * back here rather than switching the booter off for the whole module.
     */
    public static String classpath() {
        String cp = System.getProperty("java.class.path");
        String[] parts = cp.split(File.pathSeparator);
        if (parts.length != 1 || !parts[0].endsWith(".jar")) return cp;
        try (JarFile jar = new JarFile(parts[0])) {
            Manifest m = jar.getManifest();
            String entries = m == null ? null : m.getMainAttributes().getValue("Class-Path");
            if (entries == null || entries.isBlank()) return cp;
            URI base = Path.of(parts[0]).toAbsolutePath().toUri();
            List<String> out = new ArrayList<>();
            for (String e : entries.trim().split("\\s+")) out.add(Path.of(base.resolve(e)).toString());
            return String.join(File.pathSeparator, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classpath of " + parts[0], e);
        }
    }

    private static volatile String snapshot;
    // one class-data archive per snapshot: an archive made over another snapshot's jars does not match and makes the
    // JVM print errors into the output the tests read
    private static volatile Path archive;

    /**
     * Copies every classpath entry into {@code into} and makes children use the copies: the child
     * processes of a long test must not see a module's classes or jars half-rewritten by a build
     * running beside the test (several modules are built in one checkout).
     */
    public static void snapshotClasspath(Path into) throws IOException {
        List<String> copies = new ArrayList<>();
        int i = 0;
        for (String e : classpath().split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (!java.nio.file.Files.exists(src)) continue;
            java.nio.file.Files.createDirectories(into);
            // directories become jars: the class-data archive only accepts jars on the classpath
            Path dst = into.resolve((i++) + "-" + src.getFileName() + (java.nio.file.Files.isDirectory(src) ? ".jar" : ""));
            if (java.nio.file.Files.isDirectory(src)) {
                try (var walk = java.nio.file.Files.walk(src);
                     var jar = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(dst))) {
                    for (Path f : (Iterable<Path>) walk::iterator) {
                        if (java.nio.file.Files.isDirectory(f)) continue;
                        jar.putNextEntry(new java.util.jar.JarEntry(src.relativize(f).toString().replace(File.separatorChar, '/')));
                        java.nio.file.Files.copy(f, jar);
                        jar.closeEntry();
                    }
                }
            } else {
                java.nio.file.Files.copy(src, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // a snapshot under target/ may be left from an earlier run
            }
            copies.add(dst.toString());
        }
        snapshot = String.join(File.pathSeparator, copies);
        archive = into.resolve("braid-child.jsa").toAbsolutePath();
    }

    /** The java launcher of the running JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code braid <args>} with stdout and stderr into {@code log} (appended), the given
     * extra environment, and small-heap, fast-start JVM options.
     */
    /**
     * Drops the developer's proxy variables from a child's environment: the children talk to stand-ins on loopback, which
     * no proxy reaches (a test that wants a proxy names it in the env it passes).
     */
    public static void withoutProxies(Map<String, String> environment) {
        for (String v : List.of("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY")) {
            environment.remove(v);
        }
    }

    public static Process braid(List<String> prefix, Map<String, String> env, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        String cp = snapshot;
        cmd.addAll(List.of(java(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--sun-misc-unsafe-memory-access=allow"));
        if (cp != null) {
            // A class-data archive made by the first run that exits normally: about a third less start-up per child.
            // Only over the snapshot's jars: with a class directory on the path the JVM cannot write the archive
            // and exits 1 (a test that ran before any snapshot failed that way in a clean clone).
            cmd.addAll(List.of("-XX:+AutoCreateSharedArchive",
                    "-XX:SharedArchiveFile=" + archive));
        }
        cmd.addAll(List.of("-cp", cp != null ? cp : classpath(), "braid.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        withoutProxies(pb.environment());
        pb.environment().putAll(env);
        pb.environment().remove("TERM"); // plain progress lines, as under cron
        return pb.start();
    }
}
