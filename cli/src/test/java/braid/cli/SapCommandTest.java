package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.SapStandIn;
import braid.sandbox.SapStandIn.Email;
import braid.sandbox.SapStandIn.Fault;
import braid.sandbox.SapStandIn.Partner;
import braid.testkit.TestCertificates;
import braid.testkit.TestProxy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SapCommandTest {

    private static final List<Partner> PARTNERS = List.of(
            Partner.organization("100", "Brückner, \"Söhne\"", "GmbH").withEmail("info@brueckner.example")
                    .withWebsite("https://www.brueckner.example/"),
            Partner.person("101", "Seán", "O'Brien").withEmails(new Email("x@y.example", false),
                    new Email("sean@obrien.example", true)),
            Partner.person("102", "山田", "太郎").withEmail("yamada@@example.jp"),
            Partner.person("103", "Blocked", "Person").withBlocked(true),
            Partner.person("104", "Archived", "Person").withArchived(true));

    private SapStandIn sap;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void start() {
        sap = SapStandIn.builder().partners(PARTNERS).basicAuth("TECH", "pw-from-env").sapClient("100").start();
    }

    @AfterEach
    void stop() {
        sap.close();
    }

    private int run(Map<String, String> env, String... args) {
        CommandLine cl = new CommandLine(new SapCommand(), SapCommand.factory(env));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    private String[] base(String... more) {
        var args = new java.util.ArrayList<>(List.of("clients", "--url", sap.serviceRoot().toString(),
                "--sap-client", "100", "--user", "TECH", "--password-env", "SAP_PW"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * {@link #base} with SAP named {@value TestProxy#REMOTE}, which only the test proxy resolves (to 127.0.0.1): a
     * loopback SAP would go direct whatever the proxy settings say.
     */
    private String[] remoteBase(String... more) {
        String[] args = base(more);
        args[2] = TestProxy.remote(args[2]);
        return args;
    }

    @Test
    void listsClientsAsATableWithASummaryLine() {
        int code = run(Map.of("SAP_PW", "pw-from-env"), base());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("ID", "NAME", "Brückner, \"Söhne\" GmbH", "sean@obrien.example",
                "https://www.brueckner.example/", "山田 太郎")
                .contains("fetched 5, listed 3, left out 2 (blocked 1, archived 1), invalid e-mail 1, without e-mail 0")
                .doesNotContain("Blocked Person", "pw-from-env");
        assertThat(err.toString()).contains("invalid e-mail, not used: partner 102 <yamada@@example.jp>");
    }

    @Test
    void printsJsonWithTheSummaryOnStderr() throws Exception {
        int code = run(Map.of("SAP_PW", "pw-from-env"), base("--json"));
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("clients")).hasSize(3);
        assertThat(json.path("clients").get(1).path("email").asText()).isEqualTo("sean@obrien.example");
        assertThat(json.path("blocked").asInt()).isEqualTo(1);
        assertThat(err.toString()).contains("fetched 5, listed 3");
    }

    @Test
    void printsCsvQuotedPerRfc4180() {
        int code = run(Map.of("SAP_PW", "pw-from-env"), base("--csv", "--page-size", "2", "--concurrency", "2",
                "--pages-ahead", "3"));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("id,name,email,website,category\r\n")
                .contains("100,\"Brückner, \"\"Söhne\"\" GmbH\",info@brueckner.example,https://www.brueckner.example/,ORGANIZATION\r\n")
                .contains("102,山田 太郎,,,PERSON\r\n");
    }

    @Test
    void aSapFailureExitsWithOneAndStatusCodeAndUrlButNoSecret() {
        int code = run(Map.of("SAP_PW", "wrong-secret"), base());
        assertThat(code).isEqualTo(1);
        // host and port in words, the path without its query (issue 13)
        assertThat(err.toString()).contains("401", "/IWFND/CM_LOGON/001", "SAP at 127.0.0.1:" + sap.serviceRoot().getPort(),
                        "GET " + sap.serviceRoot().getPath() + "/A_BusinessPartner)")
                .doesNotContain("wrong-secret", "?$");
    }

    @Test
    void aRateLimitedServerIsRetriedFromTheCommandLine() {
        sap.close();
        sap = SapStandIn.builder().partners(PARTNERS).faultOnce(Fault.TOO_MANY_REQUESTS, 1)
                .retryAfter(java.time.Duration.ofSeconds(1)).start();
        int code = run(Map.of(), "clients", "--url", sap.serviceRoot().toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("fetched 5");
    }

    @Test
    void aMissingSecretVariableIsBadUsage() {
        assertThat(run(Map.of(), base())).isEqualTo(2);
        assertThat(err.toString()).contains("environment variable SAP_PW is not set");
    }

    @Test
    void badOptionsAreBadUsage() {
        assertThat(run(Map.of("SAP_PW", "x"), base("--json", "--csv"))).isEqualTo(2);
        assertThat(run(Map.of("SAP_PW", "x"), base("--category", "robot"))).isEqualTo(2);
        assertThat(run(Map.of("SAP_PW", "x"), base("--page-size", "0"))).isEqualTo(2);
        assertThat(run(Map.of("SAP_PW", "x"), base("--pages-ahead", "-1"))).isEqualTo(2);
        assertThat(err.toString()).contains("pagesAhead must be >= 0");
        assertThat(run(Map.of(), "clients")).isEqualTo(2);
        assertThat(err.toString()).contains("--url");
    }

    @Test
    void theBraidCommandHasSapClients() {
        CommandLine braid = Main.commandLine();
        assertThat(braid.getSubcommands().get("sap").getSubcommands()).containsKey("clients");
    }

    @Test
    void anHttpsServiceIsReachedThroughATunnelOfTheProxyInHttpsProxy(@TempDir Path dir) throws Exception {
        TestCertificates tls = TestCertificates.generate(dir, "sap");
        sap.close();
        sap = SapStandIn.builder().partners(PARTNERS).basicAuth("TECH", "pw-from-env").sapClient("100").tls(tls.server).start();
        try (TestProxy proxy = TestProxy.open()) {
            int code = run(Map.of("SAP_PW", "pw-from-env", "TRUST_PW", TestCertificates.STORE_PASSWORD,
                            "https_proxy", proxy.uri().toString()),
                    remoteBase("--trust-store", tls.trustStore.toString(), "--trust-store-password-env", "TRUST_PW"));

            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("fetched 5, listed 3");
            assertThat(proxy.connects()).isPositive();
            assertThat(proxy.connectTargets()).containsOnly(TestProxy.REMOTE + ":" + sap.baseUri().getPort());
        }
    }

    @Test
    void aProxyThatIsDownIsNamedAsTheOneNotReachedNotSap() throws Exception {
        int down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = s.getLocalPort();
        }
        assertThat(run(Map.of("SAP_PW", "pw-from-env", "https_proxy", "http://127.0.0.1:" + down), remoteBase())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach SAP: through the proxy 127.0.0.1:" + down
                + ": connection refused by 127.0.0.1:" + down).doesNotContain(":" + sap.baseUri().getPort());
    }

    @Test
    void proxyNoneAndNoProxyBypassTheProxyOfTheEnvironment() throws Exception {
        try (TestProxy proxy = TestProxy.open()) {
            Map<String, String> env = Map.of("SAP_PW", "pw-from-env", "https_proxy", proxy.uri().toString());
            assertThat(run(env, remoteBase())).as(err.toString()).isZero();
            assertThat(proxy.requestLines()).isNotEmpty()
                    .allSatisfy(l -> assertThat(l).contains(TestProxy.remote(sap.serviceRoot().toString())));

            // direct: where no resolver knows site.test (the proxy would have reached it)
            proxy.clear();
            assertThat(run(env, remoteBase("--proxy", "none"))).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).contains("cannot reach SAP", TestProxy.REMOTE);
            assertThat(proxy.received()).isEmpty();

            assertThat(run(Map.of("SAP_PW", "pw-from-env", "https_proxy", proxy.uri().toString(), "no_proxy", "localhost,.test"),
                    remoteBase())).as(err.toString()).isEqualTo(1);
            assertThat(proxy.received()).isEmpty();

            // an SAP on this machine's loopback goes direct though no_proxy does not name it: at the proxy, 127.0.0.1
            // would be the proxy's own machine
            assertThat(run(env, base())).as(err.toString()).isZero();
            assertThat(proxy.received()).isEmpty();
        }
    }

    @Test
    void theProxyUrlsCredentialsReachTheProxyAndAWrongPasswordExitsOneNamingTheProxyButNotTheSecret() throws Exception {
        String wrong = "Wr0ng-proxy-pw";
        try (TestProxy proxy = TestProxy.requiringBasic("braid", "pr0xy-s3cret")) {
            String at = "@" + proxy.hostPort();
            int code = run(Map.of("SAP_PW", "pw-from-env"), remoteBase("--proxy", "http://braid:pr0xy-s3cret" + at));

            assertThat(code).as(err.toString()).isZero();
            assertThat(proxy.received()).isNotEmpty().allSatisfy(r -> {
                assertThat(r.admitted()).isTrue();
                assertThat(r.proxyAuthorization()).isEqualTo(TestProxy.basic("braid", "pr0xy-s3cret"));
            });

            proxy.clear();
            code = run(Map.of("SAP_PW", "pw-from-env", "https_proxy", "http://braid:" + wrong + at), remoteBase());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("proxy authentication failed at proxy " + proxy.hostPort(),
                    "rejected the credentials of user braid");
            assertThat(out + err.toString()).doesNotContain(wrong, TestProxy.basic("braid", wrong).substring(6),
                    "pr0xy-s3cret", "pw-from-env");
            // A 407 is permanent: one request, no retries against the proxy account.
            assertThat(proxy.received()).singleElement().satisfies(r -> assertThat(r.admitted()).isFalse());
        }
    }

    @Test
    void aProxyVariableThatIsNotAUrlIsBadUsageWithoutItsPassword() {
        int code = run(Map.of("SAP_PW", "pw-from-env", "https_proxy", "http://braid:pr0xy-s3cret@"), base());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("https_proxy").doesNotContain("pr0xy-s3cret");
    }

    @Test
    void aProxyOverTlsIsBadUsageSayingHowToWriteAPlainOne() {
        int code = run(Map.of("SAP_PW", "pw-from-env", "https_proxy", "https://braid:pr0xy-s3cret@proxy.corp:3129"), base());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("https_proxy: a proxy reached over TLS (https://proxy.corp:3129) is not supported",
                "write http://proxy.corp:3129").doesNotContain("pr0xy-s3cret").doesNotContain("Exception");
    }

    @Test
    void helpNamesTheProxyOptionAndTheEnvironment() {
        assertThat(run(Map.of(), "clients", "--help")).isZero();
        assertThat(out.toString()).contains("--proxy=URL|none", "https_proxy", "no_proxy", "sent as Basic");
    }
}
