package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.DemoData;
import braid.sandbox.SapStandIn.Partner;
import braid.sandbox.SmtpSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A website host that is no single client's: a second partner for the same company (service branch, copied partner)
 * gives Alpenrad's site, and a partner's microsite lives under the company's own domain. By the host rule each got
 * the whole host's figures as "Your website" — Alpenrad's visitors in the branch's e-mail, the company's in the
 * partner's. Now none of them gets figures as their own, and the run says why and what decides it.
 */
class SharedSiteReportTest {
    @TempDir
    Path dir;
    Harness h;

    @BeforeEach
    void start() throws Exception {
        List<Partner> partners = new ArrayList<>(DemoData.partners());
        partners.add(Partner.organization("4000011", "Alpenrad Service", "GmbH").withEmail("service@alpenrad-service.example")
                .withWebsite("www.alpenrad.example/service"));
        partners.add(Partner.organization("4000012", "Bergschule", "e.V.").withEmail("info@bergschule.example")
                .withWebsite("https://www.example-outdoor.test/partner/bergschule"));
        partners.add(Partner.organization("4000013", "Alpenrad Werkstatt", "GmbH").withEmail(" Info@Alpenrad.example"));
        // one address written with its domain in Unicode and in the ASCII form it is mailed in
        partners.add(Partner.organization("4000014", "Müller Bau", "GmbH").withEmail("info@müller-bau.example"));
        partners.add(Partner.organization("4000015", "Müller Bau Service", "GmbH").withEmail("INFO@xn--mller-bau-q9a.example"));
        h = Harness.start(dir, partners);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void aHostOfTwoClientsOrOfTheCompanyIsNoClientsOwnAndTheRunSaysSo() throws Exception {
        Path config = h.config("company-site.yaml", t -> t.replace("  timeZone: Europe/Berlin\n",
                "  timeZone: Europe/Berlin\n  website: https://www.example-outdoor.test/\n"));
        ReportRun.Outcome o = h.run(config, ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(h.output())
                .contains("clients 1000001, 4000011 have the same website host alpenrad.example; its figures are no single"
                        + " client's, so none of them gets them as their own")
                .contains("client 4000012: the website host example-outdoor.test is the company's own site")
                .contains("own site     4 clients get their own site's figures")
                // two partners, one address: each gets its report, and the operator knows the person gets two
                .contains("2 addresses get more than one report, one per client that gives it: info@alpenrad.example"
                        + " (clients 1000001, 4000013); info@xn--mller-bau-q9a.example (clients 4000014, 4000015)"
                        + " (the same person gets each of them)");
        assertThat(h.receivedPerRecipient().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("info@alpenrad.example"))
                .mapToLong(java.util.Map.Entry::getValue).sum()).isEqualTo(2);
        for (String to : List.of("info@alpenrad.example", "service@alpenrad-service.example", "info@bergschule.example")) {
            SmtpSink.Received mail = h.env.smtp().list().stream().filter(r -> r.recipients().contains(to)).findFirst().orElseThrow();
            String text = Eml.read(mail.file()).text();
            assertThat(text).as(to).doesNotContain("Requests:").doesNotContain("could not find your website");
            // the note says why there are no figures: the site was found, but it is not theirs alone
            assertThat(text.replaceAll("\\s+", " ")).as(to).contains(to.startsWith("info@bergschule")
                    ? "The website we have on file for you, www.example-outdoor.test, is part of our own website, so its"
                    + " visitors are not yours alone; this report carries no visitor figures for it."
                    : "The website we have on file for you, www.alpenrad.example, appears more than once in our client"
                    + " records, so we cannot tell which of its visitors are yours;");
        }
    }

    @Test
    void inGermanTheNoteSaysTheSame() throws Exception {
        Path config = h.config("company-site-de.yaml", t -> t.replace("  timeZone: Europe/Berlin\n",
                "  timeZone: Europe/Berlin\n  locale: de\n  website: https://www.example-outdoor.test/\n"));
        ReportRun.Outcome o = h.run(config, ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        for (String to : List.of("info@alpenrad.example", "info@bergschule.example")) {
            SmtpSink.Received mail = h.env.smtp().list().stream().filter(r -> r.recipients().contains(to)).findFirst().orElseThrow();
            String text = Eml.read(mail.file()).text().replaceAll("\\s+", " ");
            assertThat(text).as(to).doesNotContain("nicht in unseren Server-Logs gefunden").contains(to.startsWith("info@bergschule")
                    ? "Die Website, die wir für Sie gespeichert haben (www.example-outdoor.test), gehört zu unserer eigenen Website;"
                    : "Die Website, die wir für Sie gespeichert haben (www.alpenrad.example), steht mehrfach in unseren Kundendaten;");
        }
    }
}
