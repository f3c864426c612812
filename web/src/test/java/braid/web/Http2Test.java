package braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import braid.testkit.TestCertificates;
import braid.web.NewsResult.Source;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The protocol NewsReader ends up speaking, as recorded by a real Jetty 12 server on loopback:
 * HTTP/2 where the server offers it (ALPN over TLS, or an accepted h2c upgrade in cleartext),
 * HTTP/1.1 otherwise. The JDK's {@code com.sun.net.httpserver} behind {@link LoopbackSite} speaks
 * only HTTP/1.1, so the cleartext case "server ignores the client's h2c upgrade" is already
 * exercised by every test that uses it; this class covers what that server cannot offer.
 */
class Http2Test {
    private static final byte[] FEED = LoopbackSite.resource("web-corpus/feeds/heise-developer.xml");
    private static final String FIRST_FEED_TITLE = "Java-Anwendungsserver: Red Hat gibt WildFly 10 frei";
    private static final String PAGE = """
            <!doctype html><html><head><title>News</title>
            <link rel="alternate" type="application/rss+xml" title="News feed" href="/news/feed.xml">
            </head><body><article><h2><a href="/news/1">From the page</a></h2></article></body></html>""";

    @TempDir static Path certDir;
    @TempDir Path state;
    private static TestCertificates certificates;
    private JettySite site;

    /** What the server can speak on its one connector. */
    enum Offer {
        /** TLS with ALPN offering h2 and http/1.1, as most sites do. */
        H2_AND_HTTP11_BY_ALPN,
        /** TLS with ALPN offering http/1.1 only. */
        HTTP11_BY_ALPN,
        /** TLS without ALPN at all (older servers and TLS-terminating proxies). */
        HTTP11_WITHOUT_ALPN,
        /** Cleartext HTTP/1.1 that accepts an {@code Upgrade: h2c}. */
        H2C_UPGRADE
    }

    // keytool is a separate JVM: run it once per class, not per test (as HttpsTest does).
    @BeforeAll
    static void makeCertificate() throws Exception {
        certificates = TestCertificates.generate(certDir, "site");
    }

    @AfterEach
    void stop() throws Exception {
        if (site != null) site.close();
    }

    private static NewsReader.Builder reader() throws Exception {
        return NewsReader.builder().noWindow().sslContext(certificates.clientTrustingServer);
    }

    @Test
    void pageAndTheFeedItLinksAreReadOverHttp2WhenAlpnOffersIt() throws Exception {
        site = new JettySite(Offer.H2_AND_HTTP11_BY_ALPN)
                .route("/news", (req, resp, cb) -> JettySite.send(resp, cb, 200, "text/html; charset=utf-8", PAGE.getBytes(StandardCharsets.UTF_8)))
                .file("/news/feed.xml", FEED, "application/rss+xml");

        NewsResult r;
        try (NewsReader reader = reader().build()) {
            r = reader.read(site.uri("/news"));
        }

        assertThat(r.source()).isEqualTo(Source.FEED);
        assertThat(r.fetchedFrom()).isEqualTo(site.uri("/news/feed.xml"));
        assertThat(r.items()).hasSize(15);
        assertThat(r.items().getFirst().title()).isEqualTo(FIRST_FEED_TITLE);
        assertThat(r.items().getFirst().date()).isEqualTo(Instant.parse("2016-02-01T16:22:00Z"));
        assertThat(site.requests).extracting(Seen::path).containsExactly("/news", "/news/feed.xml");
        assertThat(site.requests).extracting(Seen::version).containsOnly(HttpVersion.HTTP_2);
    }

