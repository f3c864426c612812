package braid.bench.load;

import braid.sandbox.LogGenerator;
import braid.sandbox.SapStandIn;
import braid.sandbox.WebsiteStandIn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load row of docs/RELIABILITY.md: one real {@code braid report run} (a child JVM with
 * {@code -Xmx1g}) against 100,000 clients from the SAP stand-in and a 2 GB access log of the report
 * day, mailing every client through a counting SMTP sink on loopback. Prints wall time, the
 * child's peak RSS (from /proc, sampled) and its largest heap after a GC (from its GC log).
 *
 * <pre>
 * ./mvnw -q -o -pl bench package -DskipTests
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) braid.bench.load.LoadBench \
 *      [--clients 100000] [--log-mb 2048] [--dir /tmp/braid-load] [--xmx 1g] [--jvm-opt -XX:TieredStopAtLevel=1]…
 * </pre>
 */
public final class LoadBench {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final List<String> VHOSTS = List.of("www.alpenrad.example", "shop.bergblick.example", "www.example-outdoor.test");

    private LoadBench() {}

    public static void main(String[] args) throws Exception {
        int clients = 100_000;
        long logMb = 2048;
        Path dir = Path.of("/tmp/braid-load");
        String xmx = "1g";
        List<String> jvmOpts = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--log-mb" -> logMb = Long.parseLong(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--xmx" -> xmx = args[i + 1];
                case "--jvm-opt" -> jvmOpts.add(args[i + 1]); // e.g. the launcher's -XX:+UseSerialGC -XX:TieredStopAtLevel=1
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        if (!Files.exists(dir.resolve("access.log"))) Files.createFile(dir.resolve("access.log")); // today's, still empty at 00:05
        Path log = dir.resolve("access.log.1");
        long logBytes = logMb << 20;
        if (!Files.exists(log) || Math.abs(Files.size(log) - logBytes) > logBytes / 100) {
            long t0 = System.nanoTime();
            LogGenerator.builder().seed(42).day(DAY).offset(ZONE.getRules().getOffset(DAY.atStartOfDay(ZONE).toInstant()))
                    .format(LogGenerator.Format.VHOST_COMBINED).vhosts(VHOSTS).distinctIps(200_000).distinctPaths(20_000)
                    .neighbourDayShare(0.01).build().writeAccessLog(log, logBytes);
            System.out.printf(Locale.ROOT, "generated %s: %,d bytes in %.1f s%n", log, Files.size(log), (System.nanoTime() - t0) / 1e9);
        }
        try (SapStandIn sap = SapStandIn.builder().generate(clients, 7).pageSize(1000).basicAuth("LOAD", "load-pw").sapClient("100").start();
             WebsiteStandIn web = WebsiteStandIn.builder().start();
             Sink smtp = new Sink()) {
            Path state = dir.resolve("state-" + System.currentTimeMillis());
            Path cfg = dir.resolve("braid.yaml");
            Files.writeString(cfg, """
                    company:
                      name: Load Test GmbH
                      timeZone: %s
                    stateDir: %s
                    website:
                      url: %s
                    logs:
                      access: [%s]
                      format: vhost_combined
                    sap:
                      url: %s
                      sapClient: "100"
                      auth: {type: basic, user: LOAD, password: "${LOAD_SAP_PASSWORD}"}
                      pageSize: 1000
                      concurrency: 8
                    mail:
                      smtp: {host: 127.0.0.1, port: %d, security: none}
                      from: "Load Reports <reports@load.test>"
                      replyTo: service@load.test
                      concurrency: 8
                    report:
                      minClients: 1
                    """.formatted(ZONE, state, web.newsPageUri(), dir.resolve("access.log"), sap.serviceRoot(), smtp.port()));
            Path gcLog = dir.resolve("gc.log");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + xmx, "-Xlog:gc:file=" + gcLog, "--sun-misc-unsafe-memory-access=allow"));
            cmd.addAll(jvmOpts);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "braid.cli.Main",
                    "report", "run", "--config", cfg.toString(), "--date", DAY.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("run.out").toFile());
            pb.environment().put("LOAD_SAP_PASSWORD", "load-pw");
            pb.environment().remove("TERM");
            long t0 = System.nanoTime();
            Process p = pb.start();
            long peakRssKb = 0;
            while (!p.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) peakRssKb = Math.max(peakRssKb, rssKb(p.pid()));
            double secs = (System.nanoTime() - t0) / 1e9;
            String out = Files.readString(dir.resolve("run.out"));
            System.out.println(out);
            System.out.printf(Locale.ROOT, "exit %d; wall %.1f s; clients %,d; log %,d MB; messages at the sink %,d; child peak RSS %,d MB (-Xmx%s); max heap after GC %s%n",
                    p.exitValue(), secs, clients, logMb, smtp.messages.get(), peakRssKb / 1024, xmx, maxHeapAfterGc(gcLog));
        }
    }

    static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        } catch (IOException | RuntimeException e) {
            // the process just ended
        }
        return 0;
    }

    /** The largest "after" figure of the unified GC log lines ("...M->123M(1024M)"). */
    static String maxHeapAfterGc(Path gcLog) throws IOException {
        long max = -1;
        var m = java.util.regex.Pattern.compile("->(\\d+)M\\(").matcher(Files.exists(gcLog) ? Files.readString(gcLog) : "");
        while (m.find()) max = Math.max(max, Long.parseLong(m.group(1)));
        return max < 0 ? "n/a" : max + " MB";
    }

    /**
     * A minimal SMTP sink that counts messages and discards them: GreenMail would keep 100,000
     * messages in memory and the sandbox's SmtpSink writes each to disk, either of which would
     * measure the sink rather than braid.
     */
    static final class Sink implements AutoCloseable {
        final ServerSocket server;
        final AtomicLong messages = new AtomicLong();

        Sink() throws IOException {
            server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        void serve(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                 OutputStream out = s.getOutputStream()) {
                reply(out, "220 sink ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                    switch (cmd) {
                        case "DATA" -> {
                            reply(out, "354 go ahead");
                            String d;
                            while ((d = in.readLine()) != null && !d.equals(".")) { /* discard */ }
                            messages.incrementAndGet();
                            reply(out, "250 OK");
                        }
                        case "QUIT" -> { reply(out, "221 bye"); return; }
                        default -> reply(out, "250 OK");
                    }
                }
            } catch (IOException e) {
                // client went away
            }
        }

        static void reply(OutputStream out, String l) throws IOException {
            out.write((l + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
