package braid.sandbox.internal.sap;

import braid.sandbox.SapStandIn.Email;
import braid.sandbox.SapStandIn.Partner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates business partners deterministically for a seed, mixing in the awkward cases real data has.
 *
 * <p>Partner i (0-based) gets id {@code 1000000 + i}. Fixed rules (independent of the seed) decide the
 * awkward cases, so tests can count them: i % 3 == 0 organization, i % 29 == 0 group, other persons;
 * i % 7 == 3 no e-mail; i % 11 == 5 two e-mails with the second default; i % 13 == 6 an invalid e-mail;
 * i % 17 == 8 blocked; i % 19 == 9 archived; i % 5 == 1 a website. The seed picks the names.
 * Stateless and thread-safe.
 */
public final class PartnerGenerator {

    private static final String[] FIRST = {"Anna", "Jean-Luc", "Zoë", "Łukasz", "Søren", "Δημήτρης", "Иван",
            "さくら", "Renée", "José", "Mary \"Molly\"", "Seán", "Ayşe", "Nguyễn"};
    private static final String[] LAST = {"Müller", "O'Brien", "Dubois", "山田", "Κωνσταντίνου", "Петров",
            "Smith", "García", "D'Angelo", "Nowak", "Øvergaard", "Yılmaz", "Tran"};
    private static final String[] ORG = {"Acme", "Brückner & Söhne", "O'Neill Logistics", "\"Quoted\" Trading",
            "北京科技", "Αθηνά", "Nordlicht", "Café Olé", "Widget", "Rossi"};
    private static final String[] ORG_SUFFIX = {"GmbH", "AG", "Ltd.", "S.A.", "Inc.", "", "有限公司", "KG"};

    private PartnerGenerator() {}

    public static List<Partner> generate(int n, long seed) {
        List<Partner> out = new ArrayList<>(n);
        Random random = new Random(seed);
        long base = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            String id = String.valueOf(1_000_000 + i);
            Partner p;
            String local;
            if (i % 29 == 0 && i % 3 != 0) {
                String name = ORG[random.nextInt(ORG.length)] + " Group";
                p = new Partner(id, "3", "", "", "", "", name, id, List.of(), null, false, false, null);
                local = "group" + i;
            } else if (i % 3 == 0) {
                p = Partner.organization(id, ORG[random.nextInt(ORG.length)] + " " + i,
                        ORG_SUFFIX[random.nextInt(ORG_SUFFIX.length)]);
                local = "info" + i;
            } else {
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                p = Partner.person(id, first, last);
                local = "p" + i;
            }
            String domain = "client" + i + ".example.com";
            if (i % 7 == 3) {
                p = p.withEmails();
            } else if (i % 13 == 6) {
                p = p.withEmail(local + "@@" + domain);
            } else if (i % 11 == 5) {
                p = p.withEmails(new Email("old." + local + "@" + domain, false), new Email(local + "@" + domain, true));
            } else {
                p = p.withEmail(local + "@" + domain);
            }
            if (i % 5 == 1) {
                p = p.withWebsite("https://www." + domain + "/");
            }
            if (i % 17 == 8) {
                p = p.withBlocked(true);
            }
            if (i % 19 == 9) {
                p = p.withArchived(true);
            }
            if (i % 4 == 2) {
                p = p.withCustomer("");
            }
            p = p.withLastChange(Instant.ofEpochMilli(base + (long) (i % 700) * 86_400_000L));
            out.add(p);
        }
        return out;
    }
}
