package braid.bench.mail;

import braid.core.Engine;
import braid.mail.Mailer;
import braid.mail.MessageTemplates;
import braid.mail.OutgoingMessage;
import braid.mail.Recipient;
import braid.mail.SendOptions;
import braid.mail.SendResult;
import braid.mail.SenderIdentity;
import braid.mail.SmtpSettings;
import braid.mail.TemplateModel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends N personalized report e-mails to Postfix's {@code smtp-sink} with braid's mailer (journal on, fsync per
 * batch) and, in the same run against the same sink, with Python's smtplib over one connection, and prints both
 * rates.
 *
 * <pre>
 * ./mvnw -q -o -pl bench package -DskipTests
 * java -cp bench/target/classes:$(cat bench/target/bench.classpath) braid.bench.mail.MailBench \
 *     [--messages 10000] [--pool 4] [--batch 32] [--runs 3] [--postfix /tmp/postfix] [--python python3]
 * </pre>
 * Postfix is not installed: {@code apt-get download postfix && dpkg -x postfix_*.deb /tmp/postfix}.
 */
public final class MailBench {
    private MailBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 10_000;
        int pool = 4;
        int batch = 32;
        int runs = 3;
        Path postfix = Path.of("/tmp/postfix");
        String python = "python3";
        Path script = Path.of("bench/src/main/python/smtplib_send.py");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--pool" -> pool = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--postfix" -> postfix = Path.of(args[++i]);
                case "--python" -> python = args[++i];
                case "--script" -> script = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        int port = freePort();
        ProcessBuilder sinkCommand = new ProcessBuilder(postfix.resolve("usr/sbin/smtp-sink").toString(), "-u", "root",
                "127.0.0.1:" + port, "256")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        sinkCommand.environment().put("LD_LIBRARY_PATH", postfix.resolve("usr/lib/postfix").toString());
        Process sink = sinkCommand.start();
        try {
            awaitPort(port);
            System.out.printf(Locale.ROOT, "smtp-sink on 127.0.0.1:%d; %d messages, pool %d, journal batch %d, %d cores%n",
                    port, messages, pool, batch, Runtime.getRuntime().availableProcessors());
            List<OutgoingMessage> list = messages(messages);
            Path state = Files.createTempDirectory("braid-mailbench");
            SmtpSettings smtp = SmtpSettings.builder("127.0.0.1").port(port).security(SmtpSettings.Security.NONE)
                    .poolSize(pool).journalBatch(batch).heloName("bench.braid")
                    .timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30)).build();
            SenderIdentity id = new SenderIdentity("ACME Reports <reports@acme.example>",
                    "ACME Service <service@acme.example>", "bounces@acme.example", "acme.example");
            Engine engine = Engine.builder().limit(Mailer.RESOURCE, pool).build();
            List<Double> rates = new ArrayList<>();
            List<Double> cpuPerMessage = new ArrayList<>();
            try (Mailer mailer = Mailer.create(smtp, id, MessageTemplates.defaults(), state)) {
                for (int r = 0; r < runs; r++) {
                    LocalDate date = LocalDate.of(2026, 11, 1 + r); // a fresh journal per run
                    long t0 = System.nanoTime();
                    long cpu0 = processCpuNanos();
                    long sinkCpu0 = sinkCpuTicks(sink);
                    SendResult result = engine.scope("mail bench", s -> s.fork("send",
                            ctx -> mailer.send(ctx, date, list, SendOptions.DEFAULT)).join());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double cpuMs = (processCpuNanos() - cpu0) / 1e6;
                    double sinkMs = (sinkCpuTicks(sink) - sinkCpu0) * 10.0; // USER_HZ = 100
                    if (result.sent().size() != messages) {
                        throw new IllegalStateException("not all sent: " + result.summary());
                    }
                    double rate = messages / secs;
                    rates.add(rate);
                    cpuPerMessage.add(cpuMs * 1000 / messages);
                    System.out.printf(Locale.ROOT, "braid run %d%s: %d messages in %.2f s = %.0f messages/s; JVM CPU %.0f us/message, smtp-sink CPU %.0f us/message; journal %,d bytes%n",
                            r + 1, r == 0 ? " (cold JVM)" : "", messages, secs, rate, cpuMs * 1000 / messages,
                            sinkMs * 1000 / messages, Files.size(state.resolve("mail-journal/" + date + ".journal")));
                }
                // rerun of an already-sent date: nothing may go out, everything is skipped from the journal
                long t0 = System.nanoTime();
                SendResult again = engine.scope("mail bench rerun", s -> s.fork("send",
                        ctx -> mailer.send(ctx, LocalDate.of(2026, 11, 1), list, SendOptions.DEFAULT)).join());
                System.out.printf(Locale.ROOT, "braid rerun of run 1's date: %s in %.2f s%n", again.summary(),
                        (System.nanoTime() - t0) / 1e9);
            }

            long pySink0 = sinkCpuTicks(sink);
            Process py = new ProcessBuilder(python, script.toString(), "--port", Integer.toString(port),
                    "--count", Integer.toString(messages)).redirectErrorStream(true).start();
            String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (py.waitFor() != 0) {
                throw new IOException("python baseline failed: " + out);
            }
            double pySinkUs = (sinkCpuTicks(sink) - pySink0) * 10.0 * 1000 / messages;
            double pyRate = Double.parseDouble(out.replaceAll(".*\"per_second\": ([0-9.]+).*", "$1"));
            double pyCpuUs = Double.parseDouble(out.replaceAll(".*\"cpu_seconds\": ([0-9.]+).*", "$1")) * 1e6 / messages;
            System.out.printf(Locale.ROOT, "python smtplib, one connection: %s; python CPU %.0f us/message, smtp-sink CPU %.0f us/message%n",
                    out, pyCpuUs, pySinkUs);
            List<Double> warm = rates.size() > 1 ? rates.subList(1, rates.size()) : rates;
            double best = warm.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            double median = warm.stream().sorted().toList().get(warm.size() / 2);
            double warmCpu = cpuPerMessage.subList(cpuPerMessage.size() > 1 ? 1 : 0, cpuPerMessage.size()).stream()
                    .mapToDouble(Double::doubleValue).min().orElseThrow();
            System.out.printf(Locale.ROOT, "RESULT braid warm runs: best %.0f/s, median %.0f/s (%.0f us JVM CPU/message); python %.0f/s (%.0f us CPU/message); ratio (median) %.1fx%n",
                    best, median, warmCpu, pyRate, pyCpuUs, median / pyRate);
        } finally {
            sink.destroy();
            sink.waitFor();
        }
    }

    static List<OutgoingMessage> messages(int n) {
        List<OutgoingMessage> list = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            Map<String, Object> model = TemplateModel.builder().company("ACME", "https://acme.example/")
                    .reportDate(LocalDate.of(2026, 11, 23), Locale.UK)
                    .figure("Visits", String.format(Locale.UK, "%,d", 1000 + i))
                    .figure("Page views", String.format(Locale.UK, "%,d", 3000 + i))
                    .news("New branch in Cologne", "https://acme.example/news/cologne", "2026-11-22", "We open soon.")
                    .build();
            list.add(new OutgoingMessage(new Recipient("C" + i, "Client Nr. " + i, "client" + i + "@example.com"), model));
        }
        return list;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of the sink from /proc (Linux), in clock ticks; 0 where /proc is missing. */
    private static long sinkCpuTicks(Process sink) {
        try {
            String stat = Files.readString(Path.of("/proc/" + sink.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException, IOException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("smtp-sink did not start on port " + port);
    }
}
