package braid.logs;

import java.util.List;
import java.util.Map;

/**
 * An access-log analysis run elsewhere than in this process (braid's Spark module, {@code logs-spark}), found with
 * {@link java.util.ServiceLoader}: the command line uses it for {@code braid logs --spark-master}, the daily report
 * for {@code logs.engine: spark}. It gives exactly the summary {@link AccessLogAnalyzer#analyze} gives.
 */
public interface DistributedAnalysis {
    /**
     * Analyses {@code paths} (local paths or Hadoop URIs such as {@code hdfs://…} and {@code s3a://…}; a directory
     * means its files; globs allowed) with {@code analyzer}'s day, zone and top-list length.
     *
     * @param format     the logs' format; {@link LogFormat#AUTO} is detected from the first file's head
     * @param master     where it runs: {@code local[N]}, {@code spark://host:port}, {@code yarn}, {@code k8s://…}
     * @param properties more settings of the engine (for Spark, {@code spark.*} properties)
     * @throws IllegalStateException in plain words when the engine cannot run here (such as an unsupported Java)
     */
    AccessSummary analyze(AccessLogAnalyzer analyzer, LogFormat format, List<String> paths, String master,
                          Map<String, String> properties) throws java.io.IOException;
}
