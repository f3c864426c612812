package braid.core;

import org.jspecify.annotations.Nullable;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Failures in words, for people: what the engine prints, records and puts into its own exception messages. */
public final class Failures {
    private Failures() {}

    /**
     * The root cause of {@code t} in one line: the engine's wrappers ({@link TaskFailedException},
     * {@link RunFailedException}, ExecutionException) skipped, the cause's own message without its Java class name
     * (the class only when there is no message; common JDK failures in words), URLs without their query.
     */
    public static String inWords(@Nullable Throwable t) {
        return t == null ? "(no detail)" : Events.describe(t);
    }

    /**
     * "cannot read FILE: why", naming the file once also when the failure in words names it already ({@code no such
     * file: FILE}, {@code FILE: is a directory}).
     */
    public static String cannotRead(Object file, @Nullable Throwable t) {
        String f = String.valueOf(file);
        String why = inWords(t);
        if (why.startsWith(f)) return "cannot read " + why;
        if (why.endsWith(": " + f)) return "cannot read " + f + ": " + why.substring(0, why.length() - f.length() - 2);
        return "cannot read " + f + ": " + why;
    }

    /**
     * The one of {@code candidates} within two edits of a misspelt {@code word} (insert, delete, change, or a swap of
     * neighbours; case ignored), the nearest first in their order: the "did you mean" of every message about a key,
     * an option or a command that does not exist ({@code prot} → {@code port}, {@code rn} → {@code run}). Written here
     * (Damerau–Levenshtein with adjacent swaps) rather than taken from a library: picocli's own suggestions compare
     * letter pairs and find nothing for a word of two letters; it is 20 lines.
     */
    public static java.util.Optional<String> closest(String word, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= 2 ? java.util.Optional.ofNullable(best) : java.util.Optional.empty();
    }

    /** The edits (insert, delete, change, swap of neighbours; case ignored) from {@code a} to {@code b}. */
    public static int distance(String a, String b) {
        a = a.toLowerCase(Locale.ROOT);
        b = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /**
     * A failure to talk to {@code host:port} in words, the same for every connector (HTTP, SAP, SMTP): "connection
     * refused by 127.0.0.1:25", "cannot resolve host sap.example.invalid", "no answer from smtp.example.com:587
     * within 30 s", "TLS: the certificate of www.example.com expired on 2026-01-31", "connection reset by …". Never a
     * Java class name: causes the JDK leaves without a message (the HTTP client's ClosedChannelException for a
     * refused connection) are named by what they mean.
     *
     * <p>Written here rather than taken from a library: the JDK's exceptions are the input and no library maps them
     * to operator's words; the mapping is the JDK's documented exception types, walked along the cause chain.
     *
     * @param timeout the timeout that applied, for the "no answer within" wording; may be null
     */
    public static String network(Throwable t, String host, int port, @Nullable Duration timeout) {
        String at = port > 0 ? host + ":" + port : host;
        // TLS first: a handshake failure wraps the certificate problem that says what is wrong.
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) return tls(t, host);
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "cannot resolve host " + host;
            }
            if (c instanceof NoRouteToHostException) return "no route to host " + at;
            if (c instanceof PortUnreachableException) return "port unreachable: " + at;
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException
                    || c instanceof SocketTimeoutException && lower(c).contains("connect")) {
                return "no connection to " + at + within(timeout);
            }
            if (c instanceof HttpTimeoutException || c instanceof SocketTimeoutException) {
                return "no answer from " + at + within(timeout);
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = lower(c);
            if (c instanceof ConnectException || m.contains("connection refused")) {
                return "connection refused by " + at;
            }
            if (m.contains("connection reset") || m.contains("broken pipe")) return "connection reset by " + at;
            if (c instanceof EOFException || m.contains("closed") && !(c instanceof ClosedChannelException)) {
                return at + " closed the connection";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            // The JDK HTTP client reports a connection that closed before any response as a bare
            // ClosedChannelException (or an IOException wrapping one).
            if (c instanceof ClosedChannelException) return at + " closed the connection";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SocketException && c.getMessage() != null) return c.getMessage() + " (" + at + ")";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) return inWords(c) + " (" + at + ")";
        }
        return "the connection to " + at + " failed";
    }

    private static String tls(Throwable t, String host) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                String when = notAfter(c.getMessage());
                return "TLS: the certificate of " + host + " expired" + (when == null ? "" : " on " + when);
            }
            if (c instanceof CertificateNotYetValidException) {
                return "TLS: the certificate of " + host + " is not valid yet";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertPathValidatorException || lower(c).contains("unable to find valid certification path")) {
                return "TLS: the certificate of " + host + " is not trusted (no path to a trusted root; "
                        + "add its CA to a trust store)";
            }
            if (lower(c).contains("no subject alternative") || lower(c).contains("no name matching")) {
                return "TLS: the certificate of " + host + " is not for " + host;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLHandshakeException && c.getMessage() != null) {
                return "TLS handshake with " + host + " failed: " + c.getMessage();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException && c.getMessage() != null) {
                String m = c.getMessage();
                if (m.contains("plaintext") || m.contains("Unrecognized SSL message")) {
                    return "TLS: " + host + " did not answer in TLS (a plain-text port?)";
                }
                return "TLS with " + host + " failed: " + m;
            }
        }
        return "TLS with " + host + " failed";
    }

    /** "NotAfter: Fri Jan 31 12:00:00 UTC 2026" as the JDK words it, as an ISO date. */
    private static @Nullable String notAfter(@Nullable String message) {
        if (message == null) return null;
        int i = message.indexOf("NotAfter:");
        if (i < 0) return null;
        String s = message.substring(i + 9).strip();
        try {
            var f = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss zzz yyyy", Locale.ROOT);
            return java.time.ZonedDateTime.parse(s, f).withZoneSameInstant(ZoneOffset.UTC).toLocalDate().toString();
        } catch (RuntimeException e) {
            return s;
        }
    }

    /** A duration as people read it: "850 ms", "2.5 s", "1:30 min" (never ISO-8601's "PT1M30S"). */
    public static String duration(Duration d) {
        return Events.human(d);
    }

    private static String within(@Nullable Duration timeout) {
        return timeout == null ? "" : " within " + Events.human(timeout);
    }

    private static String lower(Throwable c) {
        return c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
    }
}
