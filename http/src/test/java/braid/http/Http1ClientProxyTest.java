package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import braid.testkit.TestCertificates;
import braid.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Http1Client} through an HTTP proxy ({@link TestProxy}, a forward proxy on loopback): https in a CONNECT tunnel
 * with TLS to the target, plain http in absolute form, the proxy's credentials to the proxy only, and each way a proxy
 * fails in words.
 */
class Http1ClientProxyTest {
    private static final String USER = "braid";
    private static final String SECRET = "pr0xy-S3cret";
    private static final Duration T = Duration.ofSeconds(5);

    @TempDir Path dir;
    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> heads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (server != null) server.close();
    }

    /** A server answering every request with 200 and its path; {@code tls} null for plain http. */
    private URI site(SSLContext tls) throws IOException {
        server = tls == null ? new ServerSocket(0, 50, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AcceptLoop.start(server, connections, (s, n) -> {
            InputStream in = s.getInputStream();
            for (String head; (head = head(in)) != null; ) {
                heads.add(head);
                String path = head.split(" ")[1];
                s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + path.length() + "\r\n\r\n" + path)
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        });
        return URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + server.getLocalPort());
    }

    private static String head(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) return b.toString();
        }
        return null;
    }

    private static Http1Client.Response get(Http1Client client, URI url) throws Exception {
        return client.send("GET", url, Map.of(), null, 1 << 20, System.nanoTime() + T.toNanos(), T);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void httpsGoesThroughOneTunnelWithTheCredentialsOnTheConnectAndTheCertificateStillChecked() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "site");
        URI root = site(certs.server);
        try (TestProxy proxy = TestProxy.requiringBasic(USER, SECRET);
             Http1Client client = new Http1Client(T, certs.clientTrustingServer, proxy.selector(), ProxyAuthorization.of(USER, SECRET))) {
            Http1Client.Response a = get(client, root.resolve("/a"));
            Http1Client.Response b = get(client, root.resolve("/b"));
            assertThat(new String(a.body(), StandardCharsets.UTF_8)).isEqualTo("/a");
            assertThat(new String(b.body(), StandardCharsets.UTF_8)).isEqualTo("/b");
            // TLS end to end: the site's own certificate, through one tunnel kept alive
            assertThat(a.session()).isNotNull();
            assertThat(((X509Certificate) a.session().getPeerCertificates()[0]).getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(proxy.connectTargets()).containsExactly("127.0.0.1:" + server.getLocalPort());
            assertThat(proxy.received()).singleElement().satisfies(r -> {
                assertThat(r.proxyAuthorization()).isEqualTo(TestProxy.basic(USER, SECRET));
                assertThat(r.admitted()).isTrue();
            });
            assertThat(heads).hasSize(2).allSatisfy(h -> assertThat(h).doesNotContainIgnoringCase("Proxy-Authorization")
                    .startsWith("GET /").contains("Host: 127.0.0.1:" + server.getLocalPort()));
        }
        // the certificate is checked inside the tunnel as without a proxy: another site's trust refuses it
        TestCertificates other = TestCertificates.generate(dir, "other");
        try (TestProxy proxy = TestProxy.open();
             Http1Client client = new Http1Client(T, other.clientTrustingServer, proxy.selector(), null)) {
            IOException e = catchThrowableOfType(IOException.class, () -> get(client, root.resolve("/c")));
            assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.TLS);
            assertThat(proxy.connects()).isEqualTo(1);
        }
    }

    @Test
    void plainHttpGoesToTheProxyInAbsoluteFormWithTheCredentialsThatTheSiteNeverSees() throws Exception {
        URI root = site(null);
        try (TestProxy proxy = TestProxy.requiringBasic(USER, SECRET);
             Http1Client client = new Http1Client(T, null, proxy.selector(), ProxyAuthorization.of(USER, SECRET))) {
            Http1Client.Response r = get(client, root.resolve("/page?x=1"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("/page?x=1");
            assertThat(proxy.requestLines()).containsExactly("GET " + root + "/page?x=1 HTTP/1.1");
            assertThat(proxy.received().getFirst().proxyAuthorization()).isEqualTo(TestProxy.basic(USER, SECRET));
            assertThat(heads).singleElement().satisfies(h -> assertThat(h).doesNotContainIgnoringCase("Proxy-Authorization"));
        }
    }

    @Test
    void aWrongPasswordIsOneCONNECTAndAnAuthenticationFailureNamingTheProxyButNotThePassword() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "site");
        URI root = site(certs.server);
        try (TestProxy proxy = TestProxy.requiringBasic(USER, SECRET);
             Http1Client client = new Http1Client(T, certs.clientTrustingServer, proxy.selector(), ProxyAuthorization.of(USER, "wrong-one"))) {
            ProxyFailureException e = catchThrowableOfType(ProxyFailureException.class, () -> get(client, root.resolve("/")));
            assertThat(e.kind()).isEqualTo(ProxyFailureException.Kind.AUTHENTICATION);
            assertThat(e.onThisSide()).isTrue();
            assertThat(e.getMessage()).isEqualTo("proxy authentication failed at proxy " + proxy.hostPort()
                    + " (407 Proxy Authentication Required): the proxy rejected the credentials of user braid")
                    .doesNotContain("wrong-one");
            assertThat(HttpFailure.describe(e, root, T)).isEqualTo(e.getMessage());
            assertThat(proxy.connects()).isEqualTo(1);
            assertThat(connections).hasValue(0);
        }
        // no credentials at all: said so; plain http's 407 too
        URI plain = URI.create("http://127.0.0.1:" + closedPort() + "/");
        try (TestProxy proxy = TestProxy.requiringBasic(USER, SECRET);
             Http1Client client = new Http1Client(T, null, proxy.selector(), null)) {
            ProxyFailureException e = catchThrowableOfType(ProxyFailureException.class, () -> get(client, plain));
            assertThat(e.getMessage()).contains(proxy.hostPort(), "no proxy credentials were given");
        }
    }

    @Test
    void aProxyThatCannotReachTheTargetIsNotThisSidesFailureAndOneThatRefusesOrIsDownIs() throws Exception {
        int nobody = closedPort();
        URI gone = URI.create("https://127.0.0.1:" + nobody + "/");
        try (TestProxy proxy = TestProxy.open(); Http1Client client = new Http1Client(T, null, proxy.selector(), null)) {
            ProxyFailureException e = catchThrowableOfType(ProxyFailureException.class, () -> get(client, gone));
            assertThat(e.kind()).isEqualTo(ProxyFailureException.Kind.TARGET_UNREACHABLE);
            assertThat(e.onThisSide()).isFalse();
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.getMessage()).isEqualTo("the proxy " + proxy.hostPort() + " could not reach 127.0.0.1:" + nobody
                    + " (it answered CONNECT with HTTP 502 Bad Gateway)");
            assertThat(HttpFailure.kind(e)).isEqualTo(HttpFailure.Kind.REFUSED);

            proxy.deny("127.0.0.1:" + nobody);
            ProxyFailureException denied = catchThrowableOfType(ProxyFailureException.class, () -> get(client, gone));
            assertThat(denied.kind()).isEqualTo(ProxyFailureException.Kind.REFUSED);
            assertThat(denied.onThisSide()).isTrue();
            assertThat(denied.getMessage()).isEqualTo("the proxy " + proxy.hostPort() + " refused a tunnel to 127.0.0.1:" + nobody
                    + " (it answered CONNECT with HTTP 403 Forbidden)");
        }
        int noProxy = closedPort();
        try (Http1Client client = new Http1Client(T, null, java.net.ProxySelector.of(
                new java.net.InetSocketAddress("127.0.0.1", noProxy)), null)) {
            ProxyFailureException e = catchThrowableOfType(ProxyFailureException.class, () -> get(client, gone));
            assertThat(e.kind()).isEqualTo(ProxyFailureException.Kind.UNREACHABLE);
            assertThat(e.getMessage()).startsWith("cannot reach the proxy 127.0.0.1:" + noProxy + ": ").contains("refused");
        }
        try (Http1Client client = new Http1Client(T, null, ProxySettings.of("health.proxy", "http://proxy.invalid:3128", null), null)) {
            // (a loopback target would go direct: this one is a name)
            ProxyFailureException e = catchThrowableOfType(ProxyFailureException.class,
                    () -> get(client, URI.create("https://gone.test:" + nobody + "/")));
            assertThat(e.getMessage()).isEqualTo("cannot reach the proxy proxy.invalid:3128: its host name proxy.invalid does not resolve");
        }
    }

    /** A proxy that answers every request with {@code answer} (a whole head), as Squid answers its own errors. */
    private URI proxyAnswering(String answer) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AcceptLoop.start(server, connections, (s, n) -> {
            heads.add(head(s.getInputStream()));
            s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Test
    void squidsOwnErrorsAreTheProxysAndAGatewayErrorWithoutItsMarkIsTheSitesAnswer() throws Exception {
        URI squid = proxyAnswering("HTTP/1.1 500 Internal Server Error\r\nServer: squid/5.7\r\nX-Squid-Error: ERR_CANNOT_FORWARD 0\r\n"
                + "Content-Length: 4\r\n\r\nfail");
        String at = squid.getHost() + ":" + squid.getPort();
        try (Http1Client client = new Http1Client(T, null, ProxySettings.of("health.proxy", squid.toString(), null), null)) {
            ProxyFailureException e = catchThrowableOfType(ProxyFailureException.class, () -> get(client, URI.create("https://nosuch.example/")));
            assertThat(e.kind()).isEqualTo(ProxyFailureException.Kind.TARGET_UNREACHABLE);
            assertThat(e.getMessage()).isEqualTo("the proxy " + at + " could not reach nosuch.example:443 (it answered CONNECT with"
                    + " HTTP 500 Internal Server Error; Squid: ERR_CANNOT_FORWARD 0)");
            // plain http: the same answer is the proxy's too, marked by Squid
            e = catchThrowableOfType(ProxyFailureException.class, () -> get(client, URI.create("http://nosuch.example/")));
            assertThat(e.getMessage()).isEqualTo("the proxy " + at + " could not reach nosuch.example:80 (it answered GET with"
                    + " HTTP 500 Internal Server Error; Squid: ERR_CANNOT_FORWARD 0)");
            assertThat(heads).containsExactly("CONNECT nosuch.example:443 HTTP/1.1\r\nHost: nosuch.example:443\r\n\r\n",
                    "GET http://nosuch.example/ HTTP/1.1\r\nHost: nosuch.example\r\n\r\n");
        }
        server.close();
        heads.clear();
        squid = proxyAnswering("HTTP/1.1 403 Forbidden\r\nX-Squid-Error: ERR_ACCESS_DENIED 0\r\nContent-Length: 0\r\n\r\n");
        try (Http1Client client = new Http1Client(T, null, ProxySettings.of("health.proxy", squid.toString(), null), null)) {
            ProxyFailureException e = catchThrowableOfType(ProxyFailureException.class, () -> get(client, URI.create("http://blocked.example:8080/x")));
            assertThat(e.kind()).isEqualTo(ProxyFailureException.Kind.REFUSED);
            assertThat(e.getMessage()).endsWith(" refused a request to blocked.example:8080 (it answered GET with HTTP 403 Forbidden;"
                    + " Squid: ERR_ACCESS_DENIED 0)");
        }
        server.close();
        // a 502 without Squid's mark: the site's own gateway, relayed — the site's answer
        squid = proxyAnswering("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
        try (Http1Client client = new Http1Client(T, null, ProxySettings.of("health.proxy", squid.toString(), null), null)) {
            assertThat(get(client, URI.create("http://shop.example/")).status()).isEqualTo(502);
        }
    }

    @Test
    void hostsThatNoProxyNamesGoDirect() throws Exception {
        URI root = site(null);
        try (TestProxy proxy = TestProxy.open();
             Http1Client client = new Http1Client(T, null, ProxySettings.of("health.proxy", proxy.uri().toString(), "localhost, 127.0.0.1"), null)) {
            assertThat(get(client, root.resolve("/direct")).status()).isEqualTo(200);
            assertThat(proxy.received()).isEmpty();
            assertThat(heads).singleElement().satisfies(h -> assertThat(h).startsWith("GET /direct HTTP/1.1"));
        }
    }
}
