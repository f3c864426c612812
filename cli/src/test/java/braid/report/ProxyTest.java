package braid.report;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.check.CheckResult;
import braid.report.check.Preflight;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import braid.report.reliability.ChildJvm;
import braid.testkit.TestCertificates;
import braid.testkit.TestProxy;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The website and SAP are reached through the proxy of the config or of the environment (https_proxy),
 * with the credentials of its URL when it has some.
 */
class ProxyTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    static final String PROXY_USER = "braid";
    static final String PROXY_SECRET = "pr0xy-S3cret";

    static String basic(String user, String password) {
        return TestProxy.basic(user, password);
    }

    /** Runs the day's report (dry run) and returns its exit code; the output goes to {@code out}. */
    int run(Path config, Map<String, String> envVars, ByteArrayOutputStream out) throws Exception {
        BraidConfig cfg = BraidConfig.load(config, envVars);
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new ReportRun(cfg, ReportOptions.DEFAULT.withDate(DAY).withDryRun(true), envVars, Clock.system(), ps, ps, false).run().exitCode();
    }

    int run(DemoEnvironment env, Path config, Map<String, String> envVars) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = run(config, envVars, out);
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return code;
    }

    /**
     * The demo config with the website and SAP named {@value TestProxy#REMOTE} instead of 127.0.0.1: braid sends
     * loopback hosts direct whatever the proxy settings say, and only the test proxy resolves that name (to 127.0.0.1).
     */
    static Path remote(DemoEnvironment env, Path dir) throws IOException {
        String yaml = Files.readString(env.config());
        assertThat(yaml).contains("url: http://127.0.0.1:");
        return Files.writeString(dir.resolve("remote.yaml"), yaml.replace("url: http://127.0.0.1:", "url: http://" + TestProxy.REMOTE + ":"));
    }

    /** The news page's URL as the proxy is asked for it. */
    static String newsPage(DemoEnvironment env) {
        return TestProxy.remote(env.website().newsPageUri().toString());
    }

    /** SAP's service root as the proxy is asked for it. */
    static String serviceRoot(DemoEnvironment env) {
        return TestProxy.remote(env.sap().serviceRoot().toString());
    }

    /** The demo config with {@code proxy} set in the website and SAP sections (both named {@value TestProxy#REMOTE}). */
    static Path withProxy(DemoEnvironment env, Path dir, String proxy) throws IOException {
        String yaml = Files.readString(remote(env, dir))
                .replace("  timeout: 10s\n", "  timeout: 10s\n  proxy: " + proxy + "\n")
                .replace("  sapClient: \"100\"\n", "  sapClient: \"100\"\n  proxy: " + proxy + "\n");
        Path cfg = dir.resolve("proxied.yaml");
        Files.writeString(cfg, yaml);
        return cfg;
    }

    @Test
    void websiteAndSapGoThroughTheConfiguredProxy(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             TestProxy proxy = TestProxy.open()) {
            run(env, withProxy(env, dir, "http://127.0.0.1:" + proxy.port()), env.env());
            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).startsWith("GET " + newsPage(env)));
            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).contains(serviceRoot(env) + "/A_BusinessPartner"));
            assertThat(proxy.received()).allSatisfy(r -> assertThat(r.proxyAuthorization()).isNull());
        }
    }

    @Test
    void theEnvironmentsProxyIsUsedUnlessTheConfigSaysNone(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             TestProxy proxy = TestProxy.open()) {
            Map<String, String> vars = new java.util.HashMap<>(env.env());
            vars.put("https_proxy", "http://127.0.0.1:" + proxy.port());
            run(env, remote(env, dir), vars);
            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).startsWith("GET " + newsPage(env)));
            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).contains(serviceRoot(env) + "/A_BusinessPartner"));

            // the demo's own config names 127.0.0.1: loopback goes direct though no_proxy does not name it (at the
            // proxy, 127.0.0.1 would be the proxy's own machine)
            proxy.clear();
            assertThat(vars).doesNotContainKeys("no_proxy", "NO_PROXY");
            run(env, env.config(), vars);
            assertThat(proxy.requestLines()).isEmpty();

            proxy.clear();
            String yaml = Files.readString(env.config())
                    .replace("  timeout: 10s\n", "  timeout: 10s\n  proxy: none\n")
                    .replace("  sapClient: \"100\"\n", "  sapClient: \"100\"\n  proxy: none\n");
            Path cfg = dir.resolve("direct.yaml");
            Files.writeString(cfg, yaml);
            run(env, cfg, vars);
            assertThat(proxy.requestLines()).isEmpty();
        }
    }

    @Test
    void credentialsOfTheConfiguredProxyUrlReachTheAuthenticatingProxyFromWebsiteAndSap(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             TestProxy proxy = TestProxy.requiringBasic(PROXY_USER, PROXY_SECRET)) {
            Map<String, String> vars = new HashMap<>(env.env());
            vars.put("BRAID_PROXY_PASSWORD", PROXY_SECRET);
            run(env, withProxy(env, dir, "http://" + PROXY_USER + ":${BRAID_PROXY_PASSWORD}@127.0.0.1:" + proxy.port()), vars);

            assertThat(proxy.received()).allSatisfy(r -> {
                assertThat(r.admitted()).isTrue();
                assertThat(r.proxyAuthorization()).isEqualTo(basic(PROXY_USER, PROXY_SECRET));
            });
            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).startsWith("GET " + newsPage(env)));
            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).contains(serviceRoot(env) + "/A_BusinessPartner"));
        }
    }

    @Test
    void credentialsInHttpsProxyReachTheAuthenticatingProxy(@TempDir Path dir) throws Exception {
        String password = "p@ss-" + PROXY_SECRET; // percent-encoded in the URL, as an '@' must be
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             TestProxy proxy = TestProxy.requiringBasic(PROXY_USER, password)) {
            Map<String, String> vars = new HashMap<>(env.env());
            vars.put("https_proxy", "http://" + PROXY_USER + ":p%40ss-" + PROXY_SECRET + "@127.0.0.1:" + proxy.port());
            run(env, remote(env, dir), vars);

            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).startsWith("GET " + newsPage(env)));
            assertThat(proxy.requestLines()).anySatisfy(l -> assertThat(l).contains(serviceRoot(env) + "/A_BusinessPartner"));
            assertThat(proxy.received()).allSatisfy(r -> assertThat(r.proxyAuthorization()).isEqualTo(basic(PROXY_USER, password)));
        }
    }

    @Test
    void aWrongProxyPasswordFailsTheRunNamingTheProxyAndTheSecretIsWrittenNowhere(@TempDir Path dir) throws Exception {
        String wrong = "Wr0ng-proxy-pw";
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             TestProxy proxy = TestProxy.requiringBasic(PROXY_USER, PROXY_SECRET)) {
            Map<String, String> vars = new HashMap<>(env.env());
            vars.put("BRAID_PROXY_PASSWORD", wrong);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = run(withProxy(env, dir, "http://" + PROXY_USER + ":${BRAID_PROXY_PASSWORD}@127.0.0.1:" + proxy.port()), vars, out);
            String output = out.toString(StandardCharsets.UTF_8);

            assertThat(code).as(output).isNotZero();
            assertThat(output).contains("proxy authentication failed at proxy 127.0.0.1:" + proxy.port());
            assertThat(output).doesNotContain(wrong, basic(PROXY_USER, wrong).substring(6));
            // SAP's 407 is permanent: one request, no retries against the proxy account.
            assertThat(proxy.requestLines()).filteredOn(l -> l.contains("/A_BusinessPartner")).hasSize(1);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".gz")).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertThat(text).as(f.toString()).doesNotContain(wrong);
                }
            }
        }
    }

    @Test
    void checkReachesWebsiteAndSapThroughTheAuthenticatingProxyAndNamesItWhenItRefuses(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE);
             TestProxy proxy = TestProxy.requiringBasic(PROXY_USER, PROXY_SECRET)) {
            Path cfg = withProxy(env, dir, "http://" + PROXY_USER + ":${BRAID_PROXY_PASSWORD}@127.0.0.1:" + proxy.port());
            Map<String, String> vars = new HashMap<>(env.env());
            vars.put("BRAID_PROXY_PASSWORD", PROXY_SECRET);
            List<CheckResult> ok = Preflight.run(BraidConfig.load(cfg, vars), DAY, vars, Clock.system());
            assertThat(ok).filteredOn(r -> r.name().equals("sap") || r.name().equals("website"))
                    .hasSize(2).allSatisfy(r -> assertThat(r.failed()).as(r.line()).isFalse());
            assertThat(proxy.received()).isNotEmpty().allSatisfy(r -> assertThat(r.admitted()).isTrue());

            vars.put("BRAID_PROXY_PASSWORD", "Wr0ng-proxy-pw");
            List<CheckResult> refused = Preflight.run(BraidConfig.load(cfg, vars), DAY, vars, Clock.system());
            assertThat(refused).filteredOn(r -> r.name().equals("sap") || r.name().equals("website"))
                    .hasSize(2).allSatisfy(r -> {
                        assertThat(r.failed()).isTrue();
                        assertThat(r.line()).contains("proxy authentication failed at proxy 127.0.0.1:" + proxy.port())
                                .doesNotContain("Wr0ng-proxy-pw");
                    });
        }
    }

    /** {@code braid news URL} in a child JVM started as cron would (through Main), its output and exit code. */
    record Cli(int exitCode, String output) {}

    static Cli news(Path dir, String javaOptions, String proxy, URI url) throws Exception {
        Path log = Files.createTempFile(dir, "news", ".log");
        Process p = ChildJvm.braid(List.of(), Map.of("JAVA_TOOL_OPTIONS", javaOptions), log,
                "news", "--no-cache", "--proxy", proxy, url.toString());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("braid news finished").isTrue();
        return new Cli(p.exitValue(), Files.readString(log));
    }

    @Test
    void theCommandLineSendsProxyCredentialsOnTheConnectOfAnHttpsSiteAndExplainsA407(@TempDir Path dir) throws Exception {
        TestCertificates tls = TestCertificates.generate(dir.resolve("tls"), "site");
        List<Map<String, List<String>>> siteSaw = new CopyOnWriteArrayList<>();
        HttpsServer site = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.setHttpsConfigurator(new HttpsConfigurator(tls.server));
        site.createContext("/feed", ex -> {
            try (ex) {
                siteSaw.add(Map.copyOf(ex.getRequestHeaders()));
                byte[] rss = FEED.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
                ex.sendResponseHeaders(200, rss.length);
                ex.getResponseBody().write(rss);
            }
        });
        site.start();
        URI feed = URI.create("https://" + TestProxy.REMOTE + ":" + site.getAddress().getPort() + "/feed");
        // The child trusts the site's certificate through the JDK's own properties; braid news has no trust option.
        String trust = "-Djavax.net.ssl.trustStore=" + tls.trustStore + " -Djavax.net.ssl.trustStoreType=PKCS12"
                + " -Djavax.net.ssl.trustStorePassword=" + TestCertificates.STORE_PASSWORD;
        try (TestProxy proxy = TestProxy.requiringBasic(PROXY_USER, PROXY_SECRET)) {
            String at = "@127.0.0.1:" + proxy.port();

            Cli ok = news(dir, trust, "http://" + PROXY_USER + ":" + PROXY_SECRET + at, feed);
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("Proxy credentials reach the origin never");
            assertThat(proxy.received()).singleElement().satisfies(r -> {
                assertThat(r.requestLine()).isEqualTo("CONNECT " + TestProxy.REMOTE + ":" + site.getAddress().getPort() + " HTTP/1.1");
                assertThat(r.proxyAuthorization()).isEqualTo(basic(PROXY_USER, PROXY_SECRET));
            });
            assertThat(siteSaw).singleElement().satisfies(h ->
                    assertThat(h.keySet()).noneMatch(n -> n.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-")));

            proxy.clear();
            Cli wrong = news(dir, trust, "http://" + PROXY_USER + ":Wr0ng-pw" + at, feed);
            assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(1);
            assertThat(wrong.output()).contains("proxy authentication failed at proxy 127.0.0.1:" + proxy.port(),
                    "rejected the credentials of user " + PROXY_USER).doesNotContain("Wr0ng-pw");
            assertThat(proxy.received()).hasSize(1);

            // An operator who keeps the JDK's default on purpose is told why the credentials did not go out.
            proxy.clear();
            Cli kept = news(dir, trust + " -Djdk.http.auth.tunneling.disabledSchemes=Basic",
                    "http://" + PROXY_USER + ":" + PROXY_SECRET + at, feed);
            assertThat(kept.exitCode()).as(kept.output()).isEqualTo(1);
            assertThat(kept.output()).contains("proxy authentication failed at proxy 127.0.0.1:" + proxy.port(),
                    "were not sent", "-Djdk.http.auth.tunneling.disabledSchemes=").doesNotContain(PROXY_SECRET);
            assertThat(proxy.received()).singleElement().extracting(TestProxy.Received::proxyAuthorization).isNull();
            assertThat(siteSaw).hasSize(1);
        } finally {
            site.stop(0);
        }
    }

    static final String FEED = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Proxy news</title><link>https://example.com/</link>
            <item><title>Proxy credentials reach the origin never</title><link>https://example.com/1</link></item>
            </channel></rss>
            """;
}
