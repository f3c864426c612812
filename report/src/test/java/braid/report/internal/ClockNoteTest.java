package braid.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import braid.logs.AccessSummary;
import braid.logs.Count;
import braid.logs.Coverage;
import braid.logs.SiteFigures;
import braid.mail.MessageTemplates;
import braid.report.config.BraidConfig;
import braid.sap.SapClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a day the clocks change, the e-mail says what its rows per hour mean (both languages, text and HTML). */
class ClockNoteTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    @TempDir Path dir;

    private MessageTemplates.Rendered email(String locale, LocalDate day) throws Exception {
        Path file = dir.resolve("braid-" + locale + ".yaml");
        Files.writeString(file, """
                company: {name: Example GmbH, timeZone: Europe/Berlin, locale: %s}
                logs: {access: [/var/log/apache2/access.log]}
                sap:
                  url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER
                  auth: {type: basic, user: REPORTS, password: secret-1}
                mail:
                  smtp: {host: smtp.example.com}
                  from: reports@example.com
                """.formatted(locale));
        BraidConfig cfg = BraidConfig.load(file, Map.of());
        SiteFigures site = new SiteFigures(1234, 321, 5_000_000, Map.of("2xx", 1234L), Map.of(200, 1234L),
                List.of(new Count("/", 400)), List.of(), List.of(), List.of(), Collections.nCopies(24, 51L), 100);
        AccessSummary logs = new AccessSummary(List.of(Path.of("access.log")), "combined", BERLIN, day, site,
                Map.of("www.sample.example", site), 2000, 700, 0, 0, 0, List.of(), List.of(), 200_000,
                new Coverage(day.atStartOfDay(BERLIN).toInstant(), day.plusDays(1).atStartOfDay(BERLIN).toInstant().minusSeconds(1), 10, 10));
        Figures f = new Figures(cfg, day, day.plusDays(1), Optional.empty(), Optional.of(logs));
        SapClient client = new SapClient("C1", "Sample Client", "client@example.com", "https://www.sample.example/",
                braid.sap.Category.ORGANIZATION);
        Map<String, Object> model = new java.util.HashMap<>(f.modelFor(client, Optional.of("www.sample.example")));
        model.put("client", Map.of("id", "C1", "name", "Sample Client", "email", "client@example.com"));
        return MessageTemplates.defaults(Locale.forLanguageTag(locale)).render(model);
    }

    @Test
    void theHourTheClocksRepeatOrSkipIsExplainedBelowTheHours() throws Exception {
        String back = "On this day the clocks went back from 03:00 to 02:00: the hour 02–03 happened twice, and its row counts both.";
        MessageTemplates.Rendered october = email("en", LocalDate.of(2026, 10, 25));
        assertThat(october.text()).contains("  02–03  51\n").contains("  " + back + "\n");
        assertThat(october.text().indexOf(back)).isGreaterThan(october.text().indexOf("  23–24  51"));
        assertThat(october.html()).contains(back);
        assertThat(email("en", LocalDate.of(2026, 3, 29)).text())
                .contains("On this day the clocks went forward from 02:00 to 03:00: the hour 02–03 did not happen.");
        assertThat(email("de", LocalDate.of(2026, 10, 25)).text())
                .contains("An diesem Tag wurden die Uhren von 03:00 auf 02:00 zurückgestellt: die Stunde 02–03 gab es zweimal, ihre Zeile zählt beide.");
        assertThat(email("de", LocalDate.of(2026, 3, 29)).html())
                .contains("An diesem Tag wurden die Uhren von 02:00 auf 03:00 vorgestellt: die Stunde 02–03 gab es nicht.");
        // every other day: no note
        MessageTemplates.Rendered november = email("en", LocalDate.of(2026, 11, 23));
        assertThat(november.text()).doesNotContain("clocks");
        assertThat(november.html()).doesNotContain("clocks");
    }
}
