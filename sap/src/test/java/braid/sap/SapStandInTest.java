package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.SapStandIn;
import braid.sandbox.SapStandIn.Partner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in's OData V2 behaviour, each checked against its source: the OData V2 URI conventions
 * (odata.org "URI Conventions (OData Version 2.0)", sections 4.2–4.9: $top, $skip, $filter, $expand, $format,
 * $select, $inlinecount), the OData V2 JSON format (odata.org "JSON Format (OData Version 2.0)": "d", "results",
 * "__count" as a string, "__next", "__metadata", "__deferred", "/Date(ms)/"), SAP Gateway's server-side paging
 * with {@code $skiptoken}, and the fixture sample-response.json for field shapes.
 */
class SapStandInTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();
    private SapStandIn sap;

    @BeforeEach
    void start() {
        List<Partner> partners = new ArrayList<>();
        IntStream.range(0, 30).forEach(i -> partners.add(Partner.person(String.valueOf(100 + i), "F" + i, "L" + i)
                .withEmail("p" + i + "@x.example")
                .withLastChange(Instant.parse("2025-01-01T00:00:00Z").plus(Duration.ofDays(i)))
                .withBlocked(i % 10 == 0)));
        partners.add(Partner.organization("200", "O'Neill", "Ltd").withWebsite("https://oneill.example"));
        sap = SapStandIn.builder().partners(partners).pageSize(8).start();
    }

    @AfterEach
    void stop() {
        sap.close();
        http.close();
    }

    private HttpResponse<String> get(String relative) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sap.serviceRoot() + "/" + relative.replace(" ", "%20")
                .replace("'", "%27"))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(String relative) throws Exception {
        HttpResponse<String> r = get(relative);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return mapper.readTree(r.body());
    }

    private List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("d").path("results").forEach(p -> ids.add(p.path("BusinessPartner").asText()));
        return ids;
    }

    @Test
    void pagesAreCappedWithNextAndCountAsAString() throws Exception {
        JsonNode page = json("A_BusinessPartner?$format=json&$inlinecount=allpages");
        assertThat(ids(page)).hasSize(8);
        assertThat(page.path("d").path("__count").isTextual()).isTrue();
        assertThat(page.path("d").path("__count").asText()).isEqualTo("31");
        assertThat(page.path("d").path("__next").asText())
                .startsWith(sap.serviceRoot() + "/A_BusinessPartner?").endsWith("$skiptoken=8");
    }

    @Test
    void topAndSkipSelectAWindowAndNextStaysInsideIt() throws Exception {
        JsonNode page = json("A_BusinessPartner?$format=json&$skip=5&$top=10");
        assertThat(ids(page)).containsExactly("105", "106", "107", "108", "109", "110", "111", "112");
        JsonNode rest = json(page.path("d").path("__next").asText().substring(sap.serviceRoot().toString().length() + 1));
        assertThat(ids(rest)).containsExactly("113", "114");
        assertThat(rest.path("d").has("__next")).isFalse();
    }

    @Test
    void filterSupportsComparisonsAndOrAndDatetimeLiterals() throws Exception {
        assertThat(ids(json("A_BusinessPartner?$format=json&$filter=BusinessPartner eq '105'"))).containsExactly("105");
        assertThat(ids(json("A_BusinessPartner?$format=json&$filter=BusinessPartner gt '127' and BusinessPartner ne '129'")))
                .containsExactly("128", "200");
        assertThat(ids(json("A_BusinessPartner?$format=json&$filter=BusinessPartner le '101' or BusinessPartner ge '129'")))
                .containsExactly("100", "101", "129", "200");
        assertThat(ids(json("A_BusinessPartner?$format=json&$filter=BusinessPartner lt '102' and BusinessPartnerIsBlocked eq false")))
                .containsExactly("101");
        assertThat(ids(json("A_BusinessPartner?$format=json&$filter=LastChangeDate ge datetime'2025-01-28T00:00:00'")))
                .containsExactly("127", "128", "129");
        assertThat(ids(json("A_BusinessPartner?$format=json&$filter=OrganizationBPName1 eq 'O''Neill'")))
                .containsExactly("200");
        assertThat(ids(json("A_BusinessPartner?$format=json&$filter=(BusinessPartner eq '100' or BusinessPartner eq '101') and not BusinessPartnerIsBlocked eq true")))
                .containsExactly("101");
    }

    @Test
    void aBadFilterIsABadRequestInSapsErrorShape() throws Exception {
        HttpResponse<String> r = get("A_BusinessPartner?$format=json&$filter=Nope eq '1'");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = mapper.readTree(r.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("/IWBEP/CM_MGW_RT/022");
        assertThat(error.path("message").path("value").asText()).contains("Nope");
    }

    @Test
    void selectAndExpandShapeTheEntriesWithMetadataAndDeferredLinks() throws Exception {
        JsonNode all = json("A_BusinessPartner?$format=json&$top=1").path("d").path("results").get(0);
        assertThat(all.path("__metadata").path("type").asText()).isEqualTo("API_BUSINESS_PARTNER.A_BusinessPartnerType");
        assertThat(all.path("LastChangeDate").asText()).matches("/Date\\(\\d+\\)/");
        assertThat(all.path("to_BusinessPartnerAddress").path("__deferred").path("uri").asText())
                .endsWith("A_BusinessPartner('100')/to_BusinessPartnerAddress");
        JsonNode selected = json("A_BusinessPartner?$format=json&$top=1&$select=BusinessPartner,"
                + "to_BusinessPartnerAddress/to_EmailAddress/EmailAddress&$expand=to_BusinessPartnerAddress/to_EmailAddress")
                .path("d").path("results").get(0);
        assertThat(selected.has("FirstName")).isFalse();
        JsonNode mail = selected.path("to_BusinessPartnerAddress").path("results").get(0)
                .path("to_EmailAddress").path("results").get(0);
        assertThat(mail.path("EmailAddress").asText()).isEqualTo("p0@x.example");
        assertThat(mail.has("IsDefaultEmailAddress")).isFalse();
        assertThat(mail.path("__metadata").path("type").asText()).isEqualTo("API_BUSINESS_PARTNER.A_AddressEmailAddressType");
    }

    @Test
    void metadataIsTheRealEdmx() throws Exception {
        HttpResponse<String> r = get("$metadata");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(r.body()).hasSize(638_376 - countMultiByteSurplus(r.body()))
                .contains("<EntityType Name=\"A_BusinessPartnerType\"", "m:DataServiceVersion=\"2.0\"");
    }

    private static int countMultiByteSurplus(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length - s.length();
    }

    @Test
    void generatedDataIsDeterministicForASeedAndHasTheAwkwardCases() {
        try (SapStandIn a = SapStandIn.builder().generate(200, 5).start();
             SapStandIn b = SapStandIn.builder().generate(200, 5).start()) {
            ClientList la = Fetch.run(Fetch.settings(a).build());
            ClientList lb = Fetch.run(Fetch.settings(b).build());
            assertThat(la).isEqualTo(lb);
            assertThat(la.blocked()).isPositive();
            assertThat(la.archived()).isPositive();
            assertThat(la.invalid()).isNotEmpty();
            assertThat(la.withoutEmail()).isPositive();
            assertThat(la.clients()).extracting(SapClient::category)
                    .contains(Category.PERSON, Category.ORGANIZATION, Category.GROUP);
            assertThat(la.clients()).anySatisfy(c -> assertThat(c.name()).containsPattern("[^\\p{IsLatin}\\s\\p{P}]"));
            assertThat(la.clients()).anySatisfy(c -> assertThat(c.name()).contains("'"));
        } catch (SapException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pagesRenderedOnceAreServedAgainByteForByteWithTheirLengthAndTheClientReadsThemAll() throws Exception {
        try (SapStandIn once = SapStandIn.builder().generate(2_500, 7).pageSize(1000).renderPagesOnce().start()) {
            URI page2 = URI.create(once.serviceRoot() + "/A_BusinessPartner?$format=json&$skip=1000&$top=1000");
            HttpResponse<String> first = http.send(HttpRequest.newBuilder(page2).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> again = http.send(HttpRequest.newBuilder(page2).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.headers().firstValueAsLong("Content-Length")).hasValue(again.body().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8).length);
            assertThat(mapper.readTree(again.body()).path("d").path("results")).hasSize(1000);
            try (BusinessPartnerClient client = BusinessPartnerClient.create(SapSettings.builder(once.serviceRoot())
                    .pageSize(1000).concurrency(3).build())) {
                assertThat(client.fetchClients().fetched()).isEqualTo(2_500);
                assertThat(client.fetchClients().fetched()).isEqualTo(2_500); // the second time from the kept pages
            }
        }
    }
}
