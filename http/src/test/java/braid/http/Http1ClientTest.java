package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** braid's HTTP/1.1 client against a raw socket server that answers as each test scripts it, byte for byte. */
class Http1ClientTest {
    /** What the server does with one connection; it gets the connection's number (1, 2, …). */
    interface Script {
        void serve(Socket s, int connection) throws Exception;
    }

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Http1Client client = new Http1Client(Duration.ofSeconds(2));

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) server.close();
    }

    private URI serve(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AcceptLoop.start(server, connections, script::serve);
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Reads one request (head, and a body of Content-Length bytes) and records it; null at the end of the stream. */
    private String request(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        for (int b; state < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        if (state < 4) return null;
        String h = head.toString(StandardCharsets.ISO_8859_1);
        String body = "";
        for (String l : h.split("\r\n")) {
            if (l.toLowerCase().startsWith("content-length:")) {
                body = new String(in.readNBytes(Integer.parseInt(l.substring(15).strip())), StandardCharsets.UTF_8);
            }
        }
        requests.add(h + body);
        return h;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private Http1Client.Response get(URI url) throws Exception {
        return client.send("GET", url, Map.of("User-Agent", List.of("t/1")), null, 1 << 20,
                System.nanoTime() + Duration.ofSeconds(1).toNanos(), Duration.ofSeconds(1));
    }

    private static String text(Http1Client.Response r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void keepAliveSendsEveryRequestOnOneConnectionAsWritten() throws Exception {
        URI base = serve((s, n) -> {
            for (String h; (h = request(s.getInputStream())) != null; ) {
                String path = h.substring(h.indexOf(" ") + 1, h.indexOf(" ", h.indexOf(" ") + 1));
                write(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Two: a\r\nx-two: b\r\nContent-Length: " + path.length() + "\r\n\r\n" + path);
            }
        });
        for (int i = 0; i < 20; i++) {
            Http1Client.Response r = get(base.resolve("/p/" + i + "?q=%20x"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(text(r)).isEqualTo("/p/" + i + "?q=%20x");
            assertThat(r.headers().allValues("X-TWO")).containsExactly("a", "b");
            assertThat(r.headers().firstValue("content-type")).contains("text/plain");
        }
        assertThat(connections.get()).isEqualTo(1);
        assertThat(requests.getFirst()).isEqualTo("GET /p/0?q=%20x HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                + "\r\nUser-Agent: t/1\r\n\r\n");
        Http1Client.Response post = client.send("POST", base.resolve("/form"), Map.of(), "a=1&b=ü".getBytes(StandardCharsets.UTF_8),
                100, System.nanoTime() + 1_000_000_000L, Duration.ofSeconds(1));
        assertThat(text(post)).isEqualTo("/form");
        assertThat(requests.getLast()).endsWith("\r\nContent-Length: 8\r\n\r\na=1&b=ü");
        client.closeIdle(); // as a Fetcher does at the end of a run: the next request opens a new connection
        assertThat(text(get(base.resolve("/again")))).isEqualTo("/again");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void chunkedCloseDelimitedInterimHeadAndBodilessAnswersAreReadWhole() throws Exception {
        URI base = serve((s, n) -> {
            for (String h; (h = request(s.getInputStream())) != null; ) {
                if (h.startsWith("GET /chunked")) {
                    write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n");
                } else if (h.startsWith("GET /continue")) {
                    write(s, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nX-Folded: one\r\n two\r\nContent-Length: 2\r\n\r\nok");
                } else if (h.startsWith("HEAD")) {
                    write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
                } else if (h.startsWith("GET /304")) {
                    write(s, "HTTP/1.1 304 Not Modified\r\nContent-Length: 1000\r\n\r\n");
                } else if (h.startsWith("GET /long")) {
                    write(s, "HTTP/1.1 200 OK\r\nX-Long: " + "l".repeat(40_000) + "\r\nContent-Length: 4\r\n\r\nlong");
                } else if (h.startsWith("GET /old")) {
                    write(s, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
                    return; // closes: the body ends with the connection
                }
            }
        });
        assertThat(text(get(base.resolve("/chunked")))).isEqualTo("hello, world");
        Http1Client.Response cont = get(base.resolve("/continue"));
        assertThat(cont.status()).isEqualTo(201);
        assertThat(text(cont)).isEqualTo("ok");
        assertThat(cont.headers().firstValue("X-Folded")).contains("one two");
        Http1Client.Response head = client.send("HEAD", base.resolve("/h"), Map.of(), null, 100, System.nanoTime() + 1_000_000_000L, Duration.ofSeconds(1));
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).contains("1000");
        assertThat(get(base.resolve("/304")).body()).isEmpty();
        Http1Client.Response longHeader = get(base.resolve("/long")); // a line longer than the read buffer
        assertThat(longHeader.headers().firstValue("X-Long").orElseThrow()).hasSize(40_000);
        assertThat(text(longHeader)).isEqualTo("long");
        assertThat(connections.get()).isEqualTo(1); // all of them kept the connection
        assertThat(text(get(base.resolve("/old")))).isEqualTo("until the end");
        assertThat(text(get(base.resolve("/chunked")))).isEqualTo("hello, world");
        assertThat(connections.get()).isEqualTo(2); // the close-delimited answer used its connection up
    }

    private <T> T stream(URI url, long maxBytes, Http1Client.BodyReader<T> reader) throws Exception {
        return client.send("GET", url, Map.of(), null, maxBytes, System.nanoTime() + Duration.ofSeconds(1).toNanos(),
                Duration.ofSeconds(1), reader);
    }

    @Test
    void aStreamedBodyComesAsSentAndKeepsTheConnectionOnlyWhenReadToItsEnd() throws Exception {
        URI base = serve((s, n) -> {
            for (String h; (h = request(s.getInputStream())) != null; ) {
                if (h.startsWith("GET /big")) {
                    write(s, "HTTP/1.1 200 OK\r\nContent-Length: 300000\r\n\r\n" + "a".repeat(299_999) + "z");
                } else if (h.startsWith("GET /chunked")) {
                    write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n");
                } else if (h.startsWith("GET /trickle")) {
                    write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
                    for (int i = 0; i < 100; i++) {
                        write(s, "x");
                        Thread.sleep(100);
                    }
                }
            }
        });
        // read in small steps, the status and headers beside: every byte as sent
        String big = stream(base.resolve("/big"), 1 << 20, (status, headers, in) -> {
            assertThat(status).isEqualTo(200);
            assertThat(headers.firstValue("content-length")).contains("300000");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] b = new byte[777];
            for (int r; (r = in.read(b, 0, b.length)) >= 0; ) out.write(b, 0, r);
            assertThat(in.read()).isEqualTo(-1);
            return out.toString(StandardCharsets.ISO_8859_1);
        });
        assertThat(big).hasSize(300_000).startsWith("aaa").endsWith("az");
        // a reader that stops where its data ends (as a JSON parser at its value's end): the rest of the chunked
        // framing is read after it, and the connection is used again
        String six = stream(base.resolve("/chunked"), 100, (st, h, in) -> new String(in.readNBytes(6), StandardCharsets.UTF_8));
        assertThat(six).isEqualTo("hello!");
        assertThat(text(get(base.resolve("/chunked")))).isEqualTo("hello!");
        assertThat(connections.get()).isEqualTo(1);
        // a reader that stops early in a big body: that connection is closed, the next request opens another
        int first = stream(base.resolve("/big"), 1 << 20, (st, h, in) -> in.read());
        assertThat(first).isEqualTo('a');
        assertThat(text(get(base.resolve("/chunked")))).isEqualTo("hello!");
        assertThat(connections.get()).isEqualTo(2);
        // the limit, the deadline and the reader's own failure hold as for whole bodies
        assertThatThrownBy(() -> stream(base.resolve("/chunked"), 5, (st, h, in) -> in.readAllBytes()))
                .isInstanceOf(BodyTooLargeException.class).hasMessage("body exceeds the limit of 5 bytes");
        assertThatThrownBy(() -> stream(base.resolve("/trickle"), 1 << 20, (st, h, in) -> in.readAllBytes()))
                .isInstanceOf(IncompleteAnswerException.class);
        assertThatThrownBy(() -> stream(base.resolve("/big"), 1 << 20, (st, h, in) -> {
            throw new IOException("not JSON");
        })).hasMessage("not JSON");
    }

    @Test
    void aPooledConnectionTheServerClosedIsReplacedAndTheRequestSentOnce() throws Exception {
        URI base = serve((s, n) -> {
            request(s.getInputStream());
            write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + n);
            // then closes, without a Connection: close: the client learns it on its next request
        });
        assertThat(text(get(base.resolve("/a")))).isEqualTo("1");
        Thread.sleep(50);
        assertThat(text(get(base.resolve("/b")))).isEqualTo("2");
        assertThat(connections.get()).isEqualTo(2);
        assertThat(requests).hasSize(2);
    }

    @Test
    void brokenAnswersFailInWordsWithTheirKind() throws Exception {
        URI base = serve((s, n) -> {
            String h = request(s.getInputStream());
            if (h.startsWith("GET /short")) write(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            else if (h.startsWith("GET /garbage")) write(s, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
            else if (h.startsWith("GET /big")) write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n");
            else if (h.startsWith("GET /gzip-chunked")) write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nxx\r\n0\r\n\r\n");
            else if (h.startsWith("GET /two-lengths")) write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc");
            else if (h.startsWith("GET /endless-head")) {
                write(s, "HTTP/1.1 200 OK\r\n");
                for (int i = 0; i < 10_000; i++) write(s, "X-" + i + ": " + "h".repeat(100) + "\r\n");
            }
            else if (h.startsWith("GET /chunks")) {
                write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                for (int i = 0; i < 200; i++) write(s, "2710\r\n" + "x".repeat(10_000) + "\r\n");
            } else if (h.startsWith("GET /trickle")) {
                write(s, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
                for (int i = 0; i < 100; i++) {
                    write(s, "x");
                    Thread.sleep(100);
                }
            }
        });
        assertThatThrownBy(() -> get(base.resolve("/short"))).isInstanceOf(java.io.EOFException.class)
                .hasMessage("the connection was closed after 10 of 100 bytes of the body")
                .satisfies(e -> assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.CLOSED));
        assertThatThrownBy(() -> get(base.resolve("/garbage"))).hasMessage("malformed answer: not HTTP/1.x: 'SSH-2.0-OpenSSH_9.2'");
        assertThatThrownBy(() -> get(base.resolve("/gzip-chunked")))
                .hasMessage("malformed answer: Transfer-Encoding 'gzip, chunked' (only chunked is supported)");
        assertThatThrownBy(() -> get(base.resolve("/two-lengths"))).hasMessage("malformed answer: Content-Length given twice, '2' and '3'");
        assertThatThrownBy(() -> get(base.resolve("/endless-head"))).hasMessage("malformed answer: a head over 64 KiB");
        assertThatThrownBy(() -> client.send("POST", base.resolve("/x"), Map.of(), new byte[Http1Client.MAX_BODY + 1], 100,
                System.nanoTime() + 1_000_000_000L, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> get(base.resolve("/big"))).isInstanceOf(BodyTooLargeException.class)
                .hasMessage("Content-Length 2000000 exceeds the limit of 1048576 bytes");
        assertThatThrownBy(() -> get(base.resolve("/chunks"))).isInstanceOf(BodyTooLargeException.class)
                .hasMessage("body exceeds the limit of 1048576 bytes");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> get(base.resolve("/trickle"))).isInstanceOf(IncompleteAnswerException.class)
                .hasMessage("no complete answer from 127.0.0.1:" + base.getPort() + " within 1.0 s")
                .satisfies(e -> assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1500));
        int closedPort; // a port nothing listens on (a socket closed while a thread waits in accept may linger)
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + closedPort + "/");
        assertThatThrownBy(() -> get(refused))
                .satisfies(e -> assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.REFUSED))
                .satisfies(e -> assertThat(HttpFailure.describe(e, refused, null)).isEqualTo("connection refused by 127.0.0.1:" + closedPort));
    }

    @Test
    void aNameWithADeadAddressBeforeALiveOneIsReachedAsBrowsersReachIt() throws Exception {
        // a site with an old server left in its DNS is up for its visitors: a health check must not call it down
        URI base = serve((s, n) -> {
            while (request(s.getInputStream()) != null) write(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
        // two-addresses.test: 127.0.0.9 (nothing listens) and then 127.0.0.1 (TestResolver)
        URI two = URI.create("http://" + TestResolver.TWO + ":" + base.getPort() + "/");
        assertThat(java.net.InetAddress.getAllByName(TestResolver.TWO)).hasSize(2);
        Http1Client.Response r = get(two);
        assertThat(r.status()).isEqualTo(200);
        assertThat(requests).singleElement().satisfies(h -> assertThat(h).contains("Host: " + TestResolver.TWO + ":" + base.getPort()));
        client.closeIdle();
        // every address refuses: refused, as with one (a port nothing listens on: the test server's own port, closed
        // while its thread waits in accept, may still take a connection for a moment and close it)
        int closedPort;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = gone.getLocalPort();
        }
        assertThatThrownBy(() -> get(URI.create("http://" + TestResolver.TWO + ":" + closedPort + "/again")))
                .satisfies(e -> assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.REFUSED));
    }

    @Test
    void anInterruptedRequestEndsAtOnce() throws Exception {
        URI base = serve((s, n) -> {
            request(s.getInputStream());
            Thread.sleep(10_000);
        });
        // the engine's tasks run on virtual threads, where a blocking socket read ends when the thread is interrupted
        java.util.concurrent.CompletableFuture<Throwable> outcome = new java.util.concurrent.CompletableFuture<>();
        Thread request = Thread.ofVirtual().start(() -> {
            try {
                client.send("GET", base.resolve("/slow"), Map.of(), null, 100, System.nanoTime() + Duration.ofSeconds(5).toNanos(), Duration.ofSeconds(5));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Thread.sleep(200);
        long t0 = System.nanoTime();
        request.interrupt();
        assertThat(outcome.get(2, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    }
}
