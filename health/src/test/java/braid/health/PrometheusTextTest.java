package braid.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Round trips through what the official Java writers produce, and real exporters' lines. */
class PrometheusTextTest {

    private static PrometheusRegistry registry() {
        PrometheusRegistry r = new PrometheusRegistry();
        Counter c = Counter.builder().name("http_requests_total").help("Requests.").labelNames("path", "code").register(r);
        c.labelValues("/a\"b\\c\nd", "200").inc(7);
        c.labelValues("/", "500").inc(2);
        Gauge g = Gauge.builder().name("temperature_celsius").help("Heat.").register(r);
        g.set(Double.NEGATIVE_INFINITY);
        Histogram h = Histogram.builder().name("latency_seconds").help("Latency.").classicUpperBounds(0.1, 1.0).register(r);
        h.observe(0.05);
        h.observe(0.5);
        h.observe(5);
        Summary s = Summary.builder().name("size_bytes").help("Sizes.").quantile(0.5, 0.01).register(r);
        s.observe(10);
        s.observe(30);
        return r;
    }

    private static String write(boolean openMetrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (openMetrics) OpenMetricsTextFormatWriter.create().write(out, registry().scrape());
        else PrometheusTextFormatWriter.create().write(out, registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whatTheOfficialWritersProduceReadsBackInBothFormats() throws Exception {
        for (boolean om : new boolean[]{false, true}) {
            String text = write(om);
            PrometheusText.Exposition e = PrometheusText.parse(text);
            String total = om ? "http_requests_total" : "http_requests_total";
            assertThat(e.samples()).as(text).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo(total);
                assertThat(s.labels()).containsEntry("path", "/a\"b\\c\nd").containsEntry("code", "200");
                assertThat(s.value()).isEqualTo(7.0);
            });
            assertThat(e.samples()).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("temperature_celsius");
                assertThat(s.value()).isEqualTo(Double.NEGATIVE_INFINITY);
            });
            assertThat(e.samples()).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("latency_seconds_bucket");
                assertThat(s.labels()).containsEntry("le", "+Inf");
                assertThat(s.value()).isEqualTo(3.0);
            });
            assertThat(e.samples()).anySatisfy(s -> {
                assertThat(s.name()).isEqualTo("size_bytes");
                assertThat(s.labels()).containsEntry("quantile", "0.5");
            });
            assertThat(e.types()).containsEntry("latency_seconds", "histogram").containsEntry("size_bytes", "summary");
        }
    }

    @Test
    void realExporterLinesTimestampsExemplarsAndEof() {
        String node = """
                # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
                # TYPE node_filesystem_avail_bytes gauge
                node_filesystem_avail_bytes{device="/dev/sda1",fstype="ext4",mountpoint="/"} 1.3466345472e+09
                node_filesystem_avail_bytes{device="tmpfs",fstype="tmpfs",mountpoint="/run"} 8.35059712e+08
                up 1 1712345678901
                rpc_duration_seconds{quantile="0.99",} NaN
                foo_total{a="b"} 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67
                # EOF
                """;
        PrometheusText.Exposition e = PrometheusText.parse(node);
        assertThat(e.samples()).hasSize(5);
        assertThat(e.samples().get(0).value()).isEqualTo(1.3466345472e9);
        assertThat(e.samples().get(2).timestamp()).isEqualTo(1712345678901.0);
        assertThat(e.samples().get(3).value()).isNaN();
        assertThat(e.samples().get(4).labels()).isEqualTo(Map.of("a", "b"));
        assertThatThrownBy(() -> PrometheusText.parse("# EOF\nup 1\n")).hasMessage("line 2: text after # EOF");
    }

    @Test
    void htmlAndBrokenLinesAreNamedWithTheirLine() {
        assertThatThrownBy(() -> PrometheusText.parse("<!doctype html>\n<html>")).hasMessage("line 1: not a sample: '<!doctype html>' (this is HTML, not metrics)");
        assertThatThrownBy(() -> PrometheusText.parse("up 1\nx{a=\"b} 2")).hasMessage("line 2: the value of label a has no closing quote");
        assertThatThrownBy(() -> PrometheusText.parse("up one")).hasMessage("line 1: the value 'one' is not a number");
    }

    @Test
    void rulesMatchLabelsAndCompare() {
        PrometheusText.Exposition e = PrometheusText.parse("""
                node_filesystem_avail_bytes{mountpoint="/"} 1.5e9
                node_filesystem_avail_bytes{mountpoint="/run"} 9e9
                node_filesystem_avail_bytes{mountpoint="/var/log"} 1e9
                """);
        PrometheusRule r = PrometheusRule.parse("node_filesystem_avail_bytes{mountpoint=\"/\"} < 2e9");
        assertThat(r.series(e)).hasSize(1);
        assertThat(r.fires(r.series(e).getFirst().value())).isTrue();
        PrometheusRule notRun = PrometheusRule.parse("node_filesystem_avail_bytes{mountpoint!=\"/run\", mountpoint=~\"/.*\"} >= 1.2e9");
        assertThat(notRun.series(e).stream().map(s -> s.labels().get("mountpoint")).toList()).containsExactly("/", "/var/log");
        assertThat(PrometheusRule.parse("absent_metric > 0").series(e)).isEmpty();
        assertThatThrownBy(() -> PrometheusRule.parse("up ~ 1")).hasMessageContaining("a rule looks like");
        assertThat(List.of(r.toString())).containsExactly("node_filesystem_avail_bytes{mountpoint=\"/\"} < 2e9");
    }

    @Test
    void valuesAreShownAsAnOperatorWritesThemAndReadBackTheSame() {
        Map<Double, String> shown = new java.util.LinkedHashMap<>();
        shown.put(2e9, "2e9");
        shown.put(1e12, "1e12");
        shown.put(1346634547.0, "1346634547");
        shown.put(1346634547.2, "1346634547.2");
        shown.put(0.5, "0.5");
        shown.put(100.0, "100");
        shown.put(-3.0, "-3");
        shown.put(1.5e-4, "1.5e-4");
        shown.put(1e20, "1e20");
        shown.put(Double.NaN, "NaN");
        shown.put(Double.POSITIVE_INFINITY, "+Inf");
        shown.put(Double.NEGATIVE_INFINITY, "-Inf");
        shown.forEach((v, text) -> {
            assertThat(braid.health.internal.Probes.number(v)).as(String.valueOf(v)).isEqualTo(text);
            if (!v.isNaN() && !v.isInfinite()) assertThat(Double.parseDouble(text)).isEqualTo(v);
        });
        assertThat(PrometheusRule.parse("up != 1.0").toString()).isEqualTo("up != 1");
    }
}
