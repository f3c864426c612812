package braid.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SMTP server (RFC 5321 commands only, no extensions) that answers 550 for one
 * recipient and accepts everything else, remembering the accepted recipients. GreenMail cannot
 * reject a single recipient, and the end-to-end test needs exactly that.
 */
final class RejectingSmtpServer implements AutoCloseable {
    private final ServerSocket server;
    private final String rejected;
    final List<String> accepted = new CopyOnWriteArrayList<>();

    RejectingSmtpServer(String rejectedAddress) throws IOException {
        this.rejected = rejectedAddress.toLowerCase(Locale.ROOT);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
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
            reply(out, "220 rejecting.test ESMTP");
            List<String> rcpts = new java.util.ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (cmd) {
                    case "EHLO", "HELO" -> reply(out, "250 rejecting.test");
                    case "MAIL" -> { rcpts.clear(); reply(out, "250 OK"); }
                    case "RCPT" -> {
                        String addr = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>')).toLowerCase(Locale.ROOT);
                        if (addr.equals(rejected)) reply(out, "550 5.1.1 <" + addr + ">: Recipient address rejected: User unknown");
                        else { rcpts.add(addr); reply(out, "250 OK"); }
                    }
                    case "DATA" -> {
                        reply(out, "354 End data with <CR><LF>.<CR><LF>");
                        String d;
                        while ((d = in.readLine()) != null && !d.equals(".")) { /* discard the message */ }
                        accepted.addAll(rcpts);
                        reply(out, "250 OK queued");
                    }
                    case "RSET" -> { rcpts.clear(); reply(out, "250 OK"); }
                    case "NOOP" -> reply(out, "250 OK");
                    case "QUIT" -> { reply(out, "221 Bye"); return; }
                    default -> reply(out, "502 5.5.2 Command not recognized");
                }
            }
        } catch (IOException e) {
            // client went away
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
