package braid.logs.spark;

import braid.logs.AccessLogAnalyzer;
import braid.logs.AccessSummary;
import braid.logs.DistributedAnalysis;
import braid.logs.LogFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * braid's access-log analysis on Apache Spark: the driver lists the files (any Hadoop-compatible path: local,
 * {@code hdfs://}, {@code s3a://} with hadoop-aws on the class path), cuts plain files into input splits (a gzipped
 * file is one split), and each executor task runs braid's own parser over its split — the lines that start in it, as
 * Hadoop's line reader owns them — into a {@link AccessLogAnalyzer.Part}; the parts come back to the driver and merge
 * exactly as the single-machine analyser's parser threads do. The result equals {@link AccessLogAnalyzer#analyze}'s.
 */
public final class SparkAnalysis implements DistributedAnalysis {
    /** The split size when {@code spark.files.maxPartitionBytes} is not set: 128 MiB, as Spark's own default. */
    public static final long DEFAULT_SPLIT = 128L << 20;

    @Override
    public AccessSummary analyze(AccessLogAnalyzer analyzer, LogFormat format, List<String> paths, String master,
                                 Map<String, String> properties) throws IOException {
        checkJava(Runtime.version());
        SparkConf conf = new SparkConf().setMaster(master).setAppName("braid logs")
                .setIfMissing("spark.ui.enabled", "false");
        if (master.startsWith("local")) {
            // this machine only: on loopback, without the note that the host name resolves to loopback
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        properties.forEach(conf::set);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel(properties.getOrDefault("braid.spark.logLevel", "WARN"));
            return analyze(sc, analyzer, format, paths);
        }
    }

    /**
     * Spark 4.2 runs on Java 25 from 25.0.3 (earlier 25 builds have a G1 bug Spark hits).
     *
     * @throws IllegalStateException saying which Java this is and which is needed
     */
    public static void checkJava(Runtime.Version v) {
        if (v.feature() < 25 || v.feature() == 25 && v.update() < 3) {
            throw new IllegalStateException("Spark needs Java 25.0.3 or newer (earlier Java 25 builds have a G1 bug "
                    + "Spark hits); this is Java " + v + ": set JAVA_HOME to a newer one");
        }
    }

