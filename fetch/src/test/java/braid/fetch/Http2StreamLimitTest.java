package braid.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import braid.testkit.TestCertificates;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.HTTP2Cipher;
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
 * An HTTP/2 server (Jetty, h2 by ALPN) that allows 4 concurrent streams per connection, asked for 40 pages at once
 * by one fetcher allowed 20 per host: every page must arrive, none may fail with "too many concurrent streams".
 */
class Http2StreamLimitTest {

    @Test
    void requestsBeyondTheServersStreamLimitWaitInsteadOfFailing(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "h2");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        List<String> versions = Collections.synchronizedList(new ArrayList<>());
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
        h2.setMaxConcurrentStreams(4);
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
                versions.add(request.getConnectionMetaData().getHttpVersion().asString());
                max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                Thread.sleep(100);
                inFlight.decrementAndGet();
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
                return true;
            }
        });
        server.start();
        try {
            int port = connector.getLocalPort();
            List<FetchRequest> reqs = IntStream.range(0, 40)
                    .mapToObj(i -> FetchRequest.get(URI.create("https://127.0.0.1:" + port + "/p" + i))).toList();
            Fetcher f = Fetcher.builder().concurrency(20).perHost(20).retries(0).sslContext(certs.clientTrustingServer).build();
            List<FetchResult> out = new ArrayList<>();
            f.run(reqs.iterator(), out::add);
            assertThat(out).hasSize(40).allSatisfy(r -> assertThat(r.status()).as(r.error()).isEqualTo(200));
            assertThat(versions).contains("HTTP/2.0");
            System.out.println("h2 stream limit 4: " + versions.stream().distinct().toList() + ", at most " + max.get() + " at once");
        } finally {
            server.stop();
        }
    }
}
