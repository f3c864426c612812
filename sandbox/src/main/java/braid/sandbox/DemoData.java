package braid.sandbox;

import braid.sandbox.SapStandIn.Email;
import braid.sandbox.SapStandIn.Partner;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo company's clients as the SAP stand-in serves them: persons and organizations, a few
 * dozen in all, with the awkward cases a real client list has (no e-mail, two e-mails with one
 * default, an invalid address, blocked and archived partners, quotes and non-Latin letters in
 * names), and websites that match the generated logs' virtual hosts.
 */
public final class DemoData {
    /** The virtual hosts of the generated logs; the first ones are clients' own sites. */
    public static final List<String> VHOSTS = List.of("www.alpenrad.example", "shop.bergblick.example", "nordlicht-reisen.example",
            "www.kaffee-kontor.example", "studio-lumen.example", "www.example-outdoor.test");

    private DemoData() {}

    public static List<Partner> partners() {
        List<Partner> p = new ArrayList<>();
        p.add(Partner.organization("1000001", "Alpenrad", "GmbH").withEmail("info@alpenrad.example").withWebsite("https://www.alpenrad.example/"));
        p.add(Partner.organization("1000002", "Bergblick", "Sport & Freizeit KG").withEmails(
                new Email("buchhaltung@bergblick.example", false), new Email("hallo@bergblick.example", true))
                .withWebsite("http://shop.bergblick.example"));
        p.add(Partner.organization("1000003", "Nordlicht Reisen", "AG").withEmail("team@nordlicht-reisen.example")
                .withWebsite("https://nordlicht-reisen.example:443/start"));
        p.add(Partner.organization("1000004", "Kaffee-Kontor \"Zur Bohne\"", "OHG").withEmail("kontor@kaffee-kontor.example")
                .withWebsite("https://WWW.Kaffee-Kontor.example"));
        p.add(Partner.person("1000005", "Zoë", "Lumen").withEmail("zoe@studio-lumen.example").withWebsite("https://studio-lumen.example"));
        p.add(Partner.person("1000006", "Alice", "Martin").withEmail("alice@example.com"));
        p.add(Partner.person("1000007", "Bob", "O'Neill").withEmail("bob@example.com"));
        p.add(Partner.person("1000008", "Jürgen", "Groß").withEmail("juergen.gross@example.de"));
        p.add(Partner.person("1000009", "Łukasz", "Wiśniewski").withEmail("lukasz@example.pl"));
        p.add(Partner.person("1000010", "Ἀθηνᾶ", "Παππᾶ").withEmail("athina@example.gr"));
        p.add(Partner.person("1000011", "美咲", "佐藤").withEmail("misaki@example.jp"));
        p.add(Partner.organization("1000012", "Fjällräven Händler", "AB").withEmail("order@fjall.example").withWebsite("https://fjall.example"));
        p.add(Partner.person("1000013", "Carla", "Nowhere")); // no e-mail
        p.add(Partner.person("1000014", "Dieter", "Punkt").withEmail("dieter..punkt@example.de")); // invalid address
        p.add(Partner.organization("1000015", "Gesperrt", "GmbH").withEmail("x@gesperrt.example").withBlocked(true));
        p.add(Partner.organization("1000016", "Archiviert", "AG").withEmail("y@archiviert.example").withArchived(true));
        String[] first = {"Anna", "Ben", "Chiara", "David", "Emma", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Katja", "Lars",
                "Mia", "Noah", "Olga", "Paul", "Quentin", "Rosa", "Sven", "Tanja"};
        String[] last = {"Becker", "Schulz", "Rossi", "Klein", "Wolf", "Haddad", "Lind", "Moreau", "Costa", "Berg", "Fischer",
                "Holm", "Wagner", "Koch", "Ivanova", "Richter", "Dubois", "Vogel", "Krause", "Lehmann"};
        for (int i = 0; i < first.length; i++) {
            String id = Integer.toString(1000017 + i);
            p.add(Partner.person(id, first[i], last[i]).withEmail(first[i].toLowerCase() + "." + last[i].toLowerCase() + "@example.org"));
        }
        return p;
    }
}
