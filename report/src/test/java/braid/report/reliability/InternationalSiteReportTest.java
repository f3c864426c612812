package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.DemoData;
import braid.sandbox.SapStandIn.Partner;
import braid.sandbox.SmtpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's website as typed into SAP in a German company: an internationalized name ({@code www.müller-bau.example})
 * and a space in a path. Browsers send such a name in its ASCII form and web servers log it so
 * ({@code www.xn--mller-bau-q9a.example}); {@code java.net.URI} parses the typed name without a host, so the client had
 * silently no site: "We could not find your website in our server logs", exit 0, although the logs held its requests.
 * Its e-mail address with the umlaut in the domain was refused as non-ASCII, so it got nothing at all.
 */
class InternationalSiteReportTest {
    static final String PUNYCODE = "www.xn--mller-bau-q9a.example";

    @TempDir
    Path dir;
    Harness h;

    @BeforeEach
    void start() throws Exception {
        List<Partner> partners = new ArrayList<>(DemoData.partners());
        partners.add(Partner.organization("4000001", "Müller Bau", "GmbH").withEmail("info@müller-bau.example")
                .withWebsite("www.müller-bau.example"));
        partners.add(Partner.organization("4000002", "Bücherstube", "KG").withEmail("info@buecherstube.example")
                .withWebsite("https://www.bücherstube.example/über uns"));
        h = Harness.start(dir, partners);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void aClientWhoseWebsiteHasAnUmlautGetsTheFiguresTheLogsHoldUnderItsAsciiName() throws Exception {
        // 240 and 120 requests of the report day, ten and five an hour, as nginx's vhost_combined logs them: the host in
        // ASCII, as browsers send it
        Path extra = h.dir.resolve("idn-access.log");
        StringBuilder lines = new StringBuilder();
        for (String vhost : List.of(PUNYCODE, java.net.IDN.toASCII("www.bücherstube.example"))) {
            int perHour = vhost.equals(PUNYCODE) ? 10 : 5;
            for (int hour = 0; hour < 24; hour++) {
                for (int i = 0; i < perHour; i++) {
                    lines.append(String.format("%s:443 203.0.113.%d - - [23/Nov/2026:%02d:%02d:00 +0100] \"GET /angebot HTTP/1.1\""
                            + " 200 5120 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0\"%n", vhost, i + 1, hour, i * 5));
                }
            }
        }
        Files.writeString(extra, lines);
        Path config = h.config("idn.yaml", t -> t.replaceFirst("access: \\[([^\\]]+)\\]", "access: [$1, " + extra + "]"));
        ReportRun.Outcome o = h.run(config, ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);

        // the address as typed (umlaut in the domain) reaches the sink in its ASCII form, as mail programs send it
        for (var expected : java.util.Map.of("info@xn--mller-bau-q9a.example", "Requests: 240",
                "info@buecherstube.example", "Requests: 120").entrySet()) {
            String to = expected.getKey();
            SmtpSink.Received mail = h.env.smtp().list().stream().filter(r -> r.recipients().contains(to)).findFirst().orElseThrow();
            Eml eml = Eml.read(mail.file());
            assertThat(eml.text()).as(to).containsPattern(expected.getValue() + "\\R").doesNotContain("could not find your website")
                    .doesNotContain("(— vs."); // a first run: nothing to compare with, and no line says so five times
        }
        assertThat(h.output()).contains("own site     7 clients get their own site's figures");
    }
}
