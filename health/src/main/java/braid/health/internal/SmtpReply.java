package braid.health.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SMTP reply (RFC 5321 4.2: "250-first", …, "250 last"), read byte by byte so that nothing after it is taken from
 * the socket: after STARTTLS's 220 the next bytes are the server's TLS handshake. Written here: the health module
 * must not depend on the mail module (Angus Mail), and four commands need no client library.
 */
record SmtpReply(int code, List<String> lines) {
    private static final int MAX_LINE = 1000; // RFC 5321 4.5.3.1.5: 512 octets; be lenient, never unbounded
    private static final int MAX_LINES = 100;

    static SmtpReply command(Socket s, String command) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read(s.getInputStream());
    }

    static SmtpReply read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line(in);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-') {
                throw new IOException("not an SMTP server: it answered '" + shortened(line) + "'");
            }
            lines.add(line);
            if (line.length() == 3 || line.charAt(3) == ' ') return new SmtpReply(Integer.parseInt(line.substring(0, 3)), lines);
            if (lines.size() == MAX_LINES) throw new IOException("an SMTP reply of more than " + MAX_LINES + " lines");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException(b.size() == 0 ? "the server closed the connection" : "the server closed the connection mid-line");
            }
            if (c == '\n') break;
            if (b.size() == MAX_LINE) throw new IOException("an SMTP reply line longer than " + MAX_LINE + " bytes");
            b.write(c);
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** The first line, as the server wrote it (at most 120 characters). */
    String first() {
        return shortened(lines.getFirst());
    }

    /** EHLO's extensions: the keyword of each line after the first. */
    List<String> extensions() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            String kw = l.length() > 4 ? l.substring(4).strip() : "";
            int sp = kw.indexOf(' ');
            String keyword = sp < 0 ? kw : kw.substring(0, sp);
            if (!keyword.isEmpty()) out.add(keyword); // Postfix's smtp-sink ends its list with an empty "250 "
        }
        return out;
    }

    boolean offers(String extension) {
        return extensions().stream().anyMatch(e -> e.toUpperCase(Locale.ROOT).equals(extension));
    }

    private static String shortened(String s) {
        String clean = s.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }
}
