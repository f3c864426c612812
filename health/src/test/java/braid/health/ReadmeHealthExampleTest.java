package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import braid.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's health configuration loads as written (its trust store and password file made by the test). */
class ReadmeHealthExampleTest {

    @Test
    void theReadmesHealthSectionLoads(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\nhealth:");
        assertThat(start).as("the README has a health example").isPositive();
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
        TestCertificates certs = TestCertificates.generate(dir.resolve("tls"), "ca");
        Files.copy(certs.trustStore, dir.resolve("ca.p12"));
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/ca"), TestCertificates.STORE_PASSWORD);
        Path cfg = Files.writeString(dir.resolve("health.yaml"), yaml);
        HealthChecks c = HealthChecks.read(cfg, java.util.Map.of("PROXY_PASSWORD", "pr0xy"));
        assertThat(c.checks()).extracting(HealthCheck::name).containsExactly("shop", "db", "relay", "log-volume", "access-log-fresh", "errors", "system", "oom", "5xx",
                "disk-root", "client-sites");
        assertThat(c.checks().get(7)).isInstanceOfSatisfying(HealthCheck.Journal.class, j -> {
            assertThat(j.unit()).isNull();
            assertThat(j.match().matcher("kernel: Out of memory: Killed process 4242").find()).isTrue();
            assertThat(j.max()).containsEntry("error", 0L);
        });
        assertThat(c.checks().get(2)).isInstanceOfSatisfying(HealthCheck.Smtp.class, m -> {
            assertThat(m.hostName()).isEqualTo("mail.example.com");
            assertThat(m.security()).isEqualTo(HealthCheck.Smtp.Security.STARTTLS);
        });
        assertThat(c.sslContext()).isNotNull();
        assertThat(c.alertAfter()).containsEntry("db", 3);
        assertThat(c.stateDir()).isEqualTo(dir.resolve("state"));
        // through the proxy with its credentials, except the hosts noProxy names
        assertThat(c.proxy()).isNotNull();
        assertThat(c.proxy().credentials().headerValue()).isEqualTo(braid.testkit.TestProxy.basic("braid", "pr0xy"));
        assertThat(c.proxy().selector().select(java.net.URI.create("https://shop.example.com/")).getFirst().address())
                .hasToString("proxy.example.com/<unresolved>:3128");
        assertThat(c.proxy().selector().select(java.net.URI.create("http://wiki.internal.example.com/")).getFirst())
                .isEqualTo(java.net.Proxy.NO_PROXY);
    }
}
