package braid.bench.sap;

import org.jspecify.annotations.Nullable;
import braid.sandbox.SapStandIn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The SAP stand-in in a process of its own, as a real SAP system is on another machine: the client's JVM then has
 * only the client's heap, its collections do not stop the server, and the server's do not stop the client.
 *
 * <p>{@link #start} runs {@code main} in a child JVM (the same java and class path) and reads the service root it
 * prints; closing the handle closes the child's standard input, on which the child exits.
 */
public final class StandInServer implements AutoCloseable {
    private final Process process;
    private final URI serviceRoot;
    private final @Nullable Path trustStore; // null without TLS

    private StandInServer(Process process, URI serviceRoot, @Nullable Path trustStore) {
        this.process = process;
        this.serviceRoot = serviceRoot;
        this.trustStore = trustStore;
    }

    /** Starts the child: {@code partners} generated (seed 42), {@code latencyMs} per request, pages of {@code page}. */
    public static StandInServer start(int partners, long latencyMs, int page, boolean renderOnce, boolean tls)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                StandInServer.class.getName(), String.valueOf(partners), String.valueOf(latencyMs), String.valueOf(page),
                String.valueOf(renderOnce), String.valueOf(tls)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String root = out.readLine();
        String trust = out.readLine();
        if (root == null || trust == null) {
            // its standard output ended: the child is ending (its error went to ours)
            int exit;
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the stand-in process ended", e);
            }
            throw new IOException("the stand-in process ended before it served (exit " + exit + ")");
        }
        return new StandInServer(p, URI.create(root), trust.equals("-") ? null : Path.of(trust));
    }

    public URI serviceRoot() {
        return serviceRoot;
    }

    /** With tls: the PKCS12 trust store of the stand-in's certificate (password changeit), else null. */
    public @Nullable Path trustStore() {
        return trustStore;
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The child: args partners, latency ms, page size, render once, tls. */
    public static void main(String[] args) throws Exception {
        var stand = SapStandIn.builder().generate(Integer.parseInt(args[0]), 42).pageSize(Integer.parseInt(args[2]))
                .latency(Duration.ofMillis(Long.parseLong(args[1])));
        if (Boolean.parseBoolean(args[3])) {
            stand.renderPagesOnce();
        }
        String trust = "-";
        if (Boolean.parseBoolean(args[4])) {
            Path dir = Files.createTempDirectory("sap-bench-tls");
            var certs = braid.testkit.TestCertificates.generate(dir, "sap");
            stand.tls(certs.server);
            trust = certs.trustStore.toString();
        }
        try (SapStandIn sap = stand.start()) {
            System.out.println(sap.serviceRoot());
            System.out.println(trust);
            System.out.flush();
            try {
                while (System.in.read() >= 0) {
                    // until the bench closes our standard input
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
