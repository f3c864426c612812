package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sandbox.SapStandIn;
import braid.sandbox.SapStandIn.Email;
import braid.sandbox.SapStandIn.Partner;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BusinessPartnerClientTest {

    @Test
    void readsEveryPartnerOnceAcrossServerCappedPagesFetchedConcurrently() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(1000, 7).pageSize(40)
                .latency(Duration.ofMillis(20)).start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).pageSize(100).concurrency(4).build());

            // Generator rules: i % 17 == 8 blocked; i % 19 == 9 archived unless also blocked.
            int blocked = (int) IntStream.range(0, 1000).filter(i -> i % 17 == 8).count();
            int archived = (int) IntStream.range(0, 1000).filter(i -> i % 19 == 9 && i % 17 != 8).count();
            assertThat(list.fetched()).isEqualTo(1000);
            assertThat(list.blocked()).isEqualTo(blocked);
            assertThat(list.archived()).isEqualTo(archived);
            assertThat(list.clients()).hasSize(1000 - blocked - archived);
            Set<String> ids = new HashSet<>();
            list.clients().forEach(c -> assertThat(ids.add(c.id())).as("duplicate %s", c.id()).isTrue());
            // First page capped at 40 although 100 were asked: the window is 40, so 25 pages in all.
            assertThat(sap.dataRequests()).isEqualTo(25 + 1);
            assertThat(sap.maxConcurrentDataRequests()).isBetween(2, 4);
            assertThat(list.clients()).extracting(SapClient::id).isSorted();
        }
    }

    @Test
    void readsUncappedPagesInWindowsOfThePageSize() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(250, 1).pageSize(1000).start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).pageSize(100).build());
            assertThat(list.fetched()).isEqualTo(250);
            assertThat(sap.requests()).extracting(r -> query(r.uri(), "$skip"))
                    .containsExactlyInAnyOrder("0", "100", "200", "250");
        }
    }

    @Test
    void mapsNamesByCategoryDefaultEmailAndDefaultWebsite() throws Exception {
        List<Partner> partners = List.of(
                Partner.organization("1", "Brückner & Söhne", "GmbH").withWebsite("www.brueckner.example"),
                Partner.person("2", "Seán", "O'Brien").withEmails(new Email("old@obrien.example", false),
                        new Email("sean@obrien.example", true)),
                Partner.person("3", "山田", "太郎").withEmails(new Email("first@x.example", false),
                        new Email("second@x.example", false)),
                new Partner("4", "3", "", "", "", "", "\"Quoted\" Group", "4", List.of(), null, false, false, null),
                Partner.person("5", "", "").withCustomer("5"));
        try (SapStandIn sap = SapStandIn.builder().partners(partners).start()) {
            List<SapClient> clients = Fetch.run(Fetch.settings(sap).build()).clients();
            assertThat(clients).containsExactly(
                    new SapClient("1", "Brückner & Söhne GmbH", null, "https://www.brueckner.example",
                            Category.ORGANIZATION),
                    new SapClient("2", "Seán O'Brien", "sean@obrien.example", null, Category.PERSON),
                    new SapClient("3", "山田 太郎", "first@x.example", null, Category.PERSON),
                    new SapClient("4", "\"Quoted\" Group", null, null, Category.GROUP),
                    new SapClient("5", "5", null, null, Category.PERSON));
        }
    }

    @Test
    void websitesAsTypedIntoSapAreKeptInTheFormBrowsersSendAndWhatIsNoSiteIsDropped() throws Exception {
        List<Partner> partners = List.of(
                Partner.organization("1", "Müller Bau", "GmbH").withWebsite("www.müller-bau.example"),
                Partner.organization("2", "Büro", "KG").withWebsite("https://www.Bücher.example:8443/über uns?q=ä"),
                Partner.organization("3", "Space", "AG").withWebsite("https://shop.example.com/de shop"),
                Partner.organization("4", "NA", "AG").withWebsite("n/a"),
                Partner.organization("5", "Dash", "AG").withWebsite("-"),
                Partner.organization("6", "Two", "AG").withWebsite("www.a.example, www.b.example"),
                Partner.organization("7", "Local", "AG").withWebsite("http://localhost:8080/"),
                Partner.organization("8", "Plain", "AG").withWebsite("https://www.plain.example/"));
        try (SapStandIn sap = SapStandIn.builder().partners(partners).start()) {
            List<SapClient> clients = Fetch.run(Fetch.settings(sap).build()).clients();
            assertThat(clients).extracting(SapClient::website).containsExactly(
                    "https://www.xn--mller-bau-q9a.example",
                    "https://www.xn--bcher-kva.example:8443/%C3%BCber%20uns?q=%C3%A4",
                    "https://shop.example.com/de%20shop",
                    null, null, null, null,
                    "https://www.plain.example/");
            for (SapClient c : clients) {
                if (c.website() != null) {
                    assertThat(URI.create(c.website()).getHost()).as(c.website()).isNotNull(); // as SapClient promises
                }
            }
        }
    }

    @Test
    void leavesOutBlockedAndArchivedPartnersAndCountsThem() throws Exception {
        List<Partner> partners = List.of(Partner.person("1", "A", "B").withEmail("a@b.example"),
                Partner.person("2", "C", "D").withBlocked(true),
                Partner.person("3", "E", "F").withArchived(true),
                Partner.person("4", "G", "H").withBlocked(true).withArchived(true));
        try (SapStandIn sap = SapStandIn.builder().partners(partners).start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).build());
            assertThat(list.clients()).extracting(SapClient::id).containsExactly("1");
            assertThat(list.fetched()).isEqualTo(4);
            assertThat(list.blocked()).isEqualTo(2);
            assertThat(list.archived()).isEqualTo(1);
            assertThat(list.summary()).isEqualTo("fetched 4, listed 1, left out 3 (blocked 2, archived 1), "
                    + "invalid e-mail 0, without e-mail 0");
        }
    }

    @Test
    void reportsInvalidEmailAddressesAndNeverListsThemForSending() throws Exception {
        List<Partner> partners = List.of(Partner.person("1", "A", "B").withEmail("a@@b.example"),
                Partner.person("2", "C", "D").withEmail("no-at-sign.example"),
                Partner.person("3", "E", "F").withEmail("e f@x.example"),
                Partner.person("4", "G", "H").withEmail("ok.name+tag@sub.example.co"),
                Partner.person("5", "I", "J"));
        try (SapStandIn sap = SapStandIn.builder().partners(partners).start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).build());
            assertThat(list.invalid()).extracting(InvalidEmail::partnerId).containsExactly("1", "2", "3");
            assertThat(list.clients()).filteredOn(c -> c.email() != null).extracting(SapClient::id)
                    .containsExactly("4");
            assertThat(list.withoutEmail()).isEqualTo(1);
        }
    }

    @Test
    void sendsSelectExpandFormatAndSapClientButNeverACsrfToken() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(10, 1).sapClient("100").start()) {
            Fetch.run(Fetch.settings(sap).sapClient("100").header("X-Tenant", "t1").build());
            var request = sap.requests().getFirst();
            assertThat(query(request.uri(), "$select")).isEqualTo(BusinessPartnerClient.SELECT);
            assertThat(query(request.uri(), "$expand")).isEqualTo(
                    "to_BusinessPartnerAddress/to_EmailAddress,to_BusinessPartnerAddress/to_URLAddress");
            assertThat(query(request.uri(), "$format")).isEqualTo("json");
            assertThat(query(request.uri(), "$inlinecount")).isEqualTo("allpages");
            assertThat(query(request.uri(), "sap-client")).isEqualTo("100");
            assertThat(request.header("sap-client")).isEqualTo("100");
            assertThat(request.header("X-Tenant")).isEqualTo("t1");
            assertThat(sap.requests()).allSatisfy(r -> assertThat(r.header("x-csrf-token")).isNull());
        }
    }

    @Test
    void refusesACsrfTokenHeaderInSettings() {
        assertThatThrownBy(() -> SapSettings.builder(URI.create("http://h/x")).header("X-CSRF-Token", "Fetch").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("X-CSRF-Token");
    }

    @Test
    void followsRelativeNextLinksAsOpaqueWithoutReappendingQueryParameters() throws Exception {
        // Without __count the client cannot split the work and walks __next; the stand-in sends it relative.
        try (SapStandIn sap = SapStandIn.builder().generate(60, 3).pageSize(10).relativeNext(true)
                .ignoreInlineCount().start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).pageSize(25).build());
            assertThat(list.fetched()).isEqualTo(60);
            assertThat(sap.dataRequests()).isEqualTo(7);
            assertThatEveryQueryParameterAppearsOnce(sap);
        }
    }

    @Test
    void followsNextInsideAWindowWhenTheServerSendsAShortPage() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(100, 3).pageSize(10)
                .fault(SapStandIn.Fault.SHORT_PAGE, r -> r % 3 == 0).start()) {
            ClientList list = Fetch.run(Fetch.settings(sap).pageSize(10).build());
            assertThat(list.fetched()).isEqualTo(100);
            assertThat(sap.requests()).anySatisfy(r -> assertThat(r.uri().getRawQuery()).contains("$skiptoken="));
            assertThatEveryQueryParameterAppearsOnce(sap);
        }
    }

    private static void assertThatEveryQueryParameterAppearsOnce(SapStandIn sap) {
        for (var r : sap.requests()) {
            String raw = r.uri().getRawQuery();
            for (String name : List.of("$select", "$expand", "$format", "$skip", "$top", "$skiptoken", "$filter")) {
                assertThat(raw.split("&")).as(raw).filteredOn(p -> p.startsWith(name + "="))
                        .hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void filtersByCategoryCustomersAndChangeDateOnTheServer() throws Exception {
        Instant jan = Instant.parse("2025-01-10T00:00:00Z");
        Instant mar = Instant.parse("2025-03-10T00:00:00Z");
        List<Partner> partners = List.of(
                Partner.person("1", "A", "B").withLastChange(mar),
                Partner.person("2", "C", "D").withLastChange(jan),
                Partner.person("3", "E", "F").withLastChange(mar).withCustomer(""),
                Partner.organization("4", "G", "").withLastChange(mar),
                Partner.person("5", "I", "J"));
        try (SapStandIn sap = SapStandIn.builder().partners(partners).start()) {
            var filter = new PartnerFilter(Category.PERSON, true, LocalDate.of(2025, 2, 1), null);
            ClientList list = Fetch.run(Fetch.settings(sap).filter(filter).build());
            assertThat(list.clients()).extracting(SapClient::id).containsExactly("1");
            assertThat(query(sap.requests().getFirst().uri(), "$filter")).isEqualTo(
                    "BusinessPartnerCategory eq '1' and Customer ne '' and LastChangeDate ge datetime'2025-02-01T00:00:00'");
            ClientList raw = Fetch.run(Fetch.settings(sap).filter(PartnerFilter.of("BusinessPartner eq '4' or LastName eq 'J'")).build());
            assertThat(raw.clients()).extracting(SapClient::id).containsExactly("4", "5");
        }
    }

    static String query(URI uri, String name) {
        for (String part : uri.getRawQuery().split("&")) {
            int eq = part.indexOf('=');
            if (URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Test
    void probeReadsOnePartnerAndTheTotalWithTheRunsAuthenticationAndFilter() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(36, 3).basicAuth("BRAID_TECH", "s3cret!").sapClient("100").start();
             BusinessPartnerClient client = BusinessPartnerClient.create(Fetch.settings(sap).basicAuth("BRAID_TECH", "s3cret!")
                     .sapClient("100").filter(new PartnerFilter(Category.ORGANIZATION, false, null, null)).build())) {
            Probe probe = client.probe();

            assertThat(probe.partnersRead()).isEqualTo(1);
            assertThat(probe.total()).isPresent();
            assertThat(probe.total().getAsLong()).isBetween(1L, 36L);
            assertThat(sap.requests()).singleElement().satisfies(r -> {
                String query = URLDecoder.decode(r.uri().getRawQuery(), StandardCharsets.UTF_8);
                assertThat(query).contains("$top=1", "$inlinecount=allpages", "$filter=BusinessPartnerCategory eq '2'",
                        "sap-client=100");
                assertThat(r.header("Authorization")).startsWith("Basic ");
            });
        }
    }

    @Test
    void probeWithoutInlineCountHasNoTotalAndARefusalIsTheRunsTypedFailure() throws Exception {
        try (SapStandIn sap = SapStandIn.builder().generate(5, 1).ignoreInlineCount().basicAuth("BRAID_TECH", "s3cret!").start()) {
            try (BusinessPartnerClient client = BusinessPartnerClient.create(Fetch.settings(sap).basicAuth("BRAID_TECH", "s3cret!").build())) {
                assertThat(client.probe()).isEqualTo(new Probe(1, java.util.OptionalLong.empty()));
            }
            try (BusinessPartnerClient client = BusinessPartnerClient.create(Fetch.settings(sap).basicAuth("BRAID_TECH", "wrong").build())) {
                assertThatThrownBy(client::probe).isInstanceOfSatisfying(SapException.class,
                        e -> assertThat(e.status()).isEqualTo(401));
            }
        }
    }
}
