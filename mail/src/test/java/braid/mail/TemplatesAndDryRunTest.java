package braid.mail;

import braid.testkit.FakeSmtpServer;

import braid.core.Clock;
import braid.core.Engine;
import braid.core.VirtualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static braid.mail.MailFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplatesAndDryRunTest {
    @TempDir
    Path dir;

    @Test
    void htmlPartEscapesValuesWhileTextPartAndSubjectDoNot() {
        MessageTemplates.Rendered r = MessageTemplates.defaults().render(Map.of(
                "company", Map.of("name", "Smith & Sons <Ltd>", "website", "", "address", ""),
                "client", Map.of("name", "O'Brien & Co"), "reportDate", "today"));
        assertThat(r.subject()).isEqualTo("Smith & Sons <Ltd> daily report for O'Brien & Co – today");
        assertThat(r.text()).contains("Hello O'Brien & Co,");
        assertThat(r.html()).contains("Smith &amp; Sons &lt;Ltd&gt;").doesNotContain("<Ltd>");
    }

    @Test
    void aChangeIsShownInTheTextOnlyWhenThereIsOneAndTheHtmlTableKeepsItsDash() {
        Map<String, Object> model = TemplateModel.builder().company("ACME", "").reportDate(java.time.LocalDate.of(2026, 11, 23),
                        java.util.Locale.UK)
                .figure("Requests", "4,864", "+12 %", "−3 %")   // both kept
                .figure("Visitors", "1,972", "+5 %", "—")       // the week before not kept
                .figure("Data sent", "122.1 MB", "—", "+8 %")   // the day before not kept (a missed run)
                .figure("Pages not found", "261", "—", "—")     // a first run
                .figure("Bot share", "6.6 %")                   // no comparison at all
                .build();
        for (java.util.Locale locale : List.of(java.util.Locale.ENGLISH, java.util.Locale.GERMAN)) {
            MessageTemplates.Rendered r = MessageTemplates.defaults(locale).render(model);
            boolean en = locale.equals(java.util.Locale.ENGLISH);
            String day = en ? " vs. day before" : " ggü. Vortag";
            String week = en ? " vs. a week before" : " ggü. Vorwoche";
            assertThat(r.text()).as(locale.toString()).contains("Requests: 4,864 (+12 %" + day + ", −3 %" + week + ")\n")
                    .contains("Visitors: 1,972 (+5 %" + day + ")\n").contains("Data sent: 122.1 MB (+8 %" + week + ")\n")
                    .contains("Pages not found: 261\n").contains("Bot share: 6.6 %\n").doesNotContain("—");
            assertThat(r.html()).contains(">—<"); // a table column keeps its dash
        }
        Map<String, Object> first = TemplateModel.builder().company("ACME", "").figure("Requests", "4,864", "—", "—")
                .figure("Bot share", "6.6 %").build();
        assertThat(MessageTemplates.defaults().render(first).html()).as("a first e-mail: no columns of dashes")
                .contains("4,864").doesNotContain("—").doesNotContain("vs. day before");
    }

    @Test
    void companyTemplatesReplaceTheDefaultsByPath() throws Exception {
        Path tpl = MailerTest.writeTemplates(dir.resolve("t"), "Hi {{client.name}}", "T {{client.name}}",
                "<b>{{client.name}}</b>");
        MessageTemplates t = MessageTemplates.fromDir(tpl);
        assertThat(t.render(Map.of("client", Map.of("name", "<x>"))))
                .isEqualTo(new MessageTemplates.Rendered("Hi <x>", "T <x>", "<b>&lt;x&gt;</b>"));
        Files.delete(tpl.resolve("html.mustache"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageTemplates.fromDir(tpl));
        assertThat(e.getMessage()).contains("html.mustache");
    }

    @Test
    void anImageTheHtmlDoesNotShowIsNotAttached() throws Exception {
        // a company template without the chart's <img src="cid:…">: the chart must not ride along as an attachment
        OutgoingMessage.Inline chart = new OutgoingMessage.Inline("hours-www.example@braid", "image/png", new byte[]{1, 2, 3},
                "hours.png");
        OutgoingMessage m = new OutgoingMessage(new Recipient("C1", "Client", "client@example.com"), model(), List.of(chart));
        Path without = MailerTest.writeTemplates(dir.resolve("without"), "S", "T", "<p>no chart</p>");
        Path with = MailerTest.writeTemplates(dir.resolve("with"), "S", "T", "<img src=\"cid:{{chartCid}}\">");
        for (Path tpl : List.of(without, with)) {
            java.util.Map<String, Object> model = new java.util.HashMap<>(m.model());
            model.put("chartCid", chart.contentId());
            DryRun.Result r = DryRun.write(dir.resolve("out-" + tpl.getFileName()), DATE,
                    List.of(new OutgoingMessage(m.recipient(), model, m.inline())), MessageTemplates.fromDir(tpl), IDENTITY,
                    SendOptions.DEFAULT, Instant.parse("2026-11-24T06:00:00Z"));
            String eml = Files.readString(r.messages().getFirst(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (tpl == without) assertThat(eml).doesNotContain("image/png").doesNotContain("multipart/related");
            else assertThat(eml).contains("multipart/related", "image/png", "Content-ID: <hours-www.example@braid>");
        }
    }

    @Test
    void dryRunWritesOneEmlPerMessageAndAPreviewIndexWithoutAServer() throws Exception {
        List<OutgoingMessage> msgs = new java.util.ArrayList<>(messages(3));
        msgs.add(new OutgoingMessage(new Recipient("BAD", "Bad", "not-an-address"), model()));
        DryRun.Result r = DryRun.write(dir.resolve("out"), DATE, msgs, MessageTemplates.defaults(), IDENTITY,
                SendOptions.DEFAULT.withSuppression(Suppression.of(List.of("C1002"))), Instant.parse("2026-11-24T06:00:00Z"));

        assertThat(r.messages()).hasSize(2).allSatisfy(p -> assertThat(p.toString()).endsWith(".eml"));
        assertThat(r.suppressed()).extracting(SendResult.Message::clientId).containsExactly("C1002");
        assertThat(r.invalid()).extracting(SendResult.Invalid::clientId).containsExactly("BAD");
        byte[] eml = Files.readAllBytes(r.messages().getFirst());
        assertThat(new String(eml, java.nio.charset.StandardCharsets.ISO_8859_1).replace("\r\n", ""))
                .doesNotContain("\n").doesNotContain("\r");
        var parsed = parse(eml);
        var parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Wir eröffnen <bald>.").contains("Hauptstraße 1");
        assertThat(parts.getBodyPart(0).getHeader("Content-Transfer-Encoding")).containsExactly("quoted-printable");
        assertThat(parsed.getSubject()).contains("Client Nr. 1");
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-11-24T06:00:00Z"));
        String index = Files.readString(r.index());
        assertThat(index).contains("Client Nr. 1").contains("client3@example.com").contains("srcdoc=")
                .contains("not-an-address").doesNotContain("client2@example.com");
        assertThat(dir.resolve("out").resolve("mail-journal")).doesNotExist();
    }

    @Test
    void senderIdentityDerivesOptionalPartsFromFrom() {
        SenderIdentity id = new SenderIdentity("ACME News <news@acme.example>", null, " ", null);
        assertThat(id).isEqualTo(new SenderIdentity("ACME News <news@acme.example>", "ACME News <news@acme.example>",
                "news@acme.example", "acme.example"));
        assertThat(SenderIdentity.of("news@acme.example").messageIdDomain()).isEqualTo("acme.example");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SenderIdentity("news@acme.example", "a@b.example, c@d.example", null, null));
        assertThat(e.getMessage()).contains("a@b.example, c@d.example");
    }

    @Test
    void rateLimitSpacesMessagesThroughTheEngineClock() throws Exception {
        VirtualClock clock = Clock.virtual(Instant.parse("2026-11-24T06:00:00Z"));
        Engine engine = Engine.builder().clock(clock).limit(Mailer.RESOURCE, 2).build();
        try (FakeSmtpServer server = FakeSmtpServer.plain(new FakeSmtpServer.Script() {});
             Mailer mailer = mailer(plainSettings(server.port()).poolSize(2).ratePerMinute(60).build(), dir)) {
            long start = clock.nanoTime();
            SendResult r = send(engine, mailer, messages(5), SendOptions.DEFAULT);
            assertThat(r.sent()).hasSize(5);
            // 60 per minute: five messages need at least four one-second gaps on the engine's clock
            assertThat(Duration.ofNanos(clock.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        }
    }
}
