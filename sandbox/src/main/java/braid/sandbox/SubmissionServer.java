package braid.sandbox;

import org.jspecify.annotations.Nullable;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A mail submission server on loopback in front of an {@link SmtpSink}: it speaks STARTTLS (with a
 * {@link SelfSignedCertificate}) and AUTH PLAIN / LOGIN with one user and password, as a company's relay on port 587
 * does, so a production-like {@code mail.smtp} section ({@code security: starttls}, a user, a password, a trust
 * store) can be rehearsed with {@code braid sandbox --smtp-auth}.
 *
 * <p>Why not GreenMail alone: GreenMail 2.1 has AUTH but no STARTTLS. This front does the greeting, EHLO, STARTTLS
 * and AUTH itself, refuses MAIL before a successful AUTH over TLS ({@code 530}), and then hands the authenticated
 * session to the sink byte for byte (it greets the sink with EHLO first). A started server is thread-safe.
 */
public final class SubmissionServer implements AutoCloseable {
    private final ServerSocket server;
    private final SSLContext tls;
    private final String user;
    private final String password;
    private final SmtpSink sink;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private SubmissionServer(ServerSocket server, SSLContext tls, String user, String password, SmtpSink sink) {
        this.server = server;
        this.tls = tls;
        this.user = user;
        this.password = password;
        this.sink = sink;
        this.acceptor = Thread.ofVirtual().name("submission accept").start(this::acceptLoop);
    }

    /** Starts on 127.0.0.1 and a free port, accepting {@code user} / {@code password} and delivering into {@code sink}. */
    public static SubmissionServer start(SmtpSink sink, SelfSignedCertificate certificate, String user, String password)
            throws IOException {
        Objects.requireNonNull(sink, "sink");
        SSLContext tls;
        try {
            tls = certificate.serverContext();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the certificate: " + e.getMessage(), e);
        }
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        return new SubmissionServer(s, tls, Objects.requireNonNull(user), Objects.requireNonNull(password), sink);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket c = server.accept();
                open.add(c);
                Thread.ofVirtual().name("submission session").start(() -> session(c));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket plain) {
        Socket socket = plain;
        try {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            reply(out, "220 sandbox ESMTP braid sandbox submission (STARTTLS, AUTH)");
            boolean secure = false;
            while (true) {
                String line = readLine(in);
                if (line == null) return;
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, secure ? "250-sandbox\r\n250 AUTH PLAIN LOGIN" : "250-sandbox\r\n250 STARTTLS");
                    case "HELO" -> reply(out, "250 sandbox");
                    case "NOOP", "RSET" -> reply(out, "250 2.0.0 OK");
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    case "STARTTLS" -> {
                        if (secure) {
                            reply(out, "503 5.5.1 TLS already active");
                            continue;
                        }
                        reply(out, "220 2.0.0 ready to start TLS");
                        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
                        s.setUseClientMode(false);
                        s.startHandshake();
                        socket = s;
                        open.add(s);
                        in = new BufferedInputStream(s.getInputStream());
                        out = s.getOutputStream();
                        secure = true;
                    }
                    case "AUTH" -> {
                        if (!secure) {
                            reply(out, "530 5.7.0 Must issue a STARTTLS command first");
                            continue;
                        }
                        if (authenticate(line, in, out)) {
                            reply(out, "235 2.7.0 Authentication successful");
                            relay(socket, in, out);
                            return;
                        }
                        reply(out, "535 5.7.8 Authentication credentials invalid");
                    }
                    case "MAIL", "RCPT", "DATA" -> reply(out, secure ? "530 5.7.0 Authentication required"
                            : "530 5.7.0 Must issue a STARTTLS command first");
                    default -> reply(out, "502 5.5.1 Command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away or the handshake failed: nothing to deliver
        } finally {
            closeQuietly(socket);
            closeQuietly(plain);
            open.remove(socket);
            open.remove(plain);
        }
    }

    private boolean authenticate(String line, InputStream in, OutputStream out) throws IOException {
        String[] parts = line.split(" ");
        String mechanism = parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
        String u;
        String p;
        if (mechanism.equals("PLAIN")) {
            String initial = parts.length > 2 ? parts[2] : null;
            if (initial == null) {
                reply(out, "334 ");
                initial = readLine(in);
            }
            String[] fields = decode(initial).split("\0", -1);
            if (fields.length != 3) return false;
            u = fields[1];
            p = fields[2];
        } else if (mechanism.equals("LOGIN")) {
            reply(out, "334 VXNlcm5hbWU6");
            u = decode(readLine(in));
            reply(out, "334 UGFzc3dvcmQ6");
            p = decode(readLine(in));
        } else {
            return false;
        }
        return user.equals(u) && password.equals(p);
    }

    /** Hands the authenticated session to the sink: EHLO to it, then bytes both ways until either side closes. */
    private void relay(Socket client, InputStream fromClient, OutputStream toClient) throws IOException {
        try (Socket back = new Socket(sink.host(), sink.port())) {
            InputStream fromSink = new BufferedInputStream(back.getInputStream());
            OutputStream toSink = back.getOutputStream();
            readReply(fromSink); // greeting
            toSink.write("EHLO submission\r\n".getBytes(StandardCharsets.US_ASCII));
            toSink.flush();
            readReply(fromSink);
            Thread up = Thread.ofVirtual().start(() -> pump(fromSink, toClient, client));
            pump(fromClient, toSink, back);
            try {
                up.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pump(InputStream from, OutputStream to, Socket closeAtEnd) {
        byte[] buf = new byte[16 * 1024];
        try {
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException ignored) {
            // one side closed
        } finally {
            closeQuietly(closeAtEnd);
        }
    }

    private static void readReply(InputStream in) throws IOException {
        String line;
        do {
            line = readLine(in);
            if (line == null) throw new IOException("the sink closed the connection");
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    private static String decode(@Nullable String b64) {
        if (b64 == null) return "";
        try {
            return b64 == null ? "" : new String(Base64.getDecoder().decode(b64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static @Nullable String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                int len = b.length();
                if (len > 0 && b.charAt(len - 1) == '\r') b.setLength(len - 1);
                return b.toString();
            }
            if (b.length() > 4096) throw new IOException("line too long");
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) closeQuietly(s);
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
