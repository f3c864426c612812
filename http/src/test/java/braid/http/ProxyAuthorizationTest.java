package braid.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wording of a proxy's 407, which is all a user sees of a proxy that will not let braid through. */
class ProxyAuthorizationTest {
    private static final InetSocketAddress PROXY = InetSocketAddress.createUnresolved("proxy.corp", 3128);
    private static final ProxyAuthorization CREDENTIALS =
            ProxyAuthorization.of(new PasswordAuthentication("braid", "s3cret".toCharArray()));

    @Test
    void whenThisJvmDisablesBasicForTunnelsTheMessageSaysTheCredentialsWereNotSentAndHowToFixIt() {
        String before = System.getProperty(ProxyAuthorization.TUNNELLING_PROPERTY);
        // The JDK read the property when its client first initialised; only our reading changes here.
        System.setProperty(ProxyAuthorization.TUNNELLING_PROPERTY, "Basic");
        try {
            assertThat(ProxyAuthorization.basicTunnellingDisabled()).isTrue();
            String m = ProxyAuthorization.describeRejection(PROXY, CREDENTIALS.user(), true, List.of("Basic realm=\"corp\""));
            assertThat(m).contains("proxy authentication failed at proxy proxy.corp:3128",
                    "credentials of user braid were not sent", "-Djdk.http.auth.tunneling.disabledSchemes=");
            // Plain-http requests are not tunnelled: there the credentials were sent and rejected.
            assertThat(ProxyAuthorization.describeRejection(PROXY, CREDENTIALS.user(), false, List.of()))
                    .contains("rejected the credentials of user braid");
        } finally {
            if (before == null) System.clearProperty(ProxyAuthorization.TUNNELLING_PROPERTY);
            else System.setProperty(ProxyAuthorization.TUNNELLING_PROPERTY, before);
        }
    }

    @Test
    void aProxyThatOffersNoBasicIsNamedWithTheSchemesItWants() {
        String before = System.getProperty(ProxyAuthorization.TUNNELLING_PROPERTY);
        System.setProperty(ProxyAuthorization.TUNNELLING_PROPERTY, "");
        try {
            assertThat(ProxyAuthorization.describeRejection(PROXY, CREDENTIALS.user(), true, List.of("NTLM", "Negotiate")))
                    .contains("asks for NTLM, Negotiate", "only Basic");
        } finally {
            if (before == null) System.clearProperty(ProxyAuthorization.TUNNELLING_PROPERTY);
            else System.setProperty(ProxyAuthorization.TUNNELLING_PROPERTY, before);
        }
    }

    @Test
    void theSecretStaysOutOfToString() {
        assertThat(CREDENTIALS.toString()).contains("braid").doesNotContain("s3cret", CREDENTIALS.headerValue());
    }
}
