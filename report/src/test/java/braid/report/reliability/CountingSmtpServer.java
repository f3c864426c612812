package braid.report.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A minimal SMTP server (RFC 5321 commands, no extensions) that counts, per recipient, every
 * message whose final dot arrived — the most pessimistic view of what a real server delivers,
 * since a server may queue a message before its 250 reaches the client. A hook runs at the n-th
 * final dot, before or after the reply, to kill the sender at exactly that point. GreenMail
 * neither offers such a hook nor counts cheaply enough for 20 000 messages.
 *
 * <p>Thread-safe; one virtual thread per connection.
 */
final class CountingSmtpServer implements AutoCloseable {
    /** Where the hook runs relative to the reply to the final dot. */
    enum When { BEFORE_REPLY, AFTER_REPLY }

    private final ServerSocket server;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicInteger dots = new AtomicInteger();
    private volatile IntPredicate trigger = n -> false;
    private volatile When when = When.BEFORE_REPLY;
    private volatile Runnable hook = () -> {};

    CountingSmtpServer() throws IOException {
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Runs {@code hook} once, at the final dot number {@code n} (counted from now). */
    synchronized void atDot(int n, When when, Runnable hook) {
        dots.set(0);
        this.when = when;
        this.hook = hook;
        AtomicInteger fired = new AtomicInteger();
        this.trigger = k -> k == n && fired.getAndIncrement() == 0;
    }

    void disarm() {
        trigger = n -> false;
    }

    void reset() {
        received.clear();
        dots.set(0);
        disarm();
    }

    /** Messages received in all (recipients of one message counted once each). */
    int total() {
        return received.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Messages received per recipient (lower-cased). */
    Map<String, Integer> received() {
        Map<String, Integer> m = new java.util.HashMap<>();
        received.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream out = s.getOutputStream()) {
            reply(out, "220 counting.test ESMTP");
            List<String> rcpts = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (cmd) {
                    case "EHLO", "HELO" -> reply(out, "250 counting.test");
                    case "MAIL" -> { rcpts.clear(); reply(out, "250 OK"); }
                    case "RCPT" -> {
                        rcpts.add(line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')).toLowerCase(Locale.ROOT));
                        reply(out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) { /* the content does not matter here */ }
                        if (d == null) return; // cut off mid-DATA: no message
                        for (String r : rcpts) received.computeIfAbsent(r, k -> new AtomicInteger()).incrementAndGet();
                        boolean fire = trigger.test(dots.incrementAndGet());
                        if (fire && when == When.BEFORE_REPLY) { hook.run(); return; }
                        reply(out, "250 OK queued");
                        if (fire) hook.run();
                        rcpts.clear();
                    }
                    case "RSET" -> { rcpts.clear(); reply(out, "250 OK"); }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> { reply(out, "221 Bye"); return; }
                    default -> reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away (or was killed)
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
