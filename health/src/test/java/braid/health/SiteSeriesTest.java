package braid.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each client website as its own series in the Prometheus file (as the blackbox exporter gives one per target) and as
 * its own entry in the JSON, read back by braid's own parser of the text format.
 */
class SiteSeriesTest {
    @TempDir Path dir;

    private static HealthReport report() {
        SiteHealth up = new SiteHealth("1000001", URI.create("https://www.alpenrad.example/"), Status.OK, true, 200,
                Duration.ofMillis(240), Duration.ofDays(54), "HTTP 200 in 240 ms; certificate valid 54 more days");
        SiteHealth down = new SiteHealth("1000002", URI.create("http://shop.bergblick.example/"), Status.CRITICAL, false, 0, null,
                null, "no answer within 10 s");
        SiteHealth challenged = new SiteHealth("C\"3", URI.create("https://www.kaffee-kontor.example/"), Status.UNKNOWN, false, 403,
                null, Duration.ofDays(20), "it answered HTTP 403 Forbidden: it refuses automated checks");
        CheckResult sites = new CheckResult("client-sites", Status.CRITICAL, "1 of 3 client websites up; …",
                Map.of("sites", 3.0, "sites_up", 1.0));
        return new HealthReport(List.of(sites), Map.of("1000002", down, "1000001", up, "C\"3", challenged));
    }

    @Test
    void everyClientSiteIsASeriesLabelledWithItsClientAndHost() throws Exception {
        Path file = dir.resolve("braid.prom");
        Reports.writePrometheus(report(), file);
        PrometheusText.Exposition e = PrometheusText.parse(Files.readString(file));
        assertThat(e.types()).containsEntry("braid_health_site_status", "gauge").containsEntry("braid_health_site_up", "gauge");
        Map<String, Double> byKey = new java.util.HashMap<>();
        for (PrometheusText.Sample s : e.samples()) {
            if (s.name().startsWith("braid_health_site_")) byKey.put(s.name() + " " + s.labels().get("client") + " " + s.labels().get("host"), s.value());
        }
        assertThat(byKey).containsEntry("braid_health_site_status 1000001 www.alpenrad.example", 0.0)
                .containsEntry("braid_health_site_up 1000001 www.alpenrad.example", 1.0)
                .containsEntry("braid_health_site_http_status 1000001 www.alpenrad.example", 200.0)
                .containsEntry("braid_health_site_latency_seconds 1000001 www.alpenrad.example", 0.24)
                .containsEntry("braid_health_site_certificate_expiry_seconds 1000001 www.alpenrad.example", 54 * 86_400.0)
                .containsEntry("braid_health_site_status 1000002 shop.bergblick.example", 2.0)
                .containsEntry("braid_health_site_up 1000002 shop.bergblick.example", 0.0)
                .containsEntry("braid_health_site_status C\"3 www.kaffee-kontor.example", 3.0) // a quote in a label, escaped and read back
                .doesNotContainKey("braid_health_site_http_status 1000002 shop.bergblick.example")
                .doesNotContainKey("braid_health_site_latency_seconds 1000002 shop.bergblick.example");
        // the check's own series are still there
        assertThat(e.samples()).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("braid_health_sites_up");
            assertThat(s.labels()).containsEntry("check", "client-sites");
        });
        // by client id, in order
        List<String> order = e.samples().stream().filter(s -> s.name().equals("braid_health_site_up")).map(s -> s.labels().get("client")).toList();
        assertThat(order).containsExactly("1000001", "1000002", "C\"3");
    }

    @Test
    void theJsonListsEveryClientSite() throws Exception {
        JsonNode root = new ObjectMapper().readTree(Reports.json(report()));
        assertThat(root.get("status").asText()).isEqualTo("CRITICAL");
        JsonNode sites = root.get("clientSites");
        assertThat(sites).hasSize(3);
        assertThat(sites.get(0).get("client").asText()).isEqualTo("1000001");
        assertThat(sites.get(0).get("responseTimeSeconds").asDouble()).isEqualTo(0.24);
        assertThat(sites.get(0).get("certificateDays").asLong()).isEqualTo(54);
        assertThat(sites.get(1).has("httpStatus")).isFalse();
        assertThat(sites.get(2).get("status").asText()).isEqualTo("UNKNOWN");
        // without client sites, no key
        assertThat(new ObjectMapper().readTree(Reports.json(List.of(new CheckResult("db", Status.OK, "ok", Map.of())))).has("clientSites")).isFalse();
    }
}
