package braid.report;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.Clock;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import braid.sandbox.SmtpSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client reads must be true of the day it names (issue 12): "yesterday" only for yesterday, a backfill names
 * its day, company-wide figures are labelled as the company's, and a report day that has not ended is refused.
 */
class ClientWordingTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ReportRun.Outcome run(DemoEnvironment env, Path config, LocalDate day) throws Exception {
        BraidConfig cfg = BraidConfig.load(config, env.env());
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new ReportRun(cfg, ReportOptions.DEFAULT.withDate(day), env.env(), Clock.system(), ps, ps, false).run();
    }

    static String text(List<SmtpSink.Received> received, String to) throws Exception {
        return DailyReportEndToEndTest.textPart(DailyReportEndToEndTest.mailTo(received, to));
    }

    @Test
    void aBackfillNamesItsDayAndNeverSaysYesterday() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        try (DemoEnvironment env = DemoEnvironment.start(dir, day, DemoEnvironment.Latency.NONE)) {
            ReportRun.Outcome o = run(env, env.config(), day);
            assertThat(o.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
            String alpenrad = text(env.smtp().list(), "info@alpenrad.example");
            assertThat(alpenrad).contains("YOUR WEBSITE ON MONDAY, NOVEMBER 23, 2026").doesNotContainIgnoringCase("yesterday");
        }
    }

    @Test
    void yesterdaysReportSaysYesterday() throws Exception {
        LocalDate day = LocalDate.now(DemoEnvironment.ZONE).minusDays(1);
        try (DemoEnvironment env = DemoEnvironment.start(dir, day, DemoEnvironment.Latency.NONE)) {
            ReportRun.Outcome o = run(env, env.config(), day);
            assertThat(o.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
            assertThat(text(env.smtp().list(), "info@alpenrad.example")).contains("YOUR WEBSITE YESTERDAY");
        }
    }

    @Test
    void companyWideFiguresAreLabelledAsTheCompanysNeverAsTheClientsWebsite() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        try (DemoEnvironment env = DemoEnvironment.start(dir, day, DemoEnvironment.Latency.NONE)) {
            Path cfg = dir.resolve("company-wide.yaml");
            Files.writeString(cfg, Files.readString(env.config()).replace("  minClients: 1", "  minClients: 1\n  companyWideFigures: true"));
            ReportRun.Outcome o = run(env, cfg, day);
            assertThat(o.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
            String alice = text(env.smtp().list(), "alice@example.com"); // no site of her own
            assertThat(alice).contains("OUR WEBSITES ON MONDAY, NOVEMBER 23, 2026").doesNotContain("YOUR WEBSITE");
            String alpenrad = text(env.smtp().list(), "info@alpenrad.example"); // her own site's figures only
            assertThat(alpenrad).contains("YOUR WEBSITE ON").doesNotContain("OUR WEBSITES");
        }
    }

    @Test
    void aReportDayThatIsTodayOrInTheFutureIsRefusedBeforeAnythingRuns() throws Exception {
        LocalDate today = LocalDate.now(DemoEnvironment.ZONE);
        try (DemoEnvironment env = DemoEnvironment.start(dir, today.minusDays(1), DemoEnvironment.Latency.NONE)) {
            for (LocalDate day : List.of(today, today.plusDays(3))) {
                out.reset();
                ReportRun.Outcome o = run(env, env.config(), day);
                assertThat(o.exitCode()).isEqualTo(ExitCode.USAGE);
                assertThat(out.toString()).contains("report day " + day, "Europe/Berlin",
                        day.equals(today) ? "is today" : "is in the future");
            }
            assertThat(env.smtp().list()).isEmpty();
            assertThat(env.sap().dataRequests()).as("nothing ran").isZero();
        }
    }

    @Test
    void aGermanCompanyMailsInGermanWithGermanDatesAndNumbersAndItsAddressInTheFooter() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        try (DemoEnvironment env = DemoEnvironment.start(dir, day, DemoEnvironment.Latency.NONE)) {
            Path cfg = dir.resolve("de.yaml");
            Files.writeString(cfg, Files.readString(env.config()).replaceFirst("(?m)^company:\n", "company:\n  locale: de-DE\n"
                    + "  address: \"Hauptstraße 1, 80331 München\"\n  website: https://www.example-outdoor.test/\n"));
            ReportRun.Outcome o = run(env, cfg, day);
            assertThat(o.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
            String text = text(env.smtp().list(), "info@alpenrad.example");
            assertThat(text).contains("Hallo Alpenrad GmbH", "Montag, 23. November 2026", "IHRE WEBSITE AM MONTAG, 23. NOVEMBER 2026",
                    "Hauptstraße 1, 80331 München", "https://www.example-outdoor.test/").doesNotContain("Requests", "Hello");
            assertThat(text).containsPattern("Anfragen: \\d{1,3}(\\.\\d{3})+|Anfragen: \\d{1,3}\\n");
            assertThat(out.toString()).doesNotContain("has no translation");
        }
    }

    @Test
    void anUntranslatedLocaleFallsBackToEnglishWithOneWarning() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        try (DemoEnvironment env = DemoEnvironment.start(dir, day, DemoEnvironment.Latency.NONE)) {
            Path cfg = dir.resolve("fr.yaml");
            Files.writeString(cfg, Files.readString(env.config()).replaceFirst("(?m)^company:\n", "company:\n  locale: fr-FR\n"));
            ReportRun.Outcome o = run(env, cfg, day);
            assertThat(o.exitCode()).as(out.toString()).isEqualTo(ExitCode.OK);
            assertThat(out.toString().lines().filter(l -> l.contains("company.locale fr-FR has no translation"))).hasSize(1);
            assertThat(text(env.smtp().list(), "info@alpenrad.example")).contains("Hello Alpenrad GmbH", "Requests: ");
        }
    }
}
