package braid.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
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
    void noProxyTakesAddressRangesAndAddressesInAnyWritingAsCurlDoes() {
        String list = "localhost, .corp.example, 10.0.0.0/8, 192.168.1.0/24:443, fd00::/8, [::1]:8080, 0:0:0:0:0:0:0:2";
        assertThat(ProxySettings.exempts(list, "10.1.2.3")).isTrue();
        assertThat(ProxySettings.exempts(list, "11.1.2.3")).isFalse();
        assertThat(ProxySettings.exempts(list, "192.168.1.200")).isTrue();
        assertThat(ProxySettings.exempts(list, "192.168.2.1")).isFalse();
        assertThat(ProxySettings.exempts(list, "[fd12:3456::1]")).isTrue();
        assertThat(ProxySettings.exempts(list, "fe80::1")).isFalse();
        assertThat(ProxySettings.exempts(list, "[::1]")).as("an address in another writing").isTrue();
        assertThat(ProxySettings.exempts(list, "::2")).isTrue();
        assertThat(ProxySettings.exempts(list, "sap.corp.example")).isTrue();
        assertThat(ProxySettings.exempts(list, "corp.example")).isTrue();
        assertThat(ProxySettings.exempts(list, "notcorp.example")).isFalse();
        // a range never matches a name (nothing is resolved), and a range that is not one matches nothing
        assertThat(ProxySettings.exempts("10.0.0.0/8", "ten.example")).isFalse();
        assertThat(ProxySettings.exempts("10.0.0.0/33, 10.0.0.0/x, banana/8", "10.0.0.1")).isFalse();
        assertThat(ProxySettings.exempts("0.0.0.0/0", "203.0.113.9")).isTrue();
        assertThat(ProxySettings.exempts("*", "anything.example")).isTrue();
        assertThat(ProxySettings.exempts("2.3, 0.0.1", "10.0.0.1")).as("an address is no domain of another").isFalse();
        assertThat(ProxySettings.exempts("10.0.0.1", "10.0.0.1")).isTrue();
        assertThat(ProxySettings.exempts(null, "localhost.example")).isFalse();

        var selector = ProxySettings.fromEnvironment(Map.of("https_proxy", "http://proxy.corp:3128", "no_proxy", list))
                .orElseThrow();
        assertThat(selector.select(URI.create("https://10.20.30.40:8443/sap/opu/odata/")).getFirst()).isEqualTo(Proxy.NO_PROXY);
        assertThat(selector.select(URI.create("https://[fd00::5]/")).getFirst()).isEqualTo(Proxy.NO_PROXY);
        assertThat(selector.select(URI.create("https://203.0.113.9/")).getFirst()).isNotEqualTo(Proxy.NO_PROXY);
    }

    @Test
    void loopbackHostsGoDirectWhateverTheProxyAndNoProxySayAsTheJdkAndGoDecide() {
        // at a proxy, localhost is the proxy's own machine: node_exporter on localhost:9100 would be the proxy's
        for (String host : List.of("localhost", "LOCALHOST", "localhost.", "metrics.localhost", "127.0.0.1", "127.8.9.10",
                "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1")) {
            assertThat(ProxySettings.isLoopback(host)).as(host).isTrue();
            assertThat(ProxySettings.exempts(null, host)).as(host).isTrue();
            assertThat(ProxySettings.exempts("", host)).as(host).isTrue();
        }
        for (String host : List.of("localhost.example", "notlocalhost", "128.0.0.1", "10.0.0.1", "::2", "site.test", "126.255.255.255")) {
            assertThat(ProxySettings.isLoopback(host)).as(host).isFalse();
            assertThat(ProxySettings.exempts(null, host)).as(host).isFalse();
        }
        var env = ProxySettings.fromEnvironment(Map.of("https_proxy", "http://proxy.corp:3128", "http_proxy", "http://proxy.corp:3128"))
                .orElseThrow();
        var configured = ProxySettings.of("health.proxy", "http://proxy.corp:3128", null);
        var option = ProxySettings.of("http://proxy.corp:3128");
        for (var selector : List.of(env, configured, option)) {
            assertThat(selector.select(URI.create("http://localhost:9100/metrics")).getFirst()).isEqualTo(Proxy.NO_PROXY);
            assertThat(selector.select(URI.create("https://127.0.0.1:8443/")).getFirst()).isEqualTo(Proxy.NO_PROXY);
            assertThat(selector.select(URI.create("https://[::1]:8443/")).getFirst()).isEqualTo(Proxy.NO_PROXY);
            assertThat(selector.select(URI.create("https://shop.example.com/")).getFirst().address())
                    .isEqualTo(java.net.InetSocketAddress.createUnresolved("proxy.corp", 3128));
        }
    }

    @Test
    void aProxyOverTlsOrSocksIsRefusedInWordsInsteadOfSpokenToInPlainHttp() {
        assertThat(ProxySettings.unsupported("http://proxy.corp:3128")).isEmpty();
        assertThat(ProxySettings.unsupported("proxy.corp:3128")).isEmpty();
        assertThat(ProxySettings.unsupported("https://braid:s3cret@proxy.corp:3129")).hasValueSatisfying(m -> assertThat(m)
                .contains("a proxy reached over TLS (https://proxy.corp:3129) is not supported", "write http://proxy.corp:3129")
                .doesNotContain("s3cret"));
        assertThat(ProxySettings.unsupported("socks5://proxy.corp:1080")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("a SOCKS proxy (socks5://) is not supported"));
        assertThat(ProxySettings.unsupported("ftp://proxy.corp:21")).hasValue("'ftp://' is not a proxy URL's scheme; write http://proxy.corp:21");
        // the environment's variable: refused naming it, never spoken to in plain HTTP with its credentials
        assertThatThrownBy(() -> ProxySettings.fromEnvironment(Map.of("https_proxy", "https://braid:s3cret@proxy.corp:3129")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("https_proxy: a proxy reached over TLS")
                .message().doesNotContain("s3cret");
        assertThatThrownBy(() -> ProxySettings.of("socks5h://proxy.corp:1080")).hasMessageContaining("SOCKS");
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
