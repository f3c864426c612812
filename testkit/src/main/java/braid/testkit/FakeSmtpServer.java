package braid.testkit;

import org.jspecify.annotations.Nullable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small scriptable SMTP server on 127.0.0.1 for tests: STARTTLS and implicit TLS on a test certificate, AUTH
 * PLAIN/LOGIN, and hooks to answer 4xx/5xx or drop the connection at chosen points. GreenMail cannot do STARTTLS
 * (greenmail#135), hence this. Shared by the mail module's tests and the report's reliability tests.
 * Thread-safe; one virtual thread per connection.
 */
public final class FakeSmtpServer implements AutoCloseable {

    /** Decides the server's answers; every method may keep state (calls come from connection threads). */
    public interface Script {
        /** The greeting of connection {@code n} (1-based); a code other than 220 closes after sending it. */
        default String greeting(int n) {
            return "220 fake.test ESMTP ready";
        }

        /** Whether EHLO offers PIPELINING (RFC 2920); the server reads and answers commands in order either way. */
        default boolean pipelining() {
            return true;
        }

        /** The reply to MAIL FROM, or null to close the connection without replying. */
        default String mailFrom(String from) {
            return "250 2.1.0 OK";
        }

        default String rcpt(String to) {
            return "250 2.1.5 OK";
        }

        /** Close the connection after reading this many bytes of DATA content on connection {@code n}; -1 never. */
        default long dropDataAfter(int n) {
            return -1;
        }

        /** The reply to the final dot, or null to close the connection without replying. */
        default String endOfData(Received message) {
            return "250 2.0.0 queued";
        }

        /**
         * After replying to the final dot: keep the connection ({@link HangUp#NONE}), close it at once without
         * reading what the client sends next ({@link HangUp#CLOSE}), or reset it ({@link HangUp#RESET}: SO_LINGER 0).
         */
        default HangUp afterEndOfData(Received message) {
            return HangUp.NONE;
        }
    }

    /** How the server leaves a connection after the reply to the final dot. */
    public enum HangUp {
        NONE, CLOSE, RESET
    }

    /** A message the server took (whatever its reply): envelope and raw bytes as received. */
    public record Received(int connection, String envelopeFrom, List<String> recipients, byte[] raw) {
        public String text() {
            return new String(raw, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final @Nullable SSLContext tls;
    private final boolean implicitTls;
    private final @Nullable String user;
    private final @Nullable String password;
    private final Script script;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final List<Received> seen = new CopyOnWriteArrayList<>();
    private final List<String> commandsInClear = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> sentAhead = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /**
     * @param tls         the server certificate for STARTTLS/implicit TLS, or null for plain SMTP only
     * @param implicitTls true for SMTPS (TLS from the first byte)
     * @param user        the accepted AUTH user, or null to offer no AUTH
     */
    public FakeSmtpServer(@Nullable SSLContext tls, boolean implicitTls, @Nullable String user, @Nullable String password, Script script)
            throws IOException {
        this.tls = tls;
        this.implicitTls = implicitTls;
        this.user = user;
        this.password = password;
        this.script = script;
        this.server = new ServerSocket();
        // a small fixed receive window (no autotuning) so a client sending a big message is still writing when the
        // server hangs up mid-DATA, as with a real server under load
        server.setReceiveBufferSize(64 * 1024);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.submit(this::acceptLoop);
    }

    public static FakeSmtpServer plain(Script script) throws IOException {
        return new FakeSmtpServer(null, false, null, null, script);
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    /** Messages answered with 2xx. */
    public List<Received> accepted() {
        return Collections.unmodifiableList(new ArrayList<>(accepted));
    }

    /** Every message whose final dot arrived, whatever the reply. */
    public List<Received> seen() {
        return Collections.unmodifiableList(new ArrayList<>(seen));
    }

    /** Commands received before TLS was established. */
    /** Every command line received, in order, over all connections (AUTH lines included: test credentials only). */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /**
     * The commands (MAIL, RCPT, DATA, …) after which more input had already arrived when their reply went out:
     * the client did not wait for the reply (PIPELINING). Timing-dependent for the last command of a group; a
     * script that delays its reply to MAIL makes MAIL's entry certain for a pipelining client.
     */
    public List<String> sentAhead() {
        return List.copyOf(sentAhead);
    }

    public List<String> commandsInClear() {
        return List.copyOf(commandsInClear);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                int n = connections.incrementAndGet();
                threads.submit(() -> {
                    try (s) {
                        serve(s, n);
                    } catch (IOException ignored) {
                        // the client went away; nothing to do for a test server
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private final class Conn {
        @Nullable String lastCommand;
        Socket socket;
        InputStream in;
        OutputStream out;
        boolean secure;

        Conn(Socket s) throws IOException {
            socket = s;
            in = new java.io.BufferedInputStream(s.getInputStream());
            out = s.getOutputStream();
        }

        void reply(String line) throws IOException {
            if (in.available() > 0 && lastCommand != null) {
                sentAhead.add(lastCommand); // the client sent more without waiting for this reply: pipelining
            }
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Nullable String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    byte[] bytes = b.toByteArray();
                    int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, len, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
            return null;
        }

        void upgrade() throws IOException {
            // implicit TLS and STARTTLS are offered only with a TLS context
            SSLSocket ssl = (SSLSocket) java.util.Objects.requireNonNull(tls, "no TLS context").getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            socket = ssl;
            open.add(ssl);
            in = new java.io.BufferedInputStream(ssl.getInputStream());
            out = ssl.getOutputStream();
            secure = true;
        }
    }

    private void serve(Socket s, int n) throws IOException {
        Conn c = new Conn(s);
        if (implicitTls) {
            c.upgrade();
        }
        String greeting = script.greeting(n);
        c.reply(greeting);
        if (!greeting.startsWith("220")) {
            return;
        }
        String from = null;
        List<String> rcpts = new ArrayList<>();
        String line;
        while ((line = c.readLine()) != null) {
            commands.add(line);
            c.lastCommand = line.split(" ", 2)[0].split(":", 2)[0].toUpperCase(java.util.Locale.ROOT);
            if (!c.secure) {
                commandsInClear.add(line);
            }
            String upper = line.toUpperCase(java.util.Locale.ROOT);
            if (upper.startsWith("EHLO")) {
                List<String> ext = new ArrayList<>();
                ext.add("fake.test");
                if (tls != null && !c.secure) {
                    ext.add("STARTTLS");
                }
                if (user != null && c.secure) {
                    ext.add("AUTH PLAIN LOGIN");
                }
                ext.add("8BITMIME");
                if (script.pipelining()) {
                    ext.add("PIPELINING");
                }
                for (int i = 0; i < ext.size(); i++) {
                    c.reply("250" + (i == ext.size() - 1 ? " " : "-") + ext.get(i));
                }
            } else if (upper.startsWith("HELO")) {
                c.reply("250 fake.test");
            } else if (upper.equals("STARTTLS") && tls != null && !c.secure) {
                c.reply("220 2.0.0 go ahead");
                c.upgrade();
                from = null;
                rcpts.clear();
            } else if (upper.startsWith("AUTH PLAIN")) {
                String arg = line.length() > 11 ? line.substring(11).strip() : "";
                if (arg.isEmpty()) {
                    c.reply("334 ");
                    arg = c.readLine();
                }
                String[] parts = new String(Base64.getDecoder().decode(arg), StandardCharsets.UTF_8).split("\0", -1);
                authReply(c, parts.length == 3 && parts[1].equals(user) && parts[2].equals(password));
            } else if (upper.startsWith("AUTH LOGIN")) {
                c.reply("334 VXNlcm5hbWU6");
                String u = new String(Base64.getDecoder().decode(c.readLine()), StandardCharsets.UTF_8);
                c.reply("334 UGFzc3dvcmQ6");
                String p = new String(Base64.getDecoder().decode(c.readLine()), StandardCharsets.UTF_8);
                authReply(c, u.equals(user) && p.equals(password));
            } else if (upper.startsWith("MAIL FROM:")) {
                if (from != null) {
                    c.reply("503 5.5.1 Error: nested MAIL command"); // strict like Postfix: RSET first
                    continue;
                }
                String sender = between(line);
                rcpts.clear();
                String r = script.mailFrom(sender);
                if (r == null) {
                    return; // hang up without a reply, like a server that timed the connection out
                }
                if (r.startsWith("2")) {
                    from = sender;
                }
                c.reply(r);
                if (r.startsWith("421")) {
                    return;
                }
            } else if (upper.startsWith("RCPT TO:")) {
                String to = between(line);
                String r = script.rcpt(to);
                if (r.startsWith("2")) {
                    rcpts.add(to);
                }
                c.reply(r);
            } else if (upper.equals("DATA")) {
                if (from == null || rcpts.isEmpty()) {
                    c.reply("503 5.5.1 no valid recipients");
                    continue;
                }
                c.reply("354 end with <CRLF>.<CRLF>");
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                long limit = script.dropDataAfter(n);
                String d;
                boolean complete = false;
                while ((d = c.readLine()) != null) {
                    if (d.equals(".")) {
                        complete = true;
                        break;
                    }
                    data.write((d.startsWith(".") ? d.substring(1) : d).getBytes(StandardCharsets.UTF_8));
                    data.write('\r');
                    data.write('\n');
                    if (limit >= 0 && data.size() >= limit) {
                        return; // drop mid-DATA
                    }
                }
                if (!complete) {
                    return;
                }
                Received m = new Received(n, from, List.copyOf(rcpts), data.toByteArray());
                seen.add(m);
                String r = script.endOfData(m);
                if (r == null) {
                    return; // drop after the dot, before replying
                }
                if (r.startsWith("2")) {
                    accepted.add(m);
                }
                c.reply(r);
                HangUp hangUp = script.afterEndOfData(m);
                if (hangUp != HangUp.NONE) {
                    if (hangUp == HangUp.RESET) {
                        c.socket.setSoLinger(true, 0);
                    }
                    c.socket.close();
                    return;
                }
                from = null;
                rcpts.clear();
            } else if (upper.equals("RSET")) {
                from = null;
                rcpts.clear();
                c.reply("250 2.0.0 OK");
            } else if (upper.equals("NOOP")) {
                c.reply("250 2.0.0 OK");
            } else if (upper.equals("QUIT")) {
                c.reply("221 2.0.0 bye");
                return;
            } else {
                c.reply("502 5.5.2 command not recognised");
            }
        }
    }

    private void authReply(Conn c, boolean ok) throws IOException {
        c.reply(ok ? "235 2.7.0 authenticated" : "535 5.7.8 authentication credentials invalid");
    }

    private static String between(String line) {
        int a = line.indexOf('<');
        int b = line.indexOf('>', a + 1);
        return a >= 0 && b > a ? line.substring(a + 1, b) : line.substring(line.indexOf(':') + 1).strip();
    }
}
