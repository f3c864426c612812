package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Clock;
import braid.testkit.TestCertificates;
import braid.testkit.TestProxy;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP checks through a corporate proxy ({@code health.proxy}, or {@code https_proxy} and {@code no_proxy}): https
 * in a CONNECT tunnel, plain http and metrics in absolute form, the credentials to the proxy only, TCP checks direct;
 * a proxy failing on this side is UNKNOWN ("cannot check"), never the site's failure, and no client hears of it.
 */
class HealthProxyTest {
    private static final String USER = "braid";
    private static final String SECRET = "pr0xy-S3cret";

    @TempDir Path dir;
    private HttpServer http;
    private HttpsServer https;
    private TestCertificates certs;
    private TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/", ex -> {
            byte[] b = (ex.getRequestURI().getPath().equals("/metrics") ? "node_load1 0.5\n" : "<button>Add to cart</button>")
                    .getBytes(StandardCharsets.UTF_8);
            // what the site saw of the proxy's credentials: nothing, or the test fails on this header
            if (ex.getRequestHeaders().containsKey("Proxy-Authorization")) b = "LEAKED".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
        certs = TestCertificates.generate(dir, "site");
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(certs.server));
        https.createContext("/", ex -> {
            byte[] b = "secure".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        https.start();
        proxy = TestProxy.requiringBasic(USER, SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        http.stop(0);
        https.stop(0);
        proxy.close();
    }

    private HealthChecks read(String yaml, Map<String, String> env) throws Exception {
        return HealthChecks.read(Files.writeString(dir.resolve("health.yaml"), yaml.replace("TRUST", certs.trustStoreAsPem().toString())
                .replace("HTTPS", "https://" + TestProxy.REMOTE + ":" + https.getAddress().getPort())
                .replace("HTTP", "http://" + TestProxy.REMOTE + ":" + http.getAddress().getPort())), env);
    }

    private static HealthSources clients(URI... sites) {
        return new HealthSources() {
            @Override
            public List<Site> clientWebsites(braid.core.TaskContext ctx) {
                List<Site> out = new java.util.ArrayList<>();
                for (int i = 0; i < sites.length; i++) out.add(new Site("C" + (i + 1), "Client " + (i + 1), sites[i]));
                return out;
            }
        };
    }

    private static Map<String, CheckResult> byName(HealthReport r) {
        return r.checks().stream().collect(Collectors.toMap(CheckResult::name, x -> x));
    }

    @Test
    void everyHttpCheckGoesThroughHealthProxyWithItsCredentialsAndTcpGoesDirect() throws Exception {
        HealthChecks c = read("""
                health:
                  trustStore: {path: "TRUST"}
                  proxy: "http://braid:${PROXY_PASSWORD}@%s"
                  checks:
                    - {name: shop, http: "HTTPS/", certificateMinDays: 1, certificateCriticalDays: 1}
                    - {name: page, http: "HTTP/shop", expectBody: "Add to cart"}
                    - {name: load, prometheus: "HTTP/metrics", rule: "node_load1 > 4"}
                    - {name: port, tcp: "127.0.0.1:%d"}
                    - {name: sites, clientWebsites: true, certificateMinDays: 1, certificateCriticalDays: 1}
                """.formatted(proxy.hostPort(), https.getAddress().getPort()), Map.of("PROXY_PASSWORD", SECRET));
        assertThat(c.proxy()).isNotNull();
        assertThat(c.proxy().origin()).isEqualTo("health.proxy");
        HealthReport report = new HealthRunner(c, Clock.system(), clients(URI.create("HTTPS/".replace("HTTPS",
                "https://" + TestProxy.REMOTE + ":" + https.getAddress().getPort())))).report(c);
        Map<String, CheckResult> r = byName(report);
        for (String name : List.of("shop", "page", "load", "port", "sites")) {
            assertThat(r.get(name).status()).as(name + ": " + r.get(name).message()).isEqualTo(Status.OK);
        }
        assertThat(r.get("shop").message()).contains("certificate valid");
        assertThat(report.clientSites().get("C1").up()).isTrue();
        String httpsTarget = TestProxy.REMOTE + ":" + https.getAddress().getPort();
        String plain = "http://" + TestProxy.REMOTE + ":" + http.getAddress().getPort();
        // the https check and the client's site each through a tunnel (one per host and connection), the others in
        // absolute form; the TCP check never reached the proxy
        assertThat(proxy.connectTargets()).isNotEmpty().allSatisfy(t -> assertThat(t).isEqualTo(httpsTarget));
        assertThat(proxy.requestLines()).contains("GET " + plain + "/shop HTTP/1.1", "GET " + plain + "/metrics HTTP/1.1");
        assertThat(proxy.received()).allSatisfy(x -> {
            assertThat(x.proxyAuthorization()).isEqualTo(TestProxy.basic(USER, SECRET));
            assertThat(x.admitted()).isTrue();
        });
    }

    @Test
    void theEnvironmentsProxyIsUsedUnlessNoProxyOrHealthNoProxyNamesTheHostAndNoneGoesDirect() throws Exception {
        Map<String, String> env = Map.of("https_proxy", "http://" + USER + ":" + SECRET + "@" + proxy.hostPort(),
                "http_proxy", "http://" + USER + ":" + SECRET + "@" + proxy.hostPort(), "no_proxy", "other.test");
        int port = http.getAddress().getPort();
        String checks = """
                  checks:
                    - {name: remote, http: "HTTP/shop"}
                    - {name: other, http: "http://other.test:%d/shop"}
                    - {name: by-address, http: "http://127.0.0.1:%d/shop"}
                    - {name: by-name, http: "http://localhost:%d/metrics"}
                """.formatted(port, port, port);
        HealthChecks c = read("health:\n" + checks, env);
        assertThat(c.proxy().origin()).isEqualTo("environment variable https_proxy");
        Map<String, CheckResult> r = byName(new HealthRunner(c, Clock.system(), HealthSources.NONE).report(c));
        // other.test is in no_proxy: direct, where no resolver knows it (the proxy would have reached it)
        assertThat(r.get("other").status()).as(r.get("other").message()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("other").message()).contains("other.test");
        // loopback goes direct though no_proxy does not name it: at the proxy, localhost would be the proxy's machine
        for (String name : List.of("remote", "by-address", "by-name")) {
            assertThat(r.get(name).status()).as(name + ": " + r.get(name).message()).isEqualTo(Status.OK);
        }
        assertThat(proxy.requestLines()).containsExactly("GET http://" + TestProxy.REMOTE + ":" + port + "/shop HTTP/1.1");

        // health.noProxy replaces no_proxy: now other.test goes through the proxy and the listed name direct
        proxy.clear();
        c = read("health:\n  noProxy: [" + TestProxy.REMOTE + ", .internal.example]\n" + checks, env);
        r = byName(new HealthRunner(c, Clock.system(), HealthSources.NONE).report(c));
        assertThat(r.get("remote").status()).as(r.get("remote").message()).isEqualTo(Status.CRITICAL);
        for (String name : List.of("other", "by-address", "by-name")) {
            assertThat(r.get(name).status()).as(name + ": " + r.get(name).message()).isEqualTo(Status.OK);
        }
        assertThat(proxy.requestLines()).containsExactly("GET http://other.test:" + port + "/shop HTTP/1.1");

        // proxy: none — direct whatever the environment says
        proxy.clear();
        c = read("health:\n  proxy: none\n" + checks, env);
        assertThat(c.proxy()).isNull();
        r = byName(new HealthRunner(c, Clock.system(), HealthSources.NONE).report(c));
        assertThat(r.get("by-address").status()).isEqualTo(Status.OK);
        assertThat(r.get("remote").status()).isEqualTo(Status.CRITICAL);
        assertThat(proxy.received()).isEmpty();
    }

    @Test
    void aProxyFailingOnThisSideIsUnknownForEveryCheckAndNoClientSiteIsCountedDownOrSilent() throws Exception {
        String site = "https://" + TestProxy.REMOTE + ":" + https.getAddress().getPort() + "/";
        HealthChecks c = read("""
                health:
                  trustStore: {path: "TRUST"}
                  proxy: "http://braid:wrong-password@%s"
                  checks:
                    - {name: shop, http: "HTTPS/"}
                    - {name: load, prometheus: "HTTP/metrics", rule: "node_load1 > 4"}
                    - {name: sites, clientWebsites: true}
                """.formatted(proxy.hostPort()), Map.of());
        HealthReport report = new HealthRunner(c, Clock.system(), clients(URI.create(site), URI.create(site.replace(TestProxy.REMOTE,
                "other.test")))).report(c);
        Map<String, CheckResult> r = byName(report);
        String why = "proxy authentication failed at proxy " + proxy.hostPort()
                + " (407 Proxy Authentication Required): the proxy rejected the credentials of user braid";
        assertThat(r.get("shop").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("shop").message()).isEqualTo("cannot check: " + why);
        assertThat(r.get("load").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("load").message()).isEqualTo("cannot read the metrics: " + why);
        assertThat(r.get("sites").status()).isEqualTo(Status.UNKNOWN);
        // one reason for every site: said once
        assertThat(r.get("sites").message()).isEqualTo("0 of 2 client websites up; not checked (cannot check: "
                + why + "): " + TestProxy.REMOTE + ", other.test");
        assertThat(report.clientSites().values()).hasSize(2).allSatisfy(h -> {
            assertThat(h.unchecked()).isTrue();
            assertThat(h.unanswered()).isFalse();
        });
        assertThat(SiteHealth.mostlyUnanswered(report.clientSites().values())).isFalse();
        assertThat(r.values()).allSatisfy(x -> assertThat(x.message()).doesNotContain("wrong-password"));
        assertThat(HealthRunner.worst(report.checks())).isEqualTo(Status.UNKNOWN);
    }

    @Test
    void aProxyThatCannotReachTheSiteIsTheSitesNoAnswerAndAProxyThatIsDownIsUnknown() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = s.getLocalPort();
        }
        HealthChecks c = read("""
                health:
                  proxy: "http://braid:%s@%s"
                  checks:
                    - {name: gone, http: "https://%s:%d/"}
                """.formatted(SECRET, proxy.hostPort(), TestProxy.REMOTE, nobody), Map.of());
        CheckResult gone = new HealthRunner(c, Clock.system(), HealthSources.NONE).run(c).getFirst();
        assertThat(gone.status()).isEqualTo(Status.CRITICAL);
        assertThat(gone.message()).isEqualTo("the proxy " + proxy.hostPort() + " could not reach " + TestProxy.REMOTE + ":" + nobody
                + " (it answered CONNECT with HTTP 502 Bad Gateway)");

        c = read("""
                health:
                  proxy: "http://127.0.0.1:%d"
                  checks:
                    - {name: shop, http: "HTTPS/"}
                """.formatted(nobody), Map.of());
        CheckResult down = new HealthRunner(c, Clock.system(), HealthSources.NONE).run(c).getFirst();
        assertThat(down.status()).isEqualTo(Status.UNKNOWN);
        assertThat(down.message()).startsWith("cannot check: cannot reach the proxy 127.0.0.1:" + nobody + ": ").contains("refused");
    }

    @Test
    void aProxyWrittenWrongIsRefusedWhenTheFileIsReadWithoutShowingAPassword() {
        assertThatThrownBy(() -> read("health:\n  proxy: \"http://braid:s3cret@proxy.example.com\"\n  checks:\n"
                + "    - {name: shop, http: \"HTTPS/\"}\n", Map.of()))
                .hasMessageEndingWith("health.yaml: health.proxy: expected a proxy URL with a port such as http://proxy:3128, or none;"
                        + " found a value that is not one (not shown: it may hold a password)")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> read("health:\n  proxy: \"http://braid:${PROXY_PASSWORD}@proxy.example.com:3128\"\n  checks:\n"
                + "    - {name: shop, http: \"HTTPS/\"}\n", Map.of()))
                .hasMessageEndingWith("health.yaml: health.proxy: the environment variable PROXY_PASSWORD is not set");
        assertThatThrownBy(() -> read("health:\n  proxy: \"https://braid:s3cret@proxy.example.com:3129\"\n  checks:\n"
                + "    - {name: shop, http: \"HTTPS/\"}\n", Map.of()))
                .hasMessageContaining("health.yaml: health.proxy: a proxy reached over TLS (https://proxy.example.com:3129)")
                .hasMessageEndingWith("write http://proxy.example.com:3129").message().doesNotContain("s3cret");
        assertThatThrownBy(() -> read("health:\n  checks:\n    - {name: shop, http: \"HTTPS/\"}\n",
                Map.of("https_proxy", "https://proxy.example.com:3129")))
                .hasMessageContaining("health.yaml: health: https_proxy: a proxy reached over TLS")
                .hasMessageEndingWith("set health.proxy explicitly, or to none");
        assertThatThrownBy(() -> read("health:\n  noProxy: {a: b}\n  checks:\n    - {name: shop, http: \"HTTPS/\"}\n", Map.of()))
                .hasMessageContaining("health.yaml: health.noProxy: host names or domains that go direct");
        assertThatThrownBy(() -> read("health:\n  prxy: none\n  checks:\n    - {name: shop, http: \"HTTPS/\"}\n", Map.of()))
                .hasMessageEndingWith("health.yaml: health: unknown key 'prxy'; did you mean 'proxy'?");
        assertThatThrownBy(() -> read("health:\n  checks:\n    - {name: shop, http: \"HTTPS/\"}\n",
                Map.of("https_proxy", "http://braid:s3cret@")))
                .hasMessageContaining("health.yaml: health: https_proxy").hasMessageEndingWith("set health.proxy explicitly, or to none")
                .message().doesNotContain("s3cret");
    }
}
