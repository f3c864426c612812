package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sandbox.SapStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticationTest {

    @Test
    void basicAuthIsSentAndAWrongPasswordFailsWithoutLeakingIt() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(5, 1).basicAuth("BRAID_TECH", "s3cret!").start()) {
            assertThat(Fetch.run(Fetch.settings(sap).basicAuth("BRAID_TECH", "s3cret!").build()).fetched())
                    .isEqualTo(5);
            SapSettings wrong = Fetch.settings(sap).basicAuth("BRAID_TECH", "wrong-pw").build();
            assertThatThrownBy(() -> Fetch.run(wrong)).isInstanceOfSatisfying(SapException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.sapCode()).isEqualTo("/IWFND/CM_LOGON/001");
                assertThat(e.isTransient()).isFalse();
                assertThat(e.getMessage()).doesNotContain("wrong-pw");
            });
            assertThat(wrong.toString()).doesNotContain("wrong-pw");
        }
    }

    @Test
    void oauthTokenIsFetchedOnceAndReusedForEveryPageUntilItExpires() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(200, 1).pageSize(20)
                .oauth("braid-client", "oauth-secret", Duration.ofSeconds(2)).start()) {
            SapSettings settings = Fetch.settings(sap).auth(new SapAuth.OAuthClientCredentials(sap.tokenUri(),
                    "braid-client", "oauth-secret")).build();
            try (BusinessPartnerClient client = BusinessPartnerClient.create(settings)) {
                assertThat(client.fetchClients().fetched()).isEqualTo(200);
                assertThat(sap.tokenRequests()).isEqualTo(1);
                assertThat(client.fetchClients().fetched()).isEqualTo(200);
                assertThat(sap.tokenRequests()).isEqualTo(1);
                // Lifetime 2 s, renewed 1 s before it ends.
                Thread.sleep(1100);
                assertThat(client.fetchClients().fetched()).isEqualTo(200);
                assertThat(sap.tokenRequests()).isEqualTo(2);
            }
            assertThat(sap.requests()).filteredOn(r -> r.uri().getPath().endsWith("A_BusinessPartner"))
                    .allSatisfy(r -> assertThat(r.header("Authorization")).startsWith("Bearer "));
        }
    }

    @Test
    void aRefusedTokenRequestFailsWithTheOauthError() {
        try (SapStandIn sap = SapStandIn.builder().generate(5, 1).oauth("id", "right", Duration.ofHours(1)).start()) {
            SapSettings settings = Fetch.settings(sap).auth(new SapAuth.OAuthClientCredentials(sap.tokenUri(),
                    "id", "wrong-secret")).build();
            assertThatThrownBy(() -> Fetch.run(settings)).isInstanceOfSatisfying(SapException.class, e -> {
                assertThat(e.kind()).isEqualTo(SapException.Kind.TOKEN);
                assertThat(e.sapCode()).isEqualTo("invalid_client");
                assertThat(e.getMessage()).doesNotContain("wrong-secret");
            });
        }
    }

    @Test
    void apiKeyHeaderIsSentAsSapsApiHubExpects() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(5, 1).apiKey("hub-key").start()) {
            assertThat(Fetch.run(Fetch.settings(sap).auth(SapAuth.ApiKey.sap("hub-key")).build()).fetched())
                    .isEqualTo(5);
            assertThat(sap.requests().getFirst().header("APIKey")).isEqualTo("hub-key");
            assertThatThrownBy(() -> Fetch.run(Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.status()).isEqualTo(401);
                        assertThat(e.sapCode()).isEqualTo("steps.oauth.v2.FailedToResolveAPIKey");
                    });
        }
    }

    @Test
    void aWrongSapClientIsRefused() {
        try (SapStandIn sap = SapStandIn.builder().generate(5, 1).sapClient("100").start()) {
            assertThatThrownBy(() -> Fetch.run(Fetch.settings(sap).sapClient("200").build()))
                    .isInstanceOfSatisfying(SapException.class, e -> assertThat(e.getMessage())
                            .contains("401", "client 200").doesNotContain("?"));
        }
    }

    @Test
    void tlsIsVerifiedByDefaultAndACustomTrustStoreIsHonoured(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.cer");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "sap", "-keyalg", "EC", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        keytool("-exportcert", "-alias", "sap", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "sap", "-file", cert.toString(), "-keystore",
                truststore.toString(), "-storetype", "PKCS12", "-storepass", "trustpass");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        try (SapStandIn sap = SapStandIn.builder().generate(5, 1).tls(tls).start()) {
            assertThat(sap.serviceRoot().getScheme()).isEqualTo("https");
            assertThatThrownBy(() -> Fetch.run(Fetch.settings(sap).build()))
                    .isInstanceOfSatisfying(SapException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SapException.Kind.TLS);
                        assertThat(e.isTransient()).isFalse();
                    });
            ClientList list = Fetch.run(Fetch.settings(sap).trustStore(truststore, "trustpass").build());
            assertThat(list.fetched()).isEqualTo(5);
            // the certificate as a PEM file (keytool -rfc), as a company CA is handed out: no password
            Path pem = dir.resolve("company-ca.pem");
            keytool("-exportcert", "-rfc", "-alias", "sap", "-keystore", keystore.toString(), "-storepass", "changeit",
                    "-file", pem.toString());
            assertThat(Fetch.run(Fetch.settings(sap).trustStore(pem, null).build()).fetched()).isEqualTo(5);
        }
    }

    @Test
    void urlsInErrorsLoseUserInfoAndSecretParameters() {
        assertThat(braid.sap.internal.Urls.sanitize(
                URI.create("https://u:pw@h/sap/x?sap-client=100&sap-password=pw&APIKey=k&$top=1")))
                .hasToString("https://h/sap/x?sap-client=100&sap-password=***&APIKey=***&$top=1");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        var command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