    @Test
    void scrapedPageIsReadOverHttp2WhenAlpnOffersIt() throws Exception {
        // Apple's security-releases page (see web-corpus/SOURCES.md), as PageScrapingTest reads it over HTTP/1.1.
        site = new JettySite(Offer.H2_AND_HTTP11_BY_ALPN)
                .file("/en-gb/100100", LoopbackSite.resource("web-corpus/pages/apple-security-releases.html"), "text/html;charset=utf-8");
        PageSelectors table = new PageSelectors("tr:has(td a)", "td:eq(0) a", "td:eq(2)", "td:eq(1)");

        NewsResult r;
        try (NewsReader reader = reader().selectors(table).build()) {
            r = reader.read(site.uri("/en-gb/100100"));
        }

        assertThat(r.source()).isEqualTo(Source.PAGE);
        assertThat(r.items()).hasSizeGreaterThan(20);
        assertThat(r.items().getFirst().title()).isEqualTo("iOS 26.4 and iPadOS 26.4");
        assertThat(r.items().getFirst().link()).isEqualTo(site.uri("/en-gb/126792"));
        assertThat(site.requests).extracting(Seen::version).containsExactly(HttpVersion.HTTP_2);
    }

    @ParameterizedTest
    @EnumSource(names = {"HTTP11_BY_ALPN", "HTTP11_WITHOUT_ALPN"})
    void tlsServerWithoutH2IsReadOverHttp11(Offer offer) throws Exception {
        site = new JettySite(offer).file("/feed", FEED, "application/rss+xml");

        NewsResult r;
        try (NewsReader reader = reader().build()) {
            r = reader.read(site.uri("/feed"));
        }

        assertThat(r.items()).hasSize(15);
        assertThat(r.items().getFirst().title()).isEqualTo(FIRST_FEED_TITLE);
        assertThat(site.requests).extracting(Seen::version).containsExactly(HttpVersion.HTTP_1_1);
    }

    @Test
    void cleartextServerThatAcceptsTheH2cUpgradeIsReadOverHttp2() throws Exception {
        site = new JettySite(Offer.H2C_UPGRADE).file("/feed", FEED, "application/rss+xml");

        NewsResult r;
        try (NewsReader reader = NewsReader.builder().noWindow().build()) {
            r = reader.read(site.uri("/feed"));
            r = reader.read(site.uri("/feed")); // and the next request reuses the upgraded connection
        }

        assertThat(r.items()).hasSize(15);
        assertThat(site.requests.getFirst().headers().get(HttpHeader.UPGRADE)).isEqualTo("h2c");
        // Jetty answers the upgrading request itself as stream 1 of the new HTTP/2 connection.
        assertThat(site.requests).extracting(Seen::version).containsExactly(HttpVersion.HTTP_2, HttpVersion.HTTP_2);
    }

