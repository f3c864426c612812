package braid.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import braid.testkit.TestCertificates;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 server (Jetty, h2 by ALPN) that ends every connection with a GOAWAY after 8 requests, while the fetcher
 * has 16 requests in flight on it: the requests the server did not take must be sent again on a new connection, and
 * every page must arrive exactly as asked — none lost, none failed, no answer given to the wrong request. (JDK 25's
 * HttpClient re-sends them itself: the test passes with {@code retries(0)} too; braid's retries are the fallback.)
 */
class Http2GoAwayTest {

    @Test
    void aGoAwayInTheMiddleOfManyStreamsLosesNoRequest(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "h2");
        Map<Object, AtomicInteger> perConnection = new ConcurrentHashMap<>();
        Set<String> served = ConcurrentHashMap.newKeySet();
        AtomicInteger goAways = new AtomicInteger();
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
        HttpConnectionFactory http11 = new HttpConnectionFactory(config);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
        alpn.setDefaultProtocol(http11.getProtocol());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(certs.server);
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        ServerConnector connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http11);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Object connection = request.getConnectionMetaData().getConnection();
                int n = perConnection.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(20);
                String path = request.getHttpURI().getPath();
                served.add(path);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.write(true, ByteBuffer.wrap(path.getBytes(StandardCharsets.US_ASCII)), callback);
                if (n == 8 && connection instanceof HTTP2Connection h2c) {
                    // the 8th answer on this connection ends it: GOAWAY, then the connection closes
                    goAways.incrementAndGet();
                    h2c.getSession().close(ErrorCode.NO_ERROR.code, "enough for this connection", Callback.NOOP);
                }
                return true;
            }
        });
        server.start();
        try {
            int port = connector.getLocalPort();
            List<FetchRequest> reqs = IntStream.range(0, 60)
                    .mapToObj(i -> FetchRequest.get(URI.create("https://127.0.0.1:" + port + "/p" + i))).toList();
            Fetcher f = Fetcher.builder().concurrency(16).perHost(16).retries(3).sslContext(certs.clientTrustingServer).build();
            List<FetchResult> out = new ArrayList<>();
            f.run(reqs.iterator(), out::add);
            assertThat(goAways.get()).as("the server sent GOAWAYs").isGreaterThanOrEqualTo(2);
            assertThat(perConnection).as("new connections after each GOAWAY").hasSizeGreaterThan(2);
            assertThat(out).hasSize(60).allSatisfy(r -> {
                assertThat(r.status()).as(r.request().url() + ": " + r.error()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(r.request().url().getPath());
            });
            assertThat(served).hasSize(60);
        } finally {
            server.stop();
        }
    }
}
