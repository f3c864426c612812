package braid.http;

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

    @Test
    void credentialsComeFromTheProxyUrlsUserInfoPercentDecoded() {
        var c = ProxySettings.credentials("http://braid:p%40ss%3Aword@proxy.corp:3128").orElseThrow();
        assertThat(c.getUserName()).isEqualTo("braid");
        assertThat(new String(c.getPassword())).isEqualTo("p@ss:word");
        assertThat(ProxySettings.credentials("proxy.corp:3128")).isEmpty();
    }

    @Test
    void environmentCredentialsAreThoseOfHttpsProxyUnlessTheVariablesNameDifferentProxies() {
        var same = ProxySettings.credentialsFromEnvironment(Map.of(
                "https_proxy", "http://braid:secret@proxy.corp:3128", "http_proxy", "http://proxy.corp:3128")).orElseThrow();
        assertThat(same.getUserName()).isEqualTo("braid");
        assertThat(ProxySettings.credentialsFromEnvironment(Map.of("HTTP_PROXY", "http://u:pw@p:8080"))).isPresent();
        // One set of credentials goes to whichever proxy the selector picks: never hand one proxy's password to another.
        assertThat(ProxySettings.credentialsFromEnvironment(Map.of(
                "https_proxy", "http://braid:secret@proxy-a:3128", "http_proxy", "http://proxy-b:3128"))).isEmpty();
    }

    @Test
    void aBadProxyValueIsReportedWithoutItsPassword() {
        assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of("https_proxy", "http://braid:s3cret@/nohost")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https_proxy")
                .hasMessageNotContaining("s3cret").hasNoCause();
        assertThat(ProxySettings.redact("http://braid:s3cret@proxy:3128")).isEqualTo("http://braid:***@proxy:3128");
        assertThat(ProxySettings.redact("braid:s3cret@proxy:3128")).isEqualTo("braid:***@proxy:3128");
        assertThat(ProxySettings.redact("http://proxy:3128")).isEqualTo("http://proxy:3128");
    }
}
