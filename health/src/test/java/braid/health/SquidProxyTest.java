package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import braid.core.Clock;
import braid.testkit.TestCertificates;
import braid.testkit.TestProxy;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health checks through a real Squid (Debian's squid, started by the test on a free loopback port with Basic
 * authentication and a rule denying one domain): a tunnel and a plain request pass with the credentials, and Squid's
 * own answers — 407, 403 by its rules, 503 for a refused connection — are worded as the proxy's, not the sites'.
 * .ci/run installs squid.
 */
class SquidProxyTest {
    private static final Path SQUID = Path.of("/usr/sbin/squid");
    private static final String USER = "braid";
    private static final String SECRET = "pr0xy-S3cret";

    @TempDir Path dir;
    private Process squid;
    private int port;
    private HttpServer http;
    private HttpsServer https;
    private TestCertificates certs;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(SQUID), "Debian's squid is not installed (.ci/run installs it)");
        // run as root, Squid works as the user proxy: its files must be open to it
        Path work = Files.createDirectories(dir.resolve("squid"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process hash = new ProcessBuilder("openssl", "passwd", "-apr1", SECRET).redirectErrorStream(true).start();
        String hashed = new String(hash.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(hash.waitFor()).as(hashed).isZero();
        Path passwd = Files.writeString(work.resolve("passwd"), USER + ":" + hashed + "\n");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // braid sends loopback targets direct (at a proxy, localhost is the proxy's machine): the sites are named
        // site.test, which Squid alone resolves, to 127.0.0.1, as a corporate proxy resolves names its clients cannot
        Path hosts = Files.writeString(work.resolve("hosts"), "127.0.0.1 " + TestProxy.REMOTE + "\n");
        Path conf = Files.writeString(work.resolve("squid.conf"), """
                http_port 127.0.0.1:%d
                auth_param basic program /usr/lib/squid/basic_ncsa_auth %s
                auth_param basic realm braid-test
                acl authed proxy_auth REQUIRED
                acl blocked dstdomain blocked.example
                http_access deny blocked
                http_access allow authed
                http_access deny all
                cache deny all
                pinger_enable off
                shutdown_lifetime 0 seconds
                access_log stdio:%s/access.log
                cache_log %s/cache.log
                pid_filename %s/squid.pid
                coredump_dir %s
                hosts_file %s
                """.formatted(port, passwd, work, work, work, work, hosts));
        for (Path p : new Path[]{passwd, conf, hosts}) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-rw-rw-"));
        squid = new ProcessBuilder(SQUID.toString(), "-N", "-n", "braidtest" + port, "-f", conf.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("out.log").toFile()).start();
        long until = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                if (s.isConnected()) break; // Squid listens
            } catch (IOException e) {
                if (!squid.isAlive() || System.nanoTime() > until) {
                    throw new AssertionError("squid did not start: " + Files.readString(work.resolve("out.log"))
                            + (Files.exists(work.resolve("cache.log")) ? Files.readString(work.resolve("cache.log")) : ""));
                }
                Thread.sleep(100);
            }
        }
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/", ex -> {
            byte[] b = (ex.getRequestHeaders().containsKey("Proxy-Authorization") ? "LEAKED" : "<button>Add to cart</button>")
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
        certs = TestCertificates.generate(dir.resolve("tls"), "site");
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        https.setHttpsConfigurator(new HttpsConfigurator(certs.server));
        https.createContext("/", ex -> {
            byte[] b = "secure".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        https.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (squid != null) {
            squid.destroy();
            if (!squid.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) squid.destroyForcibly();
        }
        if (http != null) http.stop(0);
        if (https != null) https.stop(0);
    }

    private Map<String, CheckResult> run(String password) throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  trustStore: {path: "%s"}
                  proxy: "http://braid:${PROXY_PASSWORD}@127.0.0.1:%d"
                  checks:
                    - {name: shop, http: "https://site.test:%d/", certificateMinDays: 1, certificateCriticalDays: 1}
                    - {name: page, http: "http://site.test:%d/", expectBody: "Add to cart"}
                    - {name: closed, http: "https://site.test:%d/"}
                    - {name: blocked, http: "https://blocked.example/"}
                """.formatted(certs.trustStoreAsPem(), port, https.getAddress().getPort(), http.getAddress().getPort(), closed));
        HealthChecks c = HealthChecks.read(cfg, Map.of("PROXY_PASSWORD", password));
        return new HealthRunner(c, Clock.system(), HealthSources.NONE).run(c).stream()
                .collect(Collectors.toMap(CheckResult::name, r -> r));
    }

    @Test
    void checksPassThroughSquidAndItsOwnAnswersAreWordedAsTheProxys() throws Exception {
        Map<String, CheckResult> r = run(SECRET);
        String at = "the proxy 127.0.0.1:" + port;
        assertThat(r.get("shop").status()).as(r.get("shop").message()).isEqualTo(Status.OK);
        assertThat(r.get("page").status()).as(r.get("page").message()).isEqualTo(Status.OK);
        assertThat(r.get("closed").status()).isEqualTo(Status.CRITICAL);
        assertThat(r.get("closed").message()).startsWith(at + " could not reach site.test:")
                .contains("(it answered CONNECT with HTTP 503 Service Unavailable; Squid: ERR_CONNECT_FAIL");
        assertThat(r.get("blocked").status()).isEqualTo(Status.UNKNOWN);
        assertThat(r.get("blocked").message()).isEqualTo("cannot check: " + at + " refused a tunnel to blocked.example:443"
                + " (it answered CONNECT with HTTP 403 Forbidden; Squid: ERR_ACCESS_DENIED 0)");
        // they went through Squid, as user braid (a tunnel is logged when it closes: the runner closes the idle
        // connections beside its report)
        String tunnel = "TCP_TUNNEL/200 ";
        String log = Files.readString(dir.resolve("squid/access.log"));
        for (long until = System.nanoTime() + 10_000_000_000L; !log.contains(tunnel) && System.nanoTime() < until; ) {
            Thread.sleep(100);
            log = Files.readString(dir.resolve("squid/access.log"));
        }
        assertThat(log).containsPattern("TCP_TUNNEL/200 \\d+ CONNECT site\\.test:" + https.getAddress().getPort() + " braid ")
                .containsPattern("/200 \\d+ GET http://site\\.test:" + http.getAddress().getPort() + "/ braid ");

        Map<String, CheckResult> wrong = run("not-the-password");
        for (String name : new String[]{"shop", "page", "closed"}) {
            assertThat(wrong.get(name).status()).isEqualTo(Status.UNKNOWN);
            assertThat(wrong.get(name).message()).isEqualTo("cannot check: proxy authentication failed at proxy 127.0.0.1:" + port
                    + " (407 Proxy Authentication Required): the proxy rejected the credentials of user braid");
        }
    }
}
