package braid.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {
    @Test
    void httpsProxyVariableRoutesHttpsUrlsAndNoProxyHostsGoDirect() {
        var selector = ProxySettings.fromEnvironment(Map.of(
                "https_proxy", "http://proxy.corp:3128", "no_proxy", "localhost,.intranet.corp,127.0.0.1")).orElseThrow();

        Proxy p = selector.select(URI.create("https://www.example.com/news")).getFirst();
        assertThat(((InetSocketAddress) p.address()).getHostString()).isEqualTo("proxy.corp");
        assertThat(((InetSocketAddress) p.address()).getPort()).isEqualTo(3128);
        assertThat(selector.select(URI.create("https://wiki.intranet.corp/")).getFirst()).isEqualTo(Proxy.NO_PROXY);
        assertThat(selector.select(URI.create("http://127.0.0.1:8080/")).getFirst()).isEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void upperCaseVariablesCountToo() {
        assertThat(ProxySettings.fromEnvironment(Map.of("HTTPS_PROXY", "proxy:8080"))).isPresent();
    }

    @Test
    void noVariablesMeansNoProxy() {
        assertThat(ProxySettings.fromEnvironment(Map.of("PATH", "/bin"))).isEmpty();
    }

    @Test
    void garbageProxyValueIsRejectedWithTheVariableName() {
        assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of("https_proxy", "http://")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https_proxy");
    }
}
