package braid.health;

import braid.core.TaskContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the checks of logs and client websites read, given by the application: this module depends only on the engine
 * and the HTTP module, so braid's log analyser and SAP client are plugged in here (by {@code braid health} and the
 * daily report). {@link #NONE} answers every kind with UNKNOWN, saying what is missing.
 */
public interface HealthSources {
    /** Sources that have none of it: the log and client-website checks end UNKNOWN. */
    HealthSources NONE = new HealthSources() {};

    /**
     * The error log's entries per level ("crit", "error", …) whose time is in {@code [from, to)}.
     *
     * @throws IOException when the file cannot be read (the check is UNKNOWN, naming the file)
     * @throws UnsupportedOperationException saying why this application cannot read error logs
     */
    default Map<String, Long> errorLevels(Path file, Instant from, Instant to) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("error-log checks need braid's log analyser (braid health or the daily report)");
    }

    /** Requests and 5xx answers in an access log whose time is in {@code [from, to)}. */
    default Traffic traffic(Path file, String format, Instant from, Instant to) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("access-log checks need braid's log analyser (braid health or the daily report)");
    }

    /**
     * Every client's website (from SAP); clients without one are left out.
     *
     * @throws Exception when the list cannot be had (the check is UNKNOWN, with the reason in words)
     */
    default List<Site> clientWebsites(TaskContext ctx) throws Exception {
        throw new UnsupportedOperationException("clientWebsites needs the sap: section of braid.yaml (the client list)");
    }

    /**
     * Adds the limits the sources' own tasks hold to the engine that {@link HealthRunner#report(HealthChecks)} builds
     * (the client list's SAP pages hold SAP's limit); none by default. An engine given by the application (the daily
     * report's) has them already.
     */
    default braid.core.Engine.Builder limits(braid.core.Engine.Builder engine) {
        return engine;
    }

    /** Requests counted in a window, and of them those answered 5xx. */
    record Traffic(long requests, long serverErrors) {}

    /** One client's website. */
    record Site(String clientId, String clientName, URI url) {}
}
