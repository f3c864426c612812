package braid.report.internal;

import org.jspecify.annotations.Nullable;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Adds a run's {@code report.log} to the logging for the duration of the run. */
public final class RunLog implements AutoCloseable {
    private final @Nullable FileAppender<ILoggingEvent> appender;
    private final @Nullable Logger root;

    public RunLog(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext lc)) {
            appender = null;
            root = null;
            return;
        }
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(lc);
        enc.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n");
        enc.start();
        appender = new FileAppender<>();
        appender.setContext(lc);
        appender.setName("run");
        appender.setFile(file.toString());
        appender.setEncoder(enc);
        appender.start();
        root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
    }

    @Override
    public void close() {
        if (appender == null || root == null) return; // logging is not Logback's: nothing was added
        root.detachAppender(appender);
        appender.stop();
    }
}