    /** The analysis in an existing Spark context (its master, executors and settings). */
    public static AccessSummary analyze(JavaSparkContext sc, AccessLogAnalyzer analyzer, LogFormat format, List<String> paths)
            throws IOException {
        Configuration hadoop = sc.hadoopConfiguration();
        List<String> files = expand(paths, hadoop);
        if (files.isEmpty()) throw new IOException("no log files in " + String.join(", ", paths));
        for (String file : files) braid.logs.RotatedLogs.requirePlainOrGzip(java.nio.file.Path.of(file)); // xz, bzip2, …: in words
        LogFormat resolved = format.isAuto() ? AccessLogAnalyzer.detect(firstHead(files, hadoop)) : format;
        long splitSize = sc.getConf().getSizeAsBytes("spark.files.maxPartitionBytes", String.valueOf(DEFAULT_SPLIT));
        List<Split> splits = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            String file = files.get(f);
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
            long size = p.getFileSystem(hadoop).getFileStatus(p).getLen();
            if (file.endsWith(".gz")) {
                splits.add(new Split(f, file, 0, size, true, 0));
                continue;
            }
            int index = 0;
            long start = 0;
            do {
                splits.add(new Split(f, file, start, Math.min(size, start + splitSize), false, index++));
                start += splitSize;
            } while (start < size);
        }
        AccessLogAnalyzer.Parts parts = analyzer.parts(resolved);
        Map<String, String> settings = new HashMap<>();
        hadoop.forEach(e -> settings.put(e.getKey(), e.getValue()));
        List<AccessLogAnalyzer.Part> counted = sc.parallelize(splits, splits.size())
                .map(s -> s.count(parts, settings)).collect();
        List<Path> names = new ArrayList<>();
        for (String f : files) names.add(localName(f));
        return analyzer.merge(new ArrayList<>(counted), names);
    }

    /** One input split: the lines of file number {@code file} that start in {@code [start, end)}. */
    record Split(int file, String path, long start, long end, boolean gz, int index) implements Serializable {
        AccessLogAnalyzer.Part count(AccessLogAnalyzer.Parts parts, Map<String, String> settings) throws IOException {
            Configuration conf = new Configuration(false);
            settings.forEach(conf::set);
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
            FileSystem fs = p.getFileSystem(conf);
            AccessLogAnalyzer.Part part = parts.newPart();
            try (FSDataInputStream raw = fs.open(p)) {
                if (gz) {
                    // read as the single-machine analyser reads it (64 KiB buffers), counting the compressed bytes
                    long[] read = {0};
                    InputStream counted = new java.io.FilterInputStream(raw) {
                        @Override
                        public int read(byte[] b, int off, int len) throws IOException {
                            int r = super.read(b, off, len);
                            if (r > 0) read[0] += r;
                            return r;
                        }
                    };
                    try (InputStream in = new GZIPInputStream(new java.io.BufferedInputStream(counted, 1 << 16), 1 << 16)) {
                        part.read(in, 0, Long.MAX_VALUE, file, 0);
                    } catch (java.io.EOFException | java.util.zip.ZipException e) {
                        // as the single-machine analyser: the lines before the damage count, the file is named
                        part.warn(localName(path) + ": compressed data is truncated or corrupt after " + read[0]
                                + " bytes (" + e.getMessage() + "); the lines before it were counted");
                    }
                    part.addBytesRead(read[0]);
                } else {
                    if (start > 0) raw.seek(start - 1);
                    part.addBytesRead(part.read(new java.io.BufferedInputStream(raw, 1 << 16), start, end, file, index));
                }
            }
            return part;
        }
    }

    /** A path as the summary names it: a local file by its path, anything else by its URI. */
    static Path localName(String file) {
        java.net.URI u = new org.apache.hadoop.fs.Path(file).toUri();
        return u.getScheme() == null || u.getScheme().equals("file") ? Path.of(u.getPath()) : Path.of(file);
    }

    /** Globs and directories expanded (a directory's files sorted by name), in the order given. */
    static List<String> expand(List<String> paths, Configuration conf) throws IOException {
        List<String> out = new ArrayList<>();
        for (String s : paths) {
            org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(s);
            FileSystem fs = p.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(p);
            if (matched == null || matched.length == 0) throw new IOException(s + ": no such file");
            for (FileStatus st : matched) {
                if (st.isDirectory()) {
                    FileStatus[] inside = fs.listStatus(st.getPath());
                    java.util.Arrays.sort(inside, java.util.Comparator.comparing(x -> x.getPath().getName()));
                    for (FileStatus c : inside) if (c.isFile()) out.add(plain(s, c));
                } else {
                    out.add(plain(s, st));
                }
            }
        }
        return out;
    }

    /**
     * A local file as it was written (no {@code file:} prefix; relative when given relative), so the summary names
     * it as the single-machine analysis does; anything else by its URI.
     */
    private static String plain(String given, FileStatus st) {
        String uri = st.getPath().toString();
        if (given.contains("://") || given.startsWith("file:") || !uri.startsWith("file:")) return uri;
        java.nio.file.Path abs = java.nio.file.Path.of(st.getPath().toUri().getPath());
        if (java.nio.file.Path.of(given).isAbsolute()) return abs.toString();
        return java.nio.file.Path.of("").toAbsolutePath().relativize(abs).toString();
    }

    /** The head of the first file with any bytes: a base that logrotate just emptied says nothing of the format. */
    private static byte[] firstHead(List<String> files, Configuration conf) throws IOException {
        for (String f : files) {
            byte[] head = head(f, conf);
            if (head.length > 0) return head;
        }
        return new byte[0];
    }

    private static byte[] head(String file, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(file);
        try (InputStream raw = p.getFileSystem(conf).open(p);
             InputStream in = file.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return in.readNBytes(64 * 1024);
        }
    }
}
