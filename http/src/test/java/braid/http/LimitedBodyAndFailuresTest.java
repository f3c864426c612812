package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real requests over loopback: bodies over the limit, and each kind of failure in words. */
class LimitedBodyAndFailuresTest {
    private HttpServer server;
    private final HttpClient client = HttpClients.builder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/small", ex -> {
            byte[] b = "ok".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/declared", ex -> { // declares 10 MB, sends 1 KB and stops
            ex.sendResponseHeaders(200, 10_000_000);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1024]);
                out.flush();
            } catch (IOException expected) {
                // the client refused the body
            }
            ex.getHttpContext().getServer(); // the exchange is dropped unfinished
        });
        server.createContext("/endless", ex -> { // chunked, no length: 64 MB unless the client stops reading
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 << 10];
                for (int i = 0; i < 1024; i++) out.write(chunk);
            } catch (IOException expected) {
                // the client cancelled the stream
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void bodiesUpToTheLimitArriveAndLargerOnesStopEarly() throws Exception {
        assertThat(new String(client.send(HttpRequest.newBuilder(uri("/small")).build(), LimitedBody.handler(100)).body()))
                .isEqualTo("ok");
        assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri("/declared")).build(), LimitedBody.handler(1 << 20)))
                // send() wraps the body's failure in an IOException of its own, with the same message
                .hasRootCauseInstanceOf(BodyTooLargeException.class).hasMessage("Content-Length 10000000 exceeds the limit of 1048576 bytes")
                .satisfies(t -> assertThat(HttpFailure.kind(t)).isEqualTo(HttpFailure.Kind.TOO_LARGE));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> client.sendAsync(HttpRequest.newBuilder(uri("/endless")).build(), LimitedBody.handler(1 << 20)).get());
        assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.TOO_LARGE);
        assertThat(HttpFailure.describe(e, uri("/endless?token=secret"), null))
                .isEqualTo("body exceeds the limit of 1048576 bytes (" + uri("/endless") + ")");
    }

    @Test
    void refusedUnknownHostAndSilentServerAreNamedAndClassified() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        URI refused = URI.create("http://127.0.0.1:" + closed + "/");
        Throwable t = failure(refused, null);
        assertThat(HttpFailure.kind(t)).isEqualTo(HttpFailure.Kind.REFUSED);
        assertThat(HttpFailure.describe(t, refused, null)).isEqualTo("connection refused by 127.0.0.1:" + closed);

        URI unknown = URI.create("http://no-such-host.invalid/");
        t = failure(unknown, null);
        assertThat(HttpFailure.kind(t)).isEqualTo(HttpFailure.Kind.DNS);
        assertThat(HttpFailure.describe(t, unknown, null)).isEqualTo("cannot resolve host no-such-host.invalid");

        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            URI u = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
            t = failure(u, Duration.ofMillis(300));
            assertThat(HttpFailure.kind(t)).isEqualTo(HttpFailure.Kind.TIMEOUT);
            assertThat(HttpFailure.describe(t, u, Duration.ofMillis(300)))
                    .isEqualTo("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 300 ms");
        }
    }

    @Test
    void statusWordsAndHostPort() {
        assertThat(HttpFailure.status(503)).isEqualTo("HTTP 503 Service Unavailable");
        assertThat(HttpFailure.status(599)).isEqualTo("HTTP 599");
        assertThat(HttpFailure.isTransientStatus(429)).isTrue();
        assertThat(HttpFailure.isTransientStatus(404)).isFalse();
        assertThat(HostPort.of(URI.create("https://example.com/x"))).isEqualTo("example.com:443");
        assertThat(HostPort.shortUrl(URI.create("https://u:p@example.com:8443/a/b?key=secret#f")))
                .isEqualTo("https://example.com:8443/a/b");
    }

    private Throwable failure(URI uri, Duration timeout) {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri);
        if (timeout != null) r.timeout(timeout);
        try {
            client.send(r.build(), LimitedBody.handler(1000));
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("no failure from " + uri);
    }

    @Test
    void throughAProxyAConnectionThatNeverCameIsTheProxysAndEverythingElseTheSites() {
        var proxy = java.net.InetSocketAddress.createUnresolved("proxy.corp", 3128);
        java.net.URI site = java.net.URI.create("https://shop.example.com/");
        assertThat(HttpFailure.describe(new java.net.ConnectException("Connection refused"), site, null, proxy))
                .isEqualTo("through the proxy proxy.corp:3128: connection refused by proxy.corp:3128");
        assertThat(HttpFailure.describe(new java.io.IOException("x", new java.net.UnknownHostException("proxy.corp")), site, null, proxy))
                .isEqualTo("through the proxy proxy.corp:3128: cannot resolve host proxy.corp");
        assertThat(HttpFailure.describe(new java.net.http.HttpConnectTimeoutException("HTTP connect timed out"), site,
                java.time.Duration.ofSeconds(10), proxy)).isEqualTo("through the proxy proxy.corp:3128: no connection to proxy.corp:3128 within 10.0 s");
        // inside the tunnel: the site's (a TLS failure, a late answer), and directly: the site's as before
        assertThat(HttpFailure.describe(new javax.net.ssl.SSLHandshakeException("PKIX path building failed"), site, null, proxy))
                .doesNotContain("proxy");
        assertThat(HttpFailure.describe(new java.net.http.HttpTimeoutException("request timed out"), site,
                java.time.Duration.ofSeconds(5), proxy)).isEqualTo("no answer from shop.example.com:443 within 5.0 s");
        assertThat(HttpFailure.describe(new java.net.ConnectException("Connection refused"), site, null, null))
                .isEqualTo("connection refused by shop.example.com:443");
    }
}
