package braid.sap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The website's fast path ({@link PartnerMapper#plain}) says yes only where {@code java.net.URI} finds a site's host in
 * the string as it is, so a website is kept exactly as before the fast path; and it says yes for the common websites,
 * or it would save nothing.
 */
class PartnerMapperTest {
    /** What website() did for every string before the fast path: the string itself when URI finds a site's host in it. */
    private static boolean uriTakesItAsItIs(String s) {
        try {
            String host = new URI(s).getHost();
            if (host == null) return false;
            int dot = host.indexOf('.');
            return host.startsWith("[") || dot > 0 && dot < host.length() - 1;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    @Test
    void theCommonWebsitesTakeTheFastPath() {
        for (String s : List.of("https://www.alpenrad.example/", "http://shop.bergblick.example", "https://WWW.Kaffee-Kontor.example",
                "https://www.client-4711.example.de/start/index.html", "https://a-b.c-d.example/path;x=1/%C3%BC~(1)*$,+&=@:'!")) {
            assertThat(PartnerMapper.plain(s)).as(s).isTrue();
            assertThat(uriTakesItAsItIs(s)).as(s).isTrue();
            assertThat(PartnerMapper.website(s)).isEqualTo(s);
        }
    }

    @Test
    void whatTheFastPathLeavesToUriIncludesEveryTrickyForm() {
        for (String s : List.of("https://www.müller-bau.de/", "https://nordlicht-reisen.example:443/start", "https://-a.example/",
                "https://a-.example/", "https://www.example.123/", "https://1.2.3.4/", "https://www.x.de./", "https://x/",
                "https://a..b/", "https://www.x.de/a b", "https://www.x.de/%zz", "https://www.x.de/%4", "https://user@x.de/",
                "https://x.de?q=1", "https://x.de#top", "https://x_y.example/", "ftp://x.example/", "https://", "https://.x.de/")) {
            assertThat(PartnerMapper.plain(s)).as(s).isFalse();
        }
    }

    @Test
    void neverYesWhereUriWouldNotTakeTheStringAsItIs() {
        Random random = new Random(17);
        String alphabet = "abcXYZ019.-/%_:?#@ ü~()'!*;=+$,&Fe";
        int yes = 0;
        for (int n = 0; n < 300_000; n++) {
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "https://" : "http://");
            int len = 1 + random.nextInt(14);
            for (int i = 0; i < len; i++) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String s = b.toString();
            if (PartnerMapper.plain(s)) {
                yes++;
                assertThat(uriTakesItAsItIs(s)).as(s).isTrue();
                assertThat(PartnerMapper.website(s)).as(s).isEqualTo(s);
            }
        }
        assertThat(yes).as("strings the fast path took").isGreaterThan(100);
    }
}