    @Test
    void unchangedFeedIsServedFromTheCacheAfterA304OverHttp2() throws Exception {
        AtomicInteger fullBodies = new AtomicInteger();
        String etag = "\"heise-v1\"";
        site = new JettySite(Offer.H2_AND_HTTP11_BY_ALPN).route("/feed", (req, resp, cb) -> {
            resp.getHeaders().put(HttpHeader.ETAG, etag);
            if (etag.equals(req.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
                JettySite.send(resp, cb, 304, null, null);
            } else {
                fullBodies.incrementAndGet();
                JettySite.send(resp, cb, 200, "application/rss+xml", FEED);
            }
        });

        NewsResult first;
        try (NewsReader reader = reader().cacheDir(state).build()) {
            first = reader.read(site.uri("/feed"));
        }
        NewsResult second;
        try (NewsReader reader = reader().cacheDir(state).build()) { // a new reader: the next day's run
            second = reader.read(site.uri("/feed"));
        }

        assertThat(first.source()).isEqualTo(Source.FEED);
        assertThat(second.source()).isEqualTo(Source.CACHE);
        assertThat(second.items()).hasSize(15).isEqualTo(first.items());
        assertThat(second.fetchedFrom()).isEqualTo(site.uri("/feed"));
        assertThat(fullBodies).hasValue(1);
        assertThat(site.requests.getLast().headers().get(HttpHeader.IF_NONE_MATCH)).isEqualTo(etag);
        assertThat(site.requests).extracting(Seen::version).containsExactly(HttpVersion.HTTP_2, HttpVersion.HTTP_2);
    }

    @Test
    void gzipBodyIsDecompressedOverHttp2() throws Exception {
        byte[] gz = LoopbackSite.gzip(FEED);
        site = new JettySite(Offer.H2_AND_HTTP11_BY_ALPN).route("/feed", (req, resp, cb) -> {
            String accept = req.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
            if (accept != null && accept.contains("gzip")) {
                resp.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
                JettySite.send(resp, cb, 200, "application/rss+xml", gz);
            } else {
                JettySite.send(resp, cb, 200, "application/rss+xml", FEED);
            }
        });

        NewsResult r;
        try (NewsReader reader = reader().build()) {
            r = reader.read(site.uri("/feed"));
        }

        assertThat(r.items()).hasSize(15);
        assertThat(r.items().getFirst().title()).isEqualTo(FIRST_FEED_TITLE);
        Seen seen = site.requests.getFirst();
        assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(seen.headers().get(HttpHeader.ACCEPT_ENCODING)).isEqualTo("gzip");
    }

    /** One request as the server saw it: path, protocol version and headers. */
    record Seen(String path, HttpVersion version, HttpFields headers) {}

    /** A real Jetty server on 127.0.0.1 speaking what {@link Offer} says, recording every request. */
    static final class JettySite implements AutoCloseable {
        interface Route {
            void handle(Request request, Response response, Callback callback) throws Exception;
        }

        final List<Seen> requests = new CopyOnWriteArrayList<>();
        private final Map<String, Route> routes = new ConcurrentHashMap<>();
        private final Server server = new Server();
        private final ServerConnector connector;
        private final boolean tls;

        JettySite(Offer offer) throws Exception {
            HttpConfiguration config = new HttpConfiguration();
            HttpConnectionFactory http11 = new HttpConnectionFactory(config);
            tls = offer != Offer.H2C_UPGRADE;
            ConnectionFactory[] factories = switch (offer) {
                case H2_AND_HTTP11_BY_ALPN -> {
                    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
                    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
                    alpn.setDefaultProtocol(http11.getProtocol());
                    yield new ConnectionFactory[] {new SslConnectionFactory(sslFactory(), alpn.getProtocol()), alpn, h2, http11};
                }
                case HTTP11_BY_ALPN -> {
                    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(http11.getProtocol());
                    alpn.setDefaultProtocol(http11.getProtocol());
                    yield new ConnectionFactory[] {new SslConnectionFactory(sslFactory(), alpn.getProtocol()), alpn, http11};
                }
                case HTTP11_WITHOUT_ALPN -> new ConnectionFactory[] {new SslConnectionFactory(sslFactory(), http11.getProtocol()), http11};
                case H2C_UPGRADE -> new ConnectionFactory[] {http11, new HTTP2CServerConnectionFactory(config)};
            };
            connector = new ServerConnector(server, 1, 1, factories);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    String path = Request.getPathInContext(request);
                    requests.add(new Seen(path, request.getConnectionMetaData().getHttpVersion(), request.getHeaders().asImmutable()));
                    Route r = routes.get(path);
                    if (r == null) send(response, callback, 404, "text/plain", "not found".getBytes(StandardCharsets.US_ASCII));
                    else r.handle(request, response, callback);
                    return true;
                }
            });
            server.start();
        }

        private static SslContextFactory.Server sslFactory() {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(certificates.server);
            // HTTP/2 (RFC 9113, 9.2.2) forbids a list of TLS 1.2 ciphers: prefer the allowed ones.
            ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
            return ssl;
        }

        JettySite route(String path, Route r) {
            routes.put(path, r);
            return this;
        }

        JettySite file(String path, byte[] body, String contentType) {
            return route(path, (req, resp, cb) -> send(resp, cb, 200, contentType, body));
        }

        URI uri(String path) {
            return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort() + path);
        }

        static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
            response.setStatus(status);
            if (contentType != null) response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            if (body == null) {
                response.write(true, null, callback);
                return;
            }
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
