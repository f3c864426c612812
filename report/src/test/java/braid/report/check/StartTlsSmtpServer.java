package braid.report.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A submission server on loopback that offers STARTTLS with a certificate made for 127.0.0.1 and AUTH
 * PLAIN/LOGIN for one user, refusing others with 535, and accepts messages without storing them.
 * GreenMail cannot do STARTTLS with a certificate of our own, and the config insists on TLS with AUTH.
 */
final class StartTlsSmtpServer implements AutoCloseable {
    static final String STORE_PASSWORD = "changeit";

    private final ServerSocket server;
    private final SSLContext tls;
    private final String user;
    private final String password;
    private final Path trustStore;
    /** Commands that arrived before TLS. */
    final List<String> inClear = new CopyOnWriteArrayList<>();
    /** Every command, in order. */
    final List<String> commands = new CopyOnWriteArrayList<>();

    StartTlsSmtpServer(Path dir, String user, String password) throws Exception {
        this.user = user;
        this.password = password;
        Files.createDirectories(dir);
        Path key = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", key.toString(),
                "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "smtp", "-keystore", key.toString(), "-storepass", STORE_PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "smtp", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", STORE_PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(key)) {
            ks.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD.toCharArray());
        tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("keytool failed: " + out);
    }

    int port() {
        return server.getLocalPort();
    }

    /** A PKCS12 trust store with the server's certificate, password {@link #STORE_PASSWORD}. */
    Path trustStore() {
        return trustStore;
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

    private void serve(Socket plain) {
        Socket s = plain;
        try {
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            reply(out, "220 127.0.0.1 ESMTP test");
            boolean secure = false;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                if (!secure) inClear.add(line);
                String cmd = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (cmd) {
                    case "EHLO" -> reply(out, secure ? "250-127.0.0.1\r\n250 AUTH PLAIN LOGIN" : "250-127.0.0.1\r\n250 STARTTLS");
                    case "HELO" -> reply(out, "250 127.0.0.1");
                    case "STAR" -> {
                        reply(out, "220 2.0.0 Ready to start TLS");
                        SSLSocket t = (SSLSocket) tls.getSocketFactory().createSocket(s, "127.0.0.1", s.getPort(), true);
                        t.setUseClientMode(false);
                        t.startHandshake();
                        s = t;
                        in = reader(s);
                        out = s.getOutputStream();
                        secure = true;
                    }
                    case "AUTH" -> {
                        if (!secure) {
                            reply(out, "530 5.7.0 Must issue a STARTTLS command first");
                            continue;
                        }
                        String[] parts = line.split(" ");
                        String u;
                        String p;
                        if (parts[1].equalsIgnoreCase("PLAIN")) {
                            String ir = parts.length > 2 ? parts[2] : prompt(in, out, "334 ");
                            String[] f = new String(Base64.getDecoder().decode(ir), StandardCharsets.UTF_8).split("\0", -1);
                            u = f[1];
                            p = f[2];
                        } else {
                            u = decode(parts.length > 2 ? parts[2] : prompt(in, out, "334 VXNlcm5hbWU6"));
                            p = decode(prompt(in, out, "334 UGFzc3dvcmQ6"));
                        }
                        reply(out, u.equals(user) && p.equals(password) ? "235 2.7.0 Authentication successful"
                                : "535 5.7.8 Error: authentication failed");
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        while ((line = in.readLine()) != null && !line.equals(".")) { /* discard the message */ }
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 bye");
                        return;
                    }
                    default -> reply(out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to tell anyone
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing only
            }
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    private static String prompt(BufferedReader in, OutputStream out, String challenge) throws IOException {
        reply(out, challenge);
        return in.readLine();
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
