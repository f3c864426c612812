package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.SapStandIn.Partner;
import braid.sandbox.SmtpSink;
import jakarta.mail.Header;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and unusual client data from SAP under the whole daily run: names with CR/LF, quotes,
 * angle brackets, non-Latin letters and very long values arrive intact and encoded, never as
 * headers; addresses that are not plain addresses are never mailed and are counted. Every
 * received message is parsed with Jakarta Mail. Mailer-level detail: braid.mail.MailerTest#dataFromSapCannotInjectHeaders.
 */
class ClientDataReportTest {
    static final String INJECTED_NAME = "Eve\r\nBcc: victim@evil.example\r\nX-Injected: yes";
    static final String QUOTED_NAME = "\"Quoted\" <Angle> & Co; (comment), GmbH";
    static final String JAPANESE = "東京精密株式会社";
    static final String NORDIC_FIRST = "Ørjan";
    static final String NORDIC_LAST = "Ærø-Šćęłł Ωμέγα";
    static final String LONG_NAME = "Long-Name-Holding ".repeat(120).strip();

    static final List<String> VALID = List.of("eve@example.com", "quotes@example.com", "tokyo@example.com", "nordic@example.com",
            "long@example.com", "plain@example.com");

    @TempDir
    Path dir;
    Harness h;

    @BeforeEach
    void start() throws Exception {
        List<Partner> partners = List.of(
                Partner.person("3000001", INJECTED_NAME, "Injector").withEmail("eve@example.com"),
                Partner.organization("3000002", QUOTED_NAME, "").withEmail("quotes@example.com"),
                Partner.organization("3000003", JAPANESE, "").withEmail("tokyo@example.com"),
                Partner.person("3000004", NORDIC_FIRST, NORDIC_LAST).withEmail("nordic@example.com"),
                Partner.organization("3000005", LONG_NAME, "").withEmail("long@example.com"),
                Partner.person("3000006", "Plain", "Client").withEmail("plain@example.com"),
                Partner.person("3000007", "Mallory", "CRLF").withEmail("mallory@example.com\r\nBcc: victim@evil.example"),
                Partner.person("3000008", "Angle", "Address").withEmail("Someone <angle@example.com>"),
                Partner.person("3000009", "Umlaut", "Address").withEmail("jörg@exämple.de"),
                Partner.person("3000010", "Long", "Address").withEmail("a".repeat(300) + "@example.com"),
                Partner.person("3000011", "Two", "Addresses").withEmail("one@example.com, two@example.com"));
        h = Harness.start(dir, partners);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void hostileNamesArriveEncodedWithoutHeaderInjectionAndInvalidAddressesAreNeverMailed() throws Exception {
        ReportRun.Outcome o = h.run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        List<SmtpSink.Received> received = h.env.smtp().list();
        Map<String, Long> per = h.receivedPerRecipient();
        assertThat(per.keySet()).containsExactlyInAnyOrderElementsOf(VALID);
        assertThat(per.values()).containsOnly(1L);
        // four are refused by the SAP connector (counted), the non-ASCII one by the mailer (listed with its client id)
        assertThat(h.output()).contains("invalid e-mail 4").contains("invalid 1").contains("invalid      3000009 jörg@exämple.de: contains non-ASCII");

        Map<String, Eml> byRecipient = new java.util.HashMap<>();
        for (SmtpSink.Received r : received) {
            byte[] raw = Files.readAllBytes(r.file());
            // RFC 5322: lines at most 998 characters, CR only before LF; 8-bit-free headers
            String text = new String(raw, StandardCharsets.ISO_8859_1);
            for (String line : text.split("\r\n", -1)) {
                assertThat(line.length()).as("line length in %s", r.file()).isLessThanOrEqualTo(998);
                assertThat(line).doesNotContain("\r").doesNotContain("\n");
            }
            String head = text.substring(0, text.indexOf("\r\n\r\n"));
            assertThat(head.chars()).as("header bytes are 7-bit").allMatch(c -> c < 128);
            Eml eml = Eml.read(r.file());
            List<String> names = new ArrayList<>();
            for (Header hd : Collections.list(eml.message().getAllHeaders())) names.add(hd.getName().toLowerCase());
            assertThat(names).doesNotContain("bcc", "x-injected");
            assertThat(eml.message().getAllRecipients()).hasSize(1);
            InternetAddress to = (InternetAddress) eml.message().getAllRecipients()[0];
            byRecipient.put(to.getAddress(), eml);
            assertThat(r.recipients()).containsExactly(to.getAddress());
        }
        assertThat(byRecipient.keySet()).containsExactlyInAnyOrderElementsOf(VALID);

        Eml tokyo = byRecipient.get("tokyo@example.com");
        assertThat(((InternetAddress) tokyo.message().getAllRecipients()[0]).getPersonal()).isEqualTo(JAPANESE);
        assertThat(tokyo.text()).contains("Hello " + JAPANESE);
        assertThat(tokyo.html()).contains(JAPANESE);

        Eml nordic = byRecipient.get("nordic@example.com");
        assertThat(nordic.text()).contains(NORDIC_FIRST + " " + NORDIC_LAST);

        Eml quotes = byRecipient.get("quotes@example.com");
        assertThat(((InternetAddress) quotes.message().getAllRecipients()[0]).getPersonal()).isEqualTo(QUOTED_NAME);
        assertThat(quotes.text()).contains(QUOTED_NAME);
        assertThat(quotes.html()).contains("&quot;Quoted&quot; &lt;Angle&gt; &amp; Co").doesNotContain("<Angle>");

        Eml eve = byRecipient.get("eve@example.com");
        String evePersonal = ((InternetAddress) eve.message().getAllRecipients()[0]).getPersonal();
        assertThat(evePersonal).doesNotContain("\r").doesNotContain("\n").contains("Eve").contains("Bcc: victim@evil.example");
        assertThat(eve.html()).doesNotContain("\r\nBcc:");

        Eml longName = byRecipient.get("long@example.com");
        assertThat(longName.text()).contains(LONG_NAME.substring(0, 200));
    }

    @Test
    void invalidAddressesAreListedWithTheirClientIds() throws Exception {
        ReportRun.Outcome o = h.run(ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.output()).contains("3000007", "3000008", "3000010", "3000011");
    }
}
