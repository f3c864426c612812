package braid.report.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/configuration.md honest: its examples must load, with the values it promises. */
class DocumentationExamplesTest {

    // Surefire runs with the module directory as working directory; docs/ is its sibling in the repo.
    private static final Path DOC = Path.of("..", "docs", "configuration.md");

    @TempDir
    Path dir;

    private static String example(String name) throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = Pattern.compile("<!-- example: " + name + " -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find()).as("example '%s' in %s", name, DOC).isTrue();
        return m.group(1);
    }

    @Test
    void fullExampleLoadsWithEveryValueAsWritten() throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        // the example's template directory holds templates that pass the load-time check: the shipped ones
        for (String f : new String[]{"subject.mustache", "text.mustache", "html.mustache"}) {
            try (var in = DocumentationExamplesTest.class.getResourceAsStream("/braid/mail/templates/" + f)) {
                Files.write(dir.resolve("templates").resolve(f), in.readAllBytes());
            }
        }
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/truststore-password"), "changeit\n");
        ConfigFiles.writeTrustStore(dir.resolve("sap-truststore.p12"), "changeit");
        Path file = ConfigFiles.write(dir, example("full"));

        BraidConfig c = BraidConfig.load(file, Map.of("SAP_PASSWORD", "sap-secret", "SMTP_PASSWORD", "smtp-secret",
                "https_proxy", "http://ignored-because-sap-says-none:1"));

        assertThat(c.company().timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(c.stateDir()).isEqualTo(dir.toAbsolutePath().resolve("braid-state"));
        WebsiteConfig w = c.website().orElseThrow();
        assertThat(w.window()).isEqualTo(Duration.ofDays(14));
        assertThat(w.maxBytes()).isEqualTo(5L * 1024 * 1024);
        assertThat(w.selectors()).isEqualTo(WebsiteConfig.Selectors.DEFAULT);
        assertThat(w.proxy().orElseThrow().host()).isEqualTo("proxy.example.com");
        assertThat(c.logs().access()).hasSize(2);
        assertThat(c.logs().format()).isEqualTo("vhost_combined");
        assertThat(c.sap().sapClient()).contains("100");
        assertThat(c.sap().headers()).containsExactly(Map.entry("x-correlation-source", "braid"));
        assertThat(c.sap().filter()).contains("BusinessPartnerCategory eq '2'");
        assertThat(c.sap().concurrency()).isEqualTo(8);
        assertThat(c.sap().trustStore().orElseThrow().password()).contains(Secret.of("changeit"));
        assertThat(c.sap().proxy()).isEmpty();
        assertThat(c.mail().smtp().password()).contains(Secret.of("smtp-secret"));
        assertThat(c.mail().envelopeFrom()).isEqualTo("bounces@example.com");
        assertThat(c.mail().templates()).contains(dir.toAbsolutePath().resolve("templates"));
        assertThat(c.mail().ratePerMinute()).isEqualTo(120);
        assertThat(c.mail().unsubscribeUrl()).contains("https://example.com/unsubscribe?client={clientId}");
        assertThat(c.report().siteMatch().overrides()).containsEntry("1000123", "shop.example.com");
        assertThat(c.report().siteMatch().noSite()).containsExactly("1000456");
        assertThat(c.report().maxClientDropPercent()).isEqualTo(20.0);
        assertThat(c.operator().recipients()).containsExactly(new MailAddress("ops@example.com", ""));
        assertThat(c.secrets()).containsExactlyInAnyOrder("sap-secret", "smtp-secret", "changeit");
    }

    @Test
    void minimalExampleLoadsWithDefaults() throws Exception {
        Path file = ConfigFiles.write(dir, example("minimal"));

        BraidConfig c = BraidConfig.load(file, Map.of("SAP_PASSWORD", "sap-secret"));

        assertThat(c.website()).isEmpty();
        assertThat(c.mail().smtp().port()).isEqualTo(587);
        assertThat(c.retention()).isEqualTo(RetentionConfig.DEFAULT);
    }

    @Test
    void minimalExampleIsTheOneTheTestsUse() throws Exception {
        assertThat(example("minimal").replace("\"Example Reports <reports@example.com>\"",
                "Example Reports <reports@example.com>")).isEqualTo(ConfigFiles.MINIMAL);
    }
}
