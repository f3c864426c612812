package braid.bench.sap;

import org.jspecify.annotations.Nullable;
import braid.sandbox.SapStandIn;
import braid.sap.BusinessPartnerClient;
import braid.sap.ClientList;
import braid.sap.SapSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches N generated partners from the SAP stand-in (latency per request, server pages of 1,000) one page at
 * a time and then 8 pages at a time, in the same process, alternating, best of R; reports the speed-up and the
 * highest heap use seen (sampled every 5 ms; the stand-in and its data share the heap).
 *
 * <p>Run: {@code BENCH_JAVA_OPTS=-Xmx192m bench/run braid.bench.sap.SapBench [--partners 100000]
 * [--latency-ms 100] [--page 1000] [--concurrency 8] [--repeats 2] [--server-renders-once] [--tls]
 * [--server-process] [--proxy]}. With {@code --server-process} the stand-in runs in a JVM of its own ({@link StandInServer}) and
 * the heap figure is the client's alone. With {@code --proxy} every request goes through an HTTP proxy in this process
 * (testkit's {@code TestProxy}: a {@code CONNECT} tunnel for https, as a corporate proxy; its relaying is in the process's
 * CPU figure).
 */
public final class SapBench {
    /** The trust store of the stand-in's certificate with --tls, else null. */
    private static java.nio.file.@Nullable Path trustStore;
    /** The proxy every request goes through with --proxy, else null. */
    private static braid.testkit.@Nullable TestProxy proxy;

