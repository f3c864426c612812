package braid.web;

import braid.http.ProxySettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import braid.testkit.TestCertificates;
import braid.testkit.TestProxy;
import braid.web.NewsFetchException.Kind;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy credentials reach the proxy, and only the proxy: on the CONNECT of an https URL (HTTP/2 or
 * HTTP/1.1 inside the tunnel, as a real Jetty site negotiates) and with the request of an http URL.
 * A 407 is a typed failure naming the proxy. This JVM runs with
 * {@code -Djdk.http.auth.tunneling.disabledSchemes=} (see the module's pom), as the braid command
 * line sets it; a JVM that keeps the JDK's default is covered by ProxyAuthorizationTest and, end to
 * end, by the report module's ProxyTest.
 */
class ProxyAuthenticationTest {
    private static final byte[] FEED = LoopbackSite.resource("web-corpus/feeds/heise-developer.xml");
    private static final String USER = "braid";
    private static final String SECRET = "pr0xy-s3cret";

    @TempDir static Path certDir;
    private static TestCertificates tls;
    private TlsSite site;
    private TestProxy proxy;

    @BeforeAll
    static void makeCertificate() throws Exception {
        tls = TestCertificates.generate(certDir, "site");
    }

    @BeforeEach
    void start() throws Exception {
        site = new TlsSite();
        proxy = TestProxy.requiringBasic(USER, SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        site.close();
    }

    private static NewsReader.Builder reader() {
        return NewsReader.builder().noWindow().sslContext(tls.clientTrustingServer);
    }

    private static PasswordAuthentication credentials(String password) {
        return new PasswordAuthentication(USER, password.toCharArray());
    }

    private static String basic(String user, String password) {
        return TestProxy.basic(user, password);
    }

    @Test
    void httpsThroughAnAuthenticatingProxySendsTheCredentialsOnTheConnectOnly() throws Exception {
        NewsResult r;
        try (NewsReader reader = reader().proxy(proxy.selector(), credentials(SECRET)).build()) {
            r = reader.read(site.uri("/feed"));
        }

        assertThat(r.items()).hasSize(15);
        assertThat(proxy.received()).singleElement().satisfies(c -> {
            assertThat(c.requestLine()).isEqualTo("CONNECT 127.0.0.1:" + site.port() + " HTTP/1.1");
            assertThat(c.proxyAuthorization()).isEqualTo(basic(USER, SECRET));
        });
        // HTTP/2 inside the tunnel, as ALPN offered it: the JDK's HTTP/2 path keeps Proxy-* headers out too.
        assertThat(site.requests).singleElement().satisfies(seen -> {
            assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(seen.headers().getFieldNamesCollection()).noneMatch(n -> n.toLowerCase().startsWith("proxy-"));
        });
    }

    @Test
    void httpsOverHttp11InsideTheTunnelNeverShowsTheOriginTheCredentials() throws Exception {
        site.close();
        site = new TlsSite(false);
        try (NewsReader reader = reader().proxy(proxy.selector(), credentials(SECRET)).build()) {
            assertThat(reader.read(site.uri("/feed")).items()).hasSize(15);
        }

        assertThat(proxy.received()).singleElement().extracting(TestProxy.Received::admitted).isEqualTo(true);
        assertThat(site.requests).singleElement().satisfies(seen -> {
            assertThat(seen.version()).isEqualTo(HttpVersion.HTTP_1_1);
            assertThat(seen.headers().getFieldNamesCollection()).noneMatch(n -> n.toLowerCase().startsWith("proxy-"));
        });
    }

    @Test
    void httpUrlCarriesTheCredentialsToTheProxyWithTheRequest() throws Exception {
        try (LoopbackSite plain = new LoopbackSite().route("/feed", ex -> LoopbackSite.send(ex, 200, "application/rss+xml", FEED));
             NewsReader reader = reader().proxy(proxy.selector(), credentials(SECRET)).build()) {
            assertThat(reader.read(plain.uri("/feed")).items()).hasSize(15);

            assertThat(proxy.received()).singleElement().satisfies(c -> {
                assertThat(c.requestLine()).startsWith("GET " + plain.uri("/feed"));
                assertThat(c.proxyAuthorization()).isEqualTo(basic(USER, SECRET));
            });
        }
    }

    @Test
    void wrongPasswordIsAPermanentProxyAuthFailureNamingTheProxyAndTriedOnce() throws Exception {
        String wrong = "not-the-pr0xy-password";
        NewsFetchException e;
        try (NewsReader reader = reader().proxy(proxy.selector(), credentials(wrong)).build()) {
            e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/feed")));
        }

        assertThat(e.kind()).isEqualTo(Kind.PROXY_AUTH);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("proxy authentication failed", "proxy " + proxy.hostPort(),
                "rejected the credentials of user " + USER);
        assertThat(e.getMessage()).doesNotContain(wrong, basic(USER, wrong).substring(6));
        // One CONNECT, no retries with the same wrong password: a directory account may lock after a few.
        assertThat(proxy.received()).singleElement().satisfies(c -> {
            assertThat(c.admitted()).isFalse();
            assertThat(c.proxyAuthorization()).isEqualTo(basic(USER, wrong));
        });
        assertThat(site.requests).isEmpty();
    }

    @Test
    void proxyDemandingCredentialsThatWereNotGivenIsAProxyAuthFailureSayingSo() throws Exception {
        NewsFetchException e;
        try (NewsReader reader = reader().proxy(proxy.selector()).build()) {
            e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/feed")));
        }

        assertThat(e.kind()).isEqualTo(Kind.PROXY_AUTH);
        assertThat(e.getMessage()).contains("proxy " + proxy.hostPort(), "no proxy credentials were given");
        assertThat(proxy.received()).singleElement().extracting(TestProxy.Received::proxyAuthorization).isNull();
    }

    @Test
    void hostsThatBypassTheProxyNeverReceiveItsCredentials() throws Exception {
        var selector = ProxySettings.fromEnvironment(Map.of("https_proxy", "http://127.0.0.1:" + proxy.port(),
                "no_proxy", "127.0.0.1")).orElseThrow();
        try (NewsReader reader = reader().proxy(selector, credentials(SECRET)).build()) {
            assertThat(reader.read(site.uri("/feed")).items()).hasSize(15);
        }

        assertThat(proxy.received()).isEmpty();
        assertThat(site.requests).singleElement().satisfies(seen ->
                assertThat(seen.headers().getFieldNamesCollection()).noneMatch(n -> n.toLowerCase().startsWith("proxy-")));
    }

    @Test
    void aProxyUserWithAColonIsRejectedByName() {
        assertThatThrownBy(() -> NewsReader.builder().proxy(proxy.selector(),
                new PasswordAuthentication("dom:user", SECRET.toCharArray())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dom:user'")
                .hasMessageNotContaining(SECRET);
    }

    /** One request as the site saw it. */
    record Seen(String path, HttpVersion version, HttpFields headers) {}

    /** A Jetty site over TLS offering h2 and http/1.1 by ALPN (or http/1.1 only), recording every request. */
    static final class TlsSite implements AutoCloseable {
        final List<Seen> requests = new CopyOnWriteArrayList<>();
        private final Server server = new Server();
        private final ServerConnector connector;

        TlsSite() throws Exception {
            this(true);
        }

        TlsSite(boolean offerH2) throws Exception {
            HttpConfiguration config = new HttpConfiguration();
            HttpConnectionFactory http11 = new HttpConnectionFactory(config);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls.server);
            ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
            if (offerH2) {
                HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(config);
                ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
                alpn.setDefaultProtocol(http11.getProtocol());
                connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http11);
            } else {
                connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, http11.getProtocol()), http11);
            }
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                    requests.add(new Seen(Request.getPathInContext(request), request.getConnectionMetaData().getHttpVersion(),
                            request.getHeaders().asImmutable()));
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/rss+xml");
                    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, FEED.length);
                    response.write(true, ByteBuffer.wrap(FEED), callback);
                    return true;
                }
            });
            server.start();
        }

        int port() {
            return connector.getLocalPort();
        }

        URI uri(String path) {
            return URI.create("https://127.0.0.1:" + port() + path);
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }
    }
}
