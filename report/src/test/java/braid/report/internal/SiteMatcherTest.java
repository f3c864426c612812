package braid.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import braid.logs.SiteFigures;
import braid.report.config.SiteMatchConfig;
import braid.sap.SapClient;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two virtual hosts that are one site by the matching rule (nginx's {@code $host} logs both alpenrad.example and
 * www.alpenrad.example): the client's e-mail has the figures of the one with the most requests, whatever the map's
 * order — not the redirect's — and the run says which it took.
 */
class SiteMatcherTest {
    static SiteFigures requests(long n) {
        return new SiteFigures(n, n / 2, n * 1000, Map.of("2xx", n), Map.of(200, n), List.of(), List.of(), List.of(), List.of(),
                Collections.nCopies(24, n / 24), 0);
    }

    @Test
    void ofTwoVirtualHostsThatAreOneSiteTheBusierIsTakenAndTheRunSaysSo() {
        SapClient alpenrad = new SapClient("1000001", "Alpenrad GmbH", "info@alpenrad.example",
                "https://www.alpenrad.example/", braid.sap.Category.ORGANIZATION);
        SapClient other = new SapClient("1000002", "Bergblick", "info@bergblick.example",
                "https://shop.bergblick.example/", braid.sap.Category.ORGANIZATION);
        for (boolean redirectFirst : new boolean[]{true, false}) {
            Map<String, SiteFigures> vhosts = new LinkedHashMap<>();
            if (redirectFirst) vhosts.put("alpenrad.example", requests(120));
            vhosts.put("www.alpenrad.example", requests(4_916));
            if (!redirectFirst) vhosts.put("alpenrad.example", requests(120));
            vhosts.put("shop.bergblick.example", requests(4_951));
            SiteMatcher m = new SiteMatcher(SiteMatchConfig.DEFAULT, vhosts, List.of(alpenrad, other), List.of());
            assertThat(m.siteOf(alpenrad)).contains("www.alpenrad.example");
            assertThat(m.figuresOf(alpenrad).orElseThrow().requests()).isEqualTo(4_916);
            assertThat(m.warnings(List.of(alpenrad, other))).containsExactly("client 1000001: the virtual hosts www.alpenrad.example,"
                    + " alpenrad.example are all its site alpenrad.example; its e-mail has the figures of www.alpenrad.example"
                    + " (4,916 requests), without alpenrad.example (120) (the one with the most requests is taken: the others are"
                    + " usually redirects to it)");
        }
    }

    @Test
    void anInternationalizedNameMatchesItsAsciiFormWhicheverWayItIsWrittenAndTheClientReadsItAsWritten() {
        Map<String, SiteFigures> vhosts = Map.of("www.xn--mller-bau-q9a.example", requests(240), "bücher.example", requests(7));
        SapClient fromSap = new SapClient("1", "Müller Bau GmbH", "info@mueller-bau.example",
                "https://www.xn--mller-bau-q9a.example", braid.sap.Category.ORGANIZATION); // as the SAP client maps it
        SapClient overridden = new SapClient("2", "Zweigstelle", "zweig@mueller-bau.example", null, braid.sap.Category.ORGANIZATION);
        SapClient books = new SapClient("3", "Bücher", "b@x.example", "https://www.xn--bcher-kva.example/", braid.sap.Category.ORGANIZATION);
        SiteMatcher m = new SiteMatcher(new SiteMatchConfig(SiteMatchConfig.Rule.HOST, Map.of("2", "müller-bau.example"), java.util.Set.of()), vhosts,
                List.of(fromSap, overridden, books), List.of());
        assertThat(m.siteOf(fromSap)).contains("www.xn--mller-bau-q9a.example");
        assertThat(m.siteOf(overridden)).as("an override written with the umlaut").contains("www.xn--mller-bau-q9a.example");
        assertThat(m.siteOf(books)).as("a log that wrote the name with the umlaut").contains("bücher.example");
        assertThat(Figures.readable("www.xn--mller-bau-q9a.example")).isEqualTo("www.müller-bau.example");
        assertThat(Figures.readable("shop.example.com")).isEqualTo("shop.example.com");
    }

    @Test
    void aHostTheRuleGivesToTwoClientsOrThatIsTheCompanysOwnSiteIsNoClientsAndTheRunSaysSo() {
        Map<String, SiteFigures> vhosts = Map.of("www.shared-hosting.example", requests(9_000), "www.example-outdoor.example",
                requests(29_642), "www.alpenrad.example", requests(4_916));
        SapClient acme = client("1", "https://www.shared-hosting.example/acme");
        SapClient beta = client("2", "http://shared-hosting.example/beta/");
        SapClient microsite = client("3", "https://www.example-outdoor.example/partner/berg");
        SapClient own = client("4", "https://www.alpenrad.example/");
        SapClient chosen = client("5", "https://www.shared-hosting.example/acme"); // the same as acme, but overridden on purpose
        List<SapClient> all = List.of(acme, beta, microsite, own, chosen);
        SiteMatcher m = new SiteMatcher(new SiteMatchConfig(SiteMatchConfig.Rule.HOST, Map.of("5", "www.shared-hosting.example"),
                java.util.Set.of()), vhosts, all, List.of("https://www.example-outdoor.example/news/"));
        assertThat(m.siteOf(acme)).as("shared with beta").isEmpty();
        assertThat(m.siteOf(beta)).isEmpty();
        assertThat(m.siteOf(microsite)).as("the company's own site").isEmpty();
        assertThat(m.siteOf(own)).contains("www.alpenrad.example");
        assertThat(m.siteOf(chosen)).as("an override decides").contains("www.shared-hosting.example");
        assertThat(m.warnings(List.of(acme))).containsExactly("clients 1, 2 have the same website host shared-hosting.example;"
                + " its figures are no single client's, so none of them gets them as their own (siteMatch.overrides gives each"
                + " its site, or the same one on purpose)");
        assertThat(m.warnings(all)).hasSize(2).anySatisfy(w -> assertThat(w).startsWith("client 3: the website host"
                + " example-outdoor.example is the company's own site"));
        assertThat(m.warnings(List.of(own))).isEmpty();
    }

    private static SapClient client(String id, String website) {
        return new SapClient(id, "Client " + id, id + "@clients.example", website, braid.sap.Category.ORGANIZATION);
    }
}
