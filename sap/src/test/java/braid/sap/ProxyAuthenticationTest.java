package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sandbox.SapStandIn;
import braid.testkit.TestCertificates;
import braid.testkit.TestProxy;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxy credentials reach the proxy, and only the proxy: on the CONNECT of an https service (pages and
 * OAuth token alike) and with each request of an http one. A 407 is a typed, permanent failure naming
 * the proxy. This JVM runs with the JDK's default {@code jdk.http.auth.tunneling.disabledSchemes=Basic}, as a
 * library user's does: braid's own HTTP client sends the credentials on the CONNECT whatever it says (they go to the
 * configured proxy only, never into the tunnel), where the JDK's client dropped them.
 */
class ProxyAuthenticationTest {
    private static final String USER = "braid";
    private static final String SECRET = "pr0xy-s3cret";

    @TempDir static Path certDir;
    private static TestCertificates certificates;
    private TestProxy proxy;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificates = TestCertificates.generate(certDir, "sap");
    }

    @BeforeEach
    void startProxy() throws Exception {
        proxy = TestProxy.requiringBasic(USER, SECRET);
    }

    @AfterEach
    void stopProxy() throws Exception {
        proxy.close();
    }

    private SapStandIn.Builder httpsSap() {
        return SapStandIn.builder().tls(certificates.server);
    }

    private SapSettings.Builder settings(SapStandIn sap, String proxyPassword) {
        return Fetch.settings(sap).trustStore(certificates.trustStore, TestCertificates.STORE_PASSWORD)
                .proxy(new InetSocketAddress("127.0.0.1", proxy.port()),
                        new PasswordAuthentication(USER, proxyPassword.toCharArray()));
    }

    private static String basic(String user, String password) {
        return TestProxy.basic(user, password);
    }

    @Test
    void httpsServiceThroughAnAuthenticatingProxyReadsEveryPageWithTheCredentialsOnTheConnectOnly() throws Exception {
        try (SapStandIn sap = httpsSap().generate(250, 7).pageSize(50).start()) {
            ClientList list = Fetch.run(settings(sap, SECRET).pageSize(50).build());

            assertThat(list.fetched()).isEqualTo(250);
            assertThat(proxy.received()).isNotEmpty().allSatisfy(c -> {
                assertThat(c.requestLine()).startsWith("CONNECT 127.0.0.1:" + sap.baseUri().getPort() + " ");
                assertThat(c.proxyAuthorization()).isEqualTo(basic(USER, SECRET));
                assertThat(c.admitted()).isTrue();
            });
            assertThat(sap.requests()).hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(r -> assertThat(r.header("Proxy-Authorization")).isNull());
        }
    }

    @Test
    void oauthTokenRequestGoesThroughTheAuthenticatingProxyToo() throws Exception {
        try (SapStandIn sap = httpsSap().generate(5, 1).oauth("braid-client", "oauth-secret", Duration.ofHours(1)).start()) {
            SapSettings s = settings(sap, SECRET)
                    .auth(new SapAuth.OAuthClientCredentials(sap.tokenUri(), "braid-client", "oauth-secret")).build();

            assertThat(Fetch.run(s).fetched()).isEqualTo(5);
            assertThat(sap.tokenRequests()).isEqualTo(1);
            assertThat(proxy.received()).isNotEmpty().allSatisfy(c -> assertThat(c.admitted()).isTrue());
            assertThat(sap.requests()).allSatisfy(r -> assertThat(r.header("Proxy-Authorization")).isNull());
        }
    }

    @Test
    void plainHttpServiceSendsTheCredentialsToTheProxyWithEachRequest() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(5, 1).start()) {
            SapSettings s = Fetch.settings(sap).proxy(new InetSocketAddress("127.0.0.1", proxy.port()),
                    new PasswordAuthentication(USER, SECRET.toCharArray())).build();

            assertThat(Fetch.run(s).fetched()).isEqualTo(5);
            assertThat(proxy.received()).isNotEmpty().allSatisfy(c -> {
                assertThat(c.requestLine()).startsWith("GET " + sap.serviceRoot());
                assertThat(c.proxyAuthorization()).isEqualTo(basic(USER, SECRET));
            });
        }
    }

    @Test
    void wrongProxyPasswordIsAPermanentProxyAuthFailureNamingTheProxyAndTriedOnce() throws Exception {
        String wrong = "not-the-pr0xy-password";
        try (SapStandIn sap = httpsSap().generate(5, 1).start()) {
            SapSettings s = settings(sap, wrong).build();

            assertThatThrownBy(() -> Fetch.run(s)).isInstanceOfSatisfying(SapException.class, e -> {
                assertThat(e.kind()).isEqualTo(SapException.Kind.PROXY_AUTH);
                assertThat(e.status()).isEqualTo(407);
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).contains("proxy authentication failed at proxy " + proxy.hostPort(),
                        "rejected the credentials of user " + USER);
                assertThat(e.getMessage()).doesNotContain(wrong, basic(USER, wrong).substring(6));
            });
            // The default retry only retries transient failures: one CONNECT, the account is not hammered.
            assertThat(proxy.received()).singleElement().satisfies(c -> assertThat(c.admitted()).isFalse());
            assertThat(sap.requests()).isEmpty();
            assertThat(s.toString()).contains("as " + USER).doesNotContain(wrong);
        }
    }

    @Test
    void proxyDemandingCredentialsThatWereNotGivenIsAProxyAuthFailureSayingSo() throws Exception {
        try (SapStandIn sap = httpsSap().generate(5, 1).start()) {
            SapSettings s = Fetch.settings(sap).trustStore(certificates.trustStore, TestCertificates.STORE_PASSWORD)
                    .proxy(new InetSocketAddress("127.0.0.1", proxy.port())).build();

            assertThatThrownBy(() -> Fetch.run(s)).isInstanceOfSatisfying(SapException.class, e -> {
                assertThat(e.kind()).isEqualTo(SapException.Kind.PROXY_AUTH);
                assertThat(e.getMessage()).contains(proxy.hostPort(), "no proxy credentials were given");
            });
        }
    }

    @Test
    void aProxyThatRefusesTheTunnelOrCannotBeReachedIsSaidSoNamingIt() throws Exception {
        try (SapStandIn sap = httpsSap().generate(5, 1).start()) {
            proxy.deny("127.0.0.1:" + sap.baseUri().getPort());
            SapSettings s = settings(sap, SECRET).build();
            assertThatThrownBy(() -> Fetch.run(s)).isInstanceOfSatisfying(SapException.class, e -> {
                assertThat(e.kind()).isEqualTo(SapException.Kind.CONNECTION);
                assertThat(e.getMessage()).contains("cannot reach SAP: the proxy " + proxy.hostPort() + " refused a tunnel to 127.0.0.1:"
                        + sap.baseUri().getPort() + " (it answered CONNECT with HTTP 403 Forbidden)");
            });
            assertThat(sap.requests()).isEmpty();

            int down;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                down = free.getLocalPort();
            }
            SapSettings dead = s.toBuilder().proxy(new InetSocketAddress("127.0.0.1", down),
                    new PasswordAuthentication(USER, SECRET.toCharArray())).build();
            assertThatThrownBy(() -> Fetch.run(dead)).isInstanceOfSatisfying(SapException.class, e -> {
                assertThat(e.kind()).isEqualTo(SapException.Kind.CONNECTION);
                assertThat(e.getMessage()).contains("cannot reach SAP: through the proxy 127.0.0.1:" + down
                        + ": connection refused by 127.0.0.1:" + down);
            });
        }
    }

    @Test
    void proxyCredentialsNeedAProxyAndAUserBasicCanCarry() {
        var root = java.net.URI.create("https://sap.example/sap/opu/odata/sap/API_BUSINESS_PARTNER");
        assertThatThrownBy(() -> SapSettings.builder(root)
                .proxy(new InetSocketAddress("proxy", 3128), new PasswordAuthentication("dom:user", SECRET.toCharArray())).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'dom:user'").hasMessageNotContaining(SECRET);
        SapSettings withProxy = SapSettings.builder(root)
                .proxy(new InetSocketAddress("proxy", 3128), new PasswordAuthentication(USER, SECRET.toCharArray())).build();
        assertThat(withProxy.toBuilder().build()).isEqualTo(withProxy);
        // Dropping the proxy drops its credentials with it.
        assertThat(withProxy.toBuilder().proxy(null).build().proxyUser()).isNull();
    }
}