    public static void main(String[] args) throws Exception {
        int partners = 100_000;
        long latencyMs = 100;
        int page = 1000;
        int concurrency = 8;
        int repeats = 2;
        boolean renderOnce = false;
        boolean tls = false;
        boolean serverProcess = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--partners" -> partners = Integer.parseInt(args[++i].replace("_", ""));
                case "--latency-ms" -> latencyMs = Long.parseLong(args[++i]);
                case "--page" -> page = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--server-renders-once" -> renderOnce = true;
                case "--tls" -> tls = true;
                case "--server-process" -> serverProcess = true;
                case "--proxy" -> proxy = braid.testkit.TestProxy.open();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "%,d partners, %d ms latency per request, server pages of %,d; "
                        + "max heap %,d MiB; %d cores; %s; load average %.1f%n", partners, latencyMs, page,
                memory.getHeapMemoryUsage().getMax() >> 20, Runtime.getRuntime().availableProcessors(),
                Runtime.version(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        AtomicLong maxUsed = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        if (serverProcess) {
            // the stand-in in a JVM of its own, as SAP is on another machine: this heap holds the client's data only
            try (StandInServer server = StandInServer.start(partners, latencyMs, page, renderOnce, tls)) {
                trustStore = server.trustStore();
                System.out.println("stand-in: a separate process (its own JVM and heap)" + (tls ? ", https" : "")
                        + (proxy != null ? ", through the HTTP proxy " + proxy.hostPort() + " in this process" : "")
                        + (renderOnce ? ", each page rendered once (in the warm-up) and served from memory afterwards" : ""));
                run(server.serviceRoot(), page, concurrency, repeats, partners, memory, maxUsed, sampler, true);
            }
            return;
        }
        var stand = SapStandIn.builder().generate(partners, 42).pageSize(page).latency(Duration.ofMillis(latencyMs));
        if (renderOnce) {
            stand.renderPagesOnce();
        }
        if (tls) { // https, as a real SAP system is reached: a certificate made now, trusted by the client alone
            var dir = java.nio.file.Files.createTempDirectory("sap-bench-tls");
            var certs = braid.testkit.TestCertificates.generate(dir, "sap");
            stand.tls(certs.server);
            trustStore = certs.trustStore;
            System.out.println("https: TLS from the stand-in's certificate (the JDK's default protocol and ciphers)");
        }
        if (proxy != null) {
            System.out.println("through the HTTP proxy " + proxy.hostPort() + " in this process");
        }
        System.out.println(renderOnce
                ? "stand-in: each page rendered once (in the warm-up) and served from memory afterwards"
                : "stand-in: every page rendered anew, on the same 2 cores as the client");
        try (SapStandIn sap = stand.start()) {
            run(sap.serviceRoot(), page, concurrency, repeats, partners, memory, maxUsed, sampler, false);
        }
    }

    private static void run(java.net.URI sap, int page, int concurrency, int repeats, int partners, MemoryMXBean memory,
                            AtomicLong maxUsed, Thread sampler, boolean serverProcess) throws Exception {
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        // Warm-up: JIT for parser, mapper, stand-in; not counted.
        fetch(sap, page, concurrency, concurrency - 1);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double serialCpu = 0;
        double concurrentCpu = 0;
        double serialBest = Double.MAX_VALUE;
        double concurrentBest = Double.MAX_VALUE;
        double aheadCpu = 0;
        double aheadBest = Double.MAX_VALUE;
        @Nullable ClientList last = null;
        for (int r = 0; r < repeats; r++) {
            // Alternating, since shared machines drift.
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            last = null; // one result alive at a time, so the heap figure is one fetch's
            String a = check(fetch(sap, page, 1, 0), partners);
            serialBest = Math.min(serialBest, (System.nanoTime() - t0) / 1e9);
            long c1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            last = fetch(sap, page, concurrency, 0);
            concurrentBest = Math.min(concurrentBest, (System.nanoTime() - t1) / 1e9);
            serialCpu += (c1 - c0) / 1e9 / repeats;
            long c2 = os.getProcessCpuTime();
            concurrentCpu += (c2 - c1) / 1e9 / repeats;
            check(last, partners);
            last = null;
            // …and with sap.pagesAhead = concurrency - 1: the first round carries the first page and 7 windows
            long t2 = System.nanoTime();
            last = fetch(sap, page, concurrency, concurrency - 1);
            aheadBest = Math.min(aheadBest, (System.nanoTime() - t2) / 1e9);
            aheadCpu += (os.getProcessCpuTime() - c2) / 1e9 / repeats;
            check(last, partners);
        }
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "one page at a time : %7.2f s%n", serialBest);
        System.out.printf(Locale.ROOT, "%d pages at a time  : %7.2f s%n", concurrency, concurrentBest);
        System.out.printf(Locale.ROOT, "speed-up           : %7.2fx%n", serialBest / concurrentBest);
        System.out.printf(Locale.ROOT, "%d at a time, %d ahead: %6.2f s%n", concurrency, concurrency - 1, aheadBest);
        System.out.printf(Locale.ROOT, "speed-up           : %7.2fx (sap.pagesAhead: %d)%n", serialBest / aheadBest,
                concurrency - 1);
        System.out.printf(Locale.ROOT, "process CPU per fetch (client + stand-in + GC, mean): %.2f s one at a time, "
                + "%.2f s %d at a time, %.2f s with %d ahead%n", serialCpu, concurrentCpu, concurrency, aheadCpu,
                concurrency - 1);
        String whose = serverProcess ? "the client's alone" : "includes the stand-in's data";
        System.out.printf(Locale.ROOT, "heap: %,d MiB after start-up, %,d MiB max used during the runs (%s; "
                + "sampled, garbage included)%n", baseline >> 20, maxUsed.get() >> 20, whose);
        System.out.println("last run: " + java.util.Objects.requireNonNull(last).summary());
        System.out.printf(Locale.ROOT, "system load average (1 min) at the end: %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static String check(ClientList list, int partners) {
        if (list.fetched() != partners) {
            throw new IllegalStateException("incomplete: " + list.summary());
        }
        return list.summary();
    }

    /** Fetches all partners, {@code ahead} pages requested beside the first (with --tls: trusting the stand-in). */
    private static ClientList fetch(java.net.URI sap, int page, int concurrency, int ahead) throws Exception {
        SapSettings.Builder b = SapSettings.builder(sap).pageSize(page).concurrency(concurrency)
                .pagesAhead(ahead);
        if (trustStore != null) {
            b.trustStore(trustStore, braid.testkit.TestCertificates.STORE_PASSWORD);
        }
        if (proxy != null) {
            b.proxy(new java.net.InetSocketAddress("127.0.0.1", proxy.port()));
        }
        SapSettings settings = b.build();
        try (BusinessPartnerClient client = BusinessPartnerClient.create(settings)) {
            return client.fetchClients();
        }
    }
}
