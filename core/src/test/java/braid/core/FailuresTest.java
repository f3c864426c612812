package braid.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failures in words from real sockets: what the JDK throws, as an operator reads it. */
class FailuresTest {
    @Test
    void aRefusedConnectionIsNamedWithHostAndPort() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        IOException e = null;
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            // not reached
        } catch (ConnectException refused) {
            e = refused;
        }
        assertThat(Failures.network(e, "127.0.0.1", port, null)).isEqualTo("connection refused by 127.0.0.1:" + port);
    }

    @Test
    void anUnknownHostCannotBeResolved() {
        IOException e = null;
        try {
            InetAddress.getByName("nothing.example.invalid");
        } catch (UnknownHostException u) {
            e = u;
        }
        assertThat(Failures.network(e, "nothing.example.invalid", 443, null)).isEqualTo("cannot resolve host nothing.example.invalid");
    }

    @Test
    void aReadTimeoutIsNoAnswerWithin() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket c = new Socket()) {
            c.connect(new InetSocketAddress("127.0.0.1", s.getLocalPort()));
            c.setSoTimeout(200);
            IOException e = null;
            try {
                c.getInputStream().read();
            } catch (SocketTimeoutException t) {
                e = t;
            }
            assertThat(Failures.network(e, "127.0.0.1", s.getLocalPort(), Duration.ofMillis(200)))
                    .isEqualTo("no answer from 127.0.0.1:" + s.getLocalPort() + " within 200 ms");
        }
    }

    @Test
    void wrappedCausesAreFoundAndNoClassNameIsLeft() {
        var e = new IOException("send failed", new java.nio.channels.ClosedChannelException());
        assertThat(Failures.network(e, "h.example", 80, null)).isEqualTo("h.example:80 closed the connection");
        assertThat(Failures.network(new IOException(), "h.example", 25, null)).doesNotContain("IOException");
    }

    @Test
    void aFileThatIsNotUtf8IsSaidSoNotInTheJdksWords(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // a binary given where a configuration belongs: the JDK says "Input length = 1"
        java.nio.file.Path binary = java.nio.file.Files.write(dir.resolve("ls"), new byte[] {0x7f, 'E', 'L', 'F', (byte) 0xC3, 0x28});
        IOException e = null;
        try {
            java.nio.file.Files.readString(binary);
        } catch (IOException x) {
            e = x;
        }
        assertThat(e).isNotNull();
        assertThat(Failures.cannotRead(binary, e)).isEqualTo("cannot read " + binary + ": not UTF-8 text (a binary file, or another encoding)");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(Failures.duration(Duration.ofSeconds(30))).isEqualTo("30.0 s");
        assertThat(Failures.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Failures.duration(Duration.ofSeconds(90))).isEqualTo("1:30 min");
        assertThat(Failures.duration(Duration.ofSeconds(59 * 60 + 59))).isEqualTo("59:59 min");
        assertThat(Failures.duration(Duration.ofMinutes(120))).isEqualTo("2 h");
        assertThat(Failures.duration(Duration.ofSeconds(75 * 60 + 50))).isEqualTo("1 h 15 min");
        assertThat(Failures.duration(Duration.ofHours(76))).isEqualTo("3 d 4 h");
        assertThat(Failures.duration(Duration.ofDays(2))).isEqualTo("2 d");
    }

    @Test
    void closestFindsAWordWithinTwoEditsAndNothingFartherAway() {
        java.util.List<String> commands = java.util.List.of("run", "plan", "status", "history");
        assertThat(Failures.closest("rn", commands)).contains("run");          // a letter left out
        assertThat(Failures.closest("STATSU", commands)).contains("status");   // case ignored, two neighbours swapped
        assertThat(Failures.closest("hsitroy", commands)).contains("history"); // two swaps
        assertThat(Failures.closest("xyz", commands)).isEmpty();
        assertThat(Failures.distance("prot", "port")).isEqualTo(1);
        assertThat(Failures.distance("", "abc")).isEqualTo(3);
    }
}
