package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sap.internal.PageParser;
import braid.sap.internal.PartnerMapper;
import braid.sap.internal.RawPartner;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Checks the client against SAP's real metadata and a real sample answer (see test resources SOURCES.md). */
class RealFixturesTest {

    @Test
    void parsesTheRealSampleResponseAndIgnoresUnknownFields() throws Exception {
        List<RawPartner> partners = new ArrayList<>();
        PageParser.PageInfo info;
        try (InputStream in = getClass().getResourceAsStream("sample-response.json")) {
            info = new PageParser().parse(in, partners::add);
        }
        assertThat(info.size()).isEqualTo(1);
        assertThat(info.count()).isNull();
        assertThat(info.next()).isNull();
        RawPartner p = partners.getFirst();
        assertThat(p.id()).isEqualTo("1003764");
        assertThat(p.category()).isEqualTo("1");
        assertThat(p.blocked()).isFalse();
        assertThat(p.archived()).isFalse();
        // to_EmailAddress and to_URLAddress are __deferred in the sample: no addresses, no error.
        assertThat(p.emails()).isEmpty();
        SapClient client = PartnerMapper.map(p).client();
        assertThat(client.name()).isEqualTo("John Doe");
        assertThat(client.category()).isEqualTo(Category.PERSON);
        assertThat(client.email()).isNull();
    }

    @Test
    void everySelectedAndExpandedFieldExistsInTheRealMetadata() throws Exception {
        Map<String, Set<String>> properties = new HashMap<>();
        Map<String, Map<String, String>> navigations = new HashMap<>();
        readEdmx(properties, navigations);
        String[] typeOf = {"A_BusinessPartnerType"};
        for (String path : BusinessPartnerClient.SELECT.split(",")) {
            String type = typeOf[0];
            String[] parts = path.split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                assertThat(navigations.get(type)).as("navigation %s of %s", parts[i], type).containsKey(parts[i]);
                type = navigations.get(type).get(parts[i]);
            }
            assertThat(properties.get(type)).as("property %s of %s", parts[parts.length - 1], type)
                    .contains(parts[parts.length - 1]);
        }
        for (String path : BusinessPartnerClient.EXPAND.split(",")) {
            String type = typeOf[0];
            for (String nav : path.split("/")) {
                assertThat(navigations.get(type)).as("navigation %s of %s", nav, type).containsKey(nav);
                type = navigations.get(type).get(nav);
            }
        }
        // The filter helpers use these properties too.
        assertThat(properties.get("A_BusinessPartnerType"))
                .contains("BusinessPartnerCategory", "Customer", "LastChangeDate");
    }

    /** Parses the EDMX with the JDK's DOM parser, hardened against XXE (no DTDs, no external entities). */
    private void readEdmx(Map<String, Set<String>> properties, Map<String, Map<String, String>> navigations)
            throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        org.w3c.dom.Document doc;
        try (InputStream in = getClass().getResourceAsStream("API_BUSINESS_PARTNER.edmx")) {
            doc = f.newDocumentBuilder().parse(in);
        }
        Map<String, String> roleTypes = new HashMap<>();
        NodeList associations = doc.getElementsByTagNameNS("*", "Association");
        for (int i = 0; i < associations.getLength(); i++) {
            Element a = (Element) associations.item(i);
            NodeList ends = a.getElementsByTagNameNS("*", "End");
            for (int j = 0; j < ends.getLength(); j++) {
                Element end = (Element) ends.item(j);
                String type = end.getAttribute("Type");
                roleTypes.put(a.getAttribute("Name") + "/" + end.getAttribute("Role"),
                        type.substring(type.lastIndexOf('.') + 1));
            }
        }
        NodeList types = doc.getElementsByTagNameNS("*", "EntityType");
        for (int i = 0; i < types.getLength(); i++) {
            Element t = (Element) types.item(i);
            String name = t.getAttribute("Name");
            Set<String> props = new HashSet<>();
            NodeList ps = t.getElementsByTagNameNS("*", "Property");
            for (int j = 0; j < ps.getLength(); j++) {
                props.add(((Element) ps.item(j)).getAttribute("Name"));
            }
            properties.put(name, props);
            Map<String, String> navs = new HashMap<>();
            NodeList ns = t.getElementsByTagNameNS("*", "NavigationProperty");
            for (int j = 0; j < ns.getLength(); j++) {
                Element n = (Element) ns.item(j);
                String rel = n.getAttribute("Relationship");
                navs.put(n.getAttribute("Name"), roleTypes.get(rel.substring(rel.lastIndexOf('.') + 1) + "/"
                        + n.getAttribute("ToRole")));
            }
            navigations.put(name, navs);
        }
    }

    @Test
    void edmxParserRefusesDoctypes() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
                    throw e; // quietly: the default handler would also print it
                }
            });
            builder.parse(new java.io.ByteArrayInputStream(
                    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>".getBytes()));
        }).isInstanceOf(org.xml.sax.SAXParseException.class);
    }
}
