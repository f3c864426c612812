package braid.bench.engine;

import braid.core.Clock;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import braid.core.RunFailedException;
import braid.core.VirtualClock;
import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 14's benchmarks, side by side in one run:
 * <ol>
 *   <li>1,000 real HTTP calls to 20 loopback servers (seeded 50–200 ms), 50 at once and 5 per host: braid's scope
 *       with a global and a keyed limit against the same program on JDK 25's {@link StructuredTaskScope} with
 *       semaphores (preview in 25: the bench module compiles and runs with {@code --enable-preview});</li>
 *   <li>1,000,000 forks under a limit of 100 with bounded forking: peak heap; and cancelling a million-fork scope;</li>
 *   <li>the 1,000-call program on the virtual clock: real time and identical results in 10 runs.</li>
 * </ol>
 * Run: {@code bench/run braid.bench.engine.FanOutBench [--rounds 3]}
 */
public final class FanOutBench {
    static final int HOSTS = 20;
    static final int CALLS = 1_000;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 1 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 3;
        System.out.printf(Locale.ROOT, "FanOutBench on %d cores, %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        httpCalls(rounds);
        millionForks();
        virtualClock();
    }

    // ---- 1. 1,000 HTTP calls ----

    static void httpCalls(int rounds) throws Exception {
        List<HttpServer> servers = new ArrayList<>();
        Map<Integer, AtomicInteger> now = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> peak = new ConcurrentHashMap<>();
        for (int h = 0; h < HOSTS; h++) {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 500);
            int host = h;
            now.put(h, new AtomicInteger());
            peak.put(h, new AtomicInteger());
            s.createContext("/", ex -> {
                AtomicInteger busy = java.util.Objects.requireNonNull(now.get(host)), most = java.util.Objects.requireNonNull(peak.get(host));
                most.accumulateAndGet(busy.incrementAndGet(), Math::max);
                try {
                    String p = ex.getRequestURI().getPath();
                    long seed = Long.parseLong(p.substring(p.lastIndexOf('/') + 1));
                    Thread.sleep(50 + new Random(seed).nextInt(151)); // the same latency for the same URL in every run
                    byte[] b = ("ok " + p).getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    now.get(host).decrementAndGet();
                    ex.close();
                }
            });
            s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            s.start();
            servers.add(s);
        }
        List<URI> urls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            int host = (i / 50) % HOSTS; // URLs of one site come in runs
            urls.add(URI.create("http://127.0.0.1:" + servers.get(host).getAddress().getPort() + "/item/" + i));
        }
        // the schedule's lower bound: per host the sum of its latencies / 5, and overall the sum / 50
        long[] perHostMs = new long[HOSTS];
        long totalMs = 0;
        for (int i = 0; i < CALLS; i++) {
            long ms = 50 + new Random(i).nextInt(151);
            perHostMs[(i / 50) % HOSTS] += ms;
            totalMs += ms;
        }
        long bound = Math.max(totalMs / 50, java.util.Arrays.stream(perHostMs).max().orElse(0) / 5);
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            System.out.printf(Locale.ROOT, "%n1. %,d HTTP calls to %d loopback servers (50-200 ms), 50 at once, 5 per host; "
                    + "lower bound of the schedule %d ms%n", CALLS, HOSTS, bound);
            braidCalls(http, urls); // warm-up of both
            stsCalls(http, urls);
            double bestBraid = Double.MAX_VALUE, bestSts = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) { // alternating, as the VM's speed drifts
                peak.values().forEach(p -> p.set(0));
                double b = braidCalls(http, urls);
                int braidPeak = peak.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
                peak.values().forEach(p -> p.set(0));
                double s = stsCalls(http, urls);
                int stsPeak = peak.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
                System.out.printf(Locale.ROOT, "   round %d: braid %.3f s (max %d per host)   StructuredTaskScope+Semaphore %.3f s (max %d per host)%n",
                        r + 1, b, braidPeak, s, stsPeak);
                bestBraid = Math.min(bestBraid, b);
                bestSts = Math.min(bestSts, s);
            }
            System.out.printf(Locale.ROOT, "   best: braid %.3f s, JDK %.3f s: braid/JDK = %.3f (goal <= 1.1); braid/lower bound = %.3f%n",
                    bestBraid, bestSts, bestBraid / bestSts, bestBraid * 1000 / bound);
        } finally {
            servers.forEach(s -> s.stop(0));
        }
    }

    static double braidCalls(HttpClient http, List<URI> urls) throws Exception {
        Engine engine = Engine.builder().limit("global", 50).keyedLimit("host", 5).build();
        long t0 = System.nanoTime();
        int ok = engine.scope("calls", scope -> {
            List<Fork<Integer>> forks = new ArrayList<>(urls.size());
            for (URI u : urls)
                forks.add(scope.fork("call", Policy.DEFAULT.withLimit("global", "host:" + u.getPort()),
                        ctx -> http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).statusCode()));
            int n = 0;
            for (Fork<Integer> f : forks) if (f.join() == 200) n++;
            return n;
        });
        if (ok != urls.size()) throw new IllegalStateException("braid: " + ok + " ok");
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The same program on the JDK alone: StructuredTaskScope, a global semaphore and one per host. */
    static double stsCalls(HttpClient http, List<URI> urls) throws Exception {
        Semaphore global = new Semaphore(50, true);
        Map<Integer, Semaphore> perHost = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        int ok = 0;
        try (var scope = StructuredTaskScope.open()) {
            List<StructuredTaskScope.Subtask<Integer>> subtasks = new ArrayList<>(urls.size());
            for (URI u : urls) {
                Semaphore host = perHost.computeIfAbsent(u.getPort(), p -> new Semaphore(5, true));
                subtasks.add(scope.fork(() -> {
                    host.acquire(); // the host's permit first, then a global one: never a global one held while a host is busy
                    try {
                        global.acquire();
                        try {
                            return http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                        } finally {
                            global.release();
                        }
                    } finally {
                        host.release();
                    }
                }));
            }
            scope.join();
            for (var st : subtasks) if (st.get() == 200) ok++;
        }
        if (ok != urls.size()) throw new IllegalStateException("JDK: " + ok + " ok");
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---- 2. a million forks ----

    static void millionForks() throws Exception {
        System.out.printf(Locale.ROOT, "%n2. 1,000,000 forks of 1 ms each under a limit of 100, bounded forking (1,000 queued)%n");
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long base = memory.getHeapMemoryUsage().getUsed();
        long[] maxUsed = {0};
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                maxUsed[0] = Math.max(maxUsed[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Engine engine = Engine.builder().limit("hundred", 100).maxQueuedForks(1_000).build();
        long t0 = System.nanoTime();
        long sum = engine.scope("million", scope -> {
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 1_000_000; i++) {
                scope.fork("f", Policy.DEFAULT.withLimit("hundred"), ctx -> {
                    ctx.sleep(Duration.ofMillis(1));
                    return done.incrementAndGet();
                });
            }
            return 0L; // the scope waits for the forks it did not join
        });
        double took = (System.nanoTime() - t0) / 1e9;
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "   ran in %.1f s (%,d forks/s); peak heap used %d MB (%d MB at the start; goal < 256 MB)%n",
                took, (long) (1_000_000 / took), maxUsed[0] >> 20, base >> 20);

        // cancelling: a million forks that would each wait an hour; the deadline cancels the scope
        Engine deadline = Engine.builder().limit("hundred", 100).maxQueuedForks(1_000).deadline(Duration.ofSeconds(2)).build();
        AtomicInteger forked = new AtomicInteger();
        long s0 = System.nanoTime();
        try {
            deadline.scope("cancel a million", scope -> {
                // the owner stops forking once it is cancelled (a fork on a cancelled scope returns at once, cancelled)
                for (int i = 0; i < 1_000_000 && !Thread.currentThread().isInterrupted(); i++) {
                    scope.fork("f", Policy.DEFAULT.withLimit("hundred"), ctx -> {
                        ctx.sleep(Duration.ofHours(1));
                        return 1;
                    });
                    forked.incrementAndGet();
                }
                return null;
            });
        } catch (RunFailedException expected) {
            // the deadline
        }
        long cancelMs = (System.nanoTime() - s0) / 1_000_000 - 2_000;
        System.out.printf(Locale.ROOT, "   cancel: %,d forks made (the owner then waited for room); from the 2 s deadline to the "
                + "scope's return %d ms (goal < 200 ms)%n", forked.get(), cancelMs);
    }

    // ---- 3. the virtual clock ----

    static void virtualClock() {
        System.out.printf(Locale.ROOT, "%n3. the 1,000-call program (50 at once, 5 per host, 50-200 ms) on the virtual clock, 10 runs%n");
        Set<String> schedules = new HashSet<>();
        double worst = 0;
        Duration virtual = null;
        for (int r = 0; r < 10; r++) {
            long t0 = System.nanoTime();
            VirtualClock clock = Clock.virtual();
            Engine engine = Engine.builder().clock(clock).limit("global", 50).keyedLimit("host", 5).build();
            List<String> starts = java.util.Collections.synchronizedList(new ArrayList<>());
            engine.scope("virtual", scope -> {
                List<Fork<Integer>> forks = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    int k = i;
                    forks.add(scope.fork("call " + i, Policy.DEFAULT.withLimit("global", "host:" + (i / 50 % HOSTS)), ctx -> {
                        starts.add(clock.elapsed().toMillis() + ":" + k);
                        ctx.sleep(Duration.ofMillis(50 + new Random(k).nextInt(151)));
                        return 1;
                    }));
                }
                for (Fork<Integer> f : forks) f.join();
                return null;
            });
            worst = Math.max(worst, (System.nanoTime() - t0) / 1e9);
            List<String> sorted = new ArrayList<>(starts);
            java.util.Collections.sort(sorted);
            schedules.add(clock.elapsed() + " " + sorted.hashCode());
            virtual = clock.elapsed();
        }
        System.out.printf(Locale.ROOT, "   virtual time %s; slowest run %.3f s of real time (goal < 0.5 s); distinct schedules in 10 runs: %d (goal 1)%n",
                virtual, worst, schedules.size());
    }
}
