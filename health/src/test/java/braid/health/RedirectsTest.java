package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Clock;
import braid.testkit.TestCertificates;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * Redirects: a client's site on file as {@code http://} that sends its visitors to {@code https://} is checked as they
 * see it (the last answer, its certificate, the whole time); an {@code http} check follows only with
 * {@code followRedirects: true}; loops and redirects nowhere are CRITICAL in words.
 */
class RedirectsTest {
    @TempDir Path dir;
    private HttpServer http;
    private HttpsServer good;
    private HttpsServer expired;
    private Path trust;

    @BeforeEach
    void start() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("good"), "good");
        TestCertificates old = TestCertificates.generateExpired(dir.resolve("old"), "old");
        // one PEM file trusting both: the expired one is refused for its dates, not for its issuer
        trust = Files.writeString(dir.resolve("trust.pem"), Files.readString(certs.trustStoreAsPem()) + Files.readString(old.trustStoreAsPem()));
        good = https(certs);
        expired = https(old);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/", ex -> {
            String p = ex.getRequestURI().getPath();
            String to = switch (p) {
                case "/to-good" -> "https://127.0.0.1:" + good.getAddress().getPort() + "/home";
                case "/to-expired" -> "https://localhost:" + expired.getAddress().getPort() + "/";
                case "/relative" -> "/to-good";
                case "/loop" -> "/loop";
                case "/mail" -> "mailto:info@example.com";
                default -> null;
            };
            if (to != null) ex.getResponseHeaders().add("Location", to);
            ex.sendResponseHeaders(to != null ? 301 : 200, -1);
            ex.close();
        });
        http.start();
    }

    private static HttpsServer https(TestCertificates c) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        s.setHttpsConfigurator(new HttpsConfigurator(c.server));
        s.createContext("/", ex -> {
            byte[] b = "<h1>Welcome</h1>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        s.start();
        return s;
    }

    @AfterEach
    void stop() {
        http.stop(0);
        good.stop(0);
        expired.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private HealthReport run(String checks, URI... sites) throws Exception {
        Path cfg = Files.writeString(dir.resolve("health.yaml"), "health:\n  trustStore: {path: \"" + trust + "\"}\n  checks:\n" + checks);
        HealthChecks c = HealthChecks.read(cfg, Map.of());
        HealthSources clients = new HealthSources() {
            @Override
            public List<Site> clientWebsites(braid.core.TaskContext ctx) {
                List<Site> out = new java.util.ArrayList<>();
                for (int i = 0; i < sites.length; i++) out.add(new Site("C" + (i + 1), "Client " + (i + 1), sites[i]));
                return out;
            }
        };
        return new HealthRunner(c, Clock.system(), clients).report(c);
    }

    @Test
    void aClientSiteOnFileAsHttpIsCheckedWhereItSendsItsVisitorsCertificateIncluded() throws Exception {
        HealthReport r = run("    - {name: sites, clientWebsites: true, certificateMinDays: 1, certificateCriticalDays: 1}\n",
                URI.create(base() + "/to-good"), URI.create(base() + "/relative"), URI.create(base() + "/to-expired"));
        SiteHealth toGood = r.clientSites().get("C1");
        assertThat(toGood.up()).isTrue();
        assertThat(toGood.httpStatus()).isEqualTo(200);
        assertThat(toGood.certificateDays()).as("the certificate of the page visitors land on").isNotNull().isPositive();
        assertThat(toGood.message()).matches("HTTP 200 in \\d+ ms after 1 redirect to https://127\\.0\\.0\\.1:"
                + good.getAddress().getPort() + "/home; certificate valid \\d+ more days?");
        assertThat(r.clientSites().get("C2").message()).contains("after 2 redirects to https://127.0.0.1:" + good.getAddress().getPort() + "/home");
        // the visitors of the third get a certificate warning: so does the check (was: "up", from the 301 alone)
        SiteHealth toExpired = r.clientSites().get("C3");
        assertThat(toExpired.up()).isFalse();
        assertThat(toExpired.status()).isEqualTo(Status.CRITICAL);
        assertThat(toExpired.certificateExpired()).isTrue();
        assertThat(toExpired.message()).startsWith("after 1 redirect to https://localhost:" + expired.getAddress().getPort() + "/: TLS: ")
                .contains("expired");

        // followRedirects: false — the 301 is the answer, as before
        HealthReport off = run("    - {name: sites, clientWebsites: true, followRedirects: false}\n", URI.create(base() + "/to-expired"));
        assertThat(off.clientSites().get("C1").up()).isTrue();
        assertThat(off.clientSites().get("C1").httpStatus()).isEqualTo(301);
    }

    @Test
    void aClientSiteThatServesOnlyHttpIsUpWhenNothingListensForHttpsAsBrowsersFallBack() throws Exception {
        // SAP's website field is often a bare host, which braid reads as https://: a site without https is up for its
        // visitors (browsers fall back to http://), so its client must not read "it did not answer"
        HttpServer port80;
        try {
            port80 = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.7"), 80), 50);
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "port 80 on 127.0.0.7 cannot be bound here (needs root): " + e);
            return;
        }
        port80.createContext("/", ex -> {
            byte[] b = "<h1>Handwerk seit 1952</h1>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        port80.start();
        try {
            HealthReport r = run("    - {name: sites, clientWebsites: true}\n    - {name: plain-check, http: \"https://127.0.0.7/\"}\n",
                    URI.create("https://127.0.0.7/"), URI.create("https://127.0.0.7:" + closedPort() + "/"));
            SiteHealth site = r.clientSites().get("C1");
            assertThat(site.up()).as(site.message()).isTrue();
            assertThat(site.certificateDays()).isNull();
            assertThat(site.message()).matches("HTTP 200 in \\d+ ms over http:// \\(nothing answers https on port 443\\)");
            // a port written out is the one meant, and an http check is what it says: no second try
            assertThat(r.clientSites().get("C2").up()).isFalse();
            assertThat(r.clientSites().get("C2").unanswered()).isTrue();
            CheckResult check = r.checks().stream().filter(c -> c.name().equals("plain-check")).findFirst().orElseThrow();
            assertThat(check.status()).isEqualTo(Status.CRITICAL);
            assertThat(check.message()).contains("refused");
        } finally {
            port80.stop(0);
        }
    }

    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anHttpCheckFollowsOnlyWhenToldAndLoopsAndRedirectsNowhereAreCritical() throws Exception {
        HealthReport r = run("""
                    - {name: plain, http: "%1$s/to-good"}
                    - {name: follow, http: "%1$s/to-good", followRedirects: true, expectBody: Welcome, certificateMinDays: 1, certificateCriticalDays: 1}
                    - {name: loop, http: "%1$s/loop", followRedirects: true}
                    - {name: mail, http: "%1$s/mail", followRedirects: true}
                """.formatted(base()));
        Map<String, CheckResult> c = r.checks().stream().collect(Collectors.toMap(CheckResult::name, x -> x));
        assertThat(c.get("plain").status()).isEqualTo(Status.OK);
        assertThat(c.get("plain").message()).startsWith("HTTP 301 in ");
        assertThat(c.get("follow").status()).as(c.get("follow").message()).isEqualTo(Status.OK);
        assertThat(c.get("follow").measurements()).containsEntry("redirects", 1.0).containsKey("certificate_expiry_seconds");
        assertThat(c.get("loop").status()).isEqualTo(Status.CRITICAL);
        assertThat(c.get("loop").message()).isEqualTo("more than 5 redirects (a loop?), the last to " + base() + "/loop");
        assertThat(c.get("mail").status()).isEqualTo(Status.CRITICAL);
        assertThat(c.get("mail").message()).isEqualTo("HTTP 301 to 'mailto:info@example.com', not an http or https URL");
        assertThatThrownBy(() -> run("    - {name: x, http: \"" + base() + "/\", followRedirects: yes please}\n"))
                .hasMessageEndingWith("health.checks[0] (x): followRedirects: true or false; got 'yes please'");
    }
}
