package braid.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import braid.health.SiteHealth;
import braid.health.Status;
import braid.report.config.BraidConfig;
import braid.sap.SapClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's website check in their e-mail ({@code report.clientHealth}) says when it was made: the time alone on the
 * morning after the report day, as the e-mail arrives; in a backfill, days later, also the day, so that "at 4:41 PM"
 * in the report for Thursday is not read as Thursday afternoon.
 */
class SiteHealthWordingTest {
    @TempDir Path dir;
    static final LocalDate DAY = LocalDate.of(2026, 12, 3); // a Thursday

    String sentence(String locale, Instant checkedAt) throws Exception {
        return sentence(locale, checkedAt, new SiteHealth("C1", URI.create("https://shop.example.com/"), Status.OK, true, 200,
                Duration.ofMillis(240), Duration.ofDays(54), "HTTP 200 in 240 ms"));
    }

    String sentence(String locale, Instant checkedAt, SiteHealth h) throws Exception {
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
        LocalDate today = checkedAt.atZone(cfg.company().timeZone()).toLocalDate();
        Figures f = new Figures(cfg, DAY, today, Optional.empty(), Optional.empty());
        SapClient client = new SapClient("C1", "Sample Client", "client@example.com", "https://shop.example.com/",
                braid.sap.Category.ORGANIZATION);
        return String.valueOf(f.withSiteHealth(f.modelFor(client, Optional.empty()), client, h, checkedAt).get("siteHealth"));
    }

    @Test
    void theMorningAfterTheReportDaySaysTheTimeAloneABackfillAlsoTheDay() throws Exception {
        Instant morningAfter = Instant.parse("2026-12-04T05:12:00Z");   // 06:12 in Berlin, Friday
        Instant backfill = Instant.parse("2026-12-05T15:41:00Z");       // 16:41 in Berlin, Saturday
        assertThat(sentence("en", morningAfter)).matches("When we checked your website shop\\.example\\.com at 6:12\\WAM, it was up"
                + " and answered in 240 ms\\..*").doesNotContain("December");
        assertThat(sentence("en", backfill)).matches("When we checked your website shop\\.example\\.com at 4:41\\WPM on Saturday,"
                + " December 5, 2026, it was up and answered in 240 ms\\..*");
        assertThat(sentence("de", morningAfter)).startsWith("Als wir Ihre Website shop.example.com um 06:12 Uhr geprüft haben, war sie"
                + " erreichbar und antwortete in 240 ms.");
        assertThat(sentence("de", backfill)).startsWith("Als wir Ihre Website shop.example.com am Samstag, 5. Dezember 2026 um 16:41"
                + " Uhr geprüft haben, war sie erreichbar");
    }

    @Test
    void anExpiredCertificateIsToldAsSuchAndACertificateRefusedForAnotherReasonIsNotToldToTheClient() throws Exception {
        Instant morningAfter = Instant.parse("2026-12-04T05:12:00Z");
        URI site = URI.create("https://shop.example.com/");
        SiteHealth expired = new SiteHealth("C1", site, Status.CRITICAL, false, 0, null, null,
                "TLS: the certificate of shop.example.com expired on 2026-12-01", true, true);
        assertThat(sentence("en", morningAfter, expired)).matches("When we checked your website shop\\.example\\.com at 6:12\\WAM,"
                + " its security certificate had expired: visitors get a warning instead of your site\\. Please renew it\\.")
                .doesNotContain("did not answer");
        assertThat(sentence("de", morningAfter, expired)).isEqualTo("Als wir Ihre Website shop.example.com um 06:12 Uhr geprüft haben,"
                + " war ihr Sicherheitszertifikat abgelaufen: Besucher sehen eine Warnung statt Ihrer Website. Bitte erneuern Sie es.");
        // not trusted here (this side's trust store may lack its CA): "did not answer" would be wrong, so nothing is said
        SiteHealth untrusted = new SiteHealth("C1", site, Status.CRITICAL, false, 0, null, null,
                "TLS: the certificate of shop.example.com is not trusted", true, false);
        assertThat(sentence("en", morningAfter, untrusted)).isEqualTo("null");
        SiteHealth down = new SiteHealth("C1", site, Status.CRITICAL, false, 0, null, null, "connection refused by shop.example.com:443");
        assertThat(sentence("en", morningAfter, down)).contains("it did not answer. Please look into it.");
    }

    @Test
    void anAnswerThatRefusesTheCheckerIsNotToldToTheClientAServerErrorIs() throws Exception {
        Instant morningAfter = Instant.parse("2026-12-04T05:12:00Z");
        URI site = URI.create("https://shop.example.com/");
        // a bot protection's challenge (Cloudflare answers 403), a login, a rate limit: the site refused this checker,
        // which says nothing of what its visitors get; the operator has it in the health summary
        for (int status : new int[] {401, 403, 407, 429}) {
            SiteHealth refused = new SiteHealth("C1", site, Status.CRITICAL, false, status, Duration.ofMillis(80), Duration.ofDays(54),
                    "HTTP " + status + " in 80 ms");
            assertThat(sentence("en", morningAfter, refused)).as("HTTP " + status).isEqualTo("null");
        }
        for (int status : new int[] {404, 410, 500, 502, 503}) {
            SiteHealth error = new SiteHealth("C1", site, Status.CRITICAL, false, status, Duration.ofMillis(80), Duration.ofDays(54),
                    "HTTP " + status + " in 80 ms");
            assertThat(sentence("en", morningAfter, error)).contains("it answered with an error (HTTP " + status + ")");
        }
    }

    @Test
    void aSiteThatCouldNotBeCheckedBecauseTheProxyHereFailedIsNotMentionedNorCountedAsSilent() throws Exception {
        Instant morningAfter = Instant.parse("2026-12-04T05:12:00Z");
        URI site = URI.create("https://shop.example.com/");
        // the proxy rejected the credentials (407), refused the tunnel by its rules, or was down: UNKNOWN, no status
        SiteHealth unchecked = new SiteHealth("C1", site, Status.UNKNOWN, false, 0, null, null,
                "cannot check: proxy authentication failed at proxy proxy.example.com:3128 (407 Proxy Authentication Required)");
        assertThat(unchecked.unchecked()).isTrue();
        assertThat(unchecked.unanswered()).isFalse();
        assertThat(sentence("en", morningAfter, unchecked)).isEqualTo("null");
        assertThat(sentence("de", morningAfter, unchecked)).isEqualTo("null");
        // two of three checked sites silent while six could not be checked: the two are still "mostly" — the guard holds
        SiteHealth silent = new SiteHealth("C2", site, Status.CRITICAL, false, 0, null, null, "no answer within 10 s");
        SiteHealth up = new SiteHealth("C3", site, Status.OK, true, 200, Duration.ofMillis(90), Duration.ofDays(40), "HTTP 200 in 90 ms");
        java.util.List<SiteHealth> all = new java.util.ArrayList<>(java.util.List.of(silent, silent, up));
        for (int i = 0; i < 6; i++) all.add(unchecked);
        assertThat(SiteHealth.mostlyUnanswered(all)).isTrue();
        assertThat(Figures.unansweredHere(all)).isPresent();
    }

    @Test
    void aCertificateWithLessThanADayLeftExpiresTodayNotInZeroDays() throws Exception {
        Instant morningAfter = Instant.parse("2026-12-04T05:12:00Z");
        SiteHealth lastDay = new SiteHealth("C1", URI.create("https://shop.example.com/"), Status.CRITICAL, true, 200,
                Duration.ofMillis(240), Duration.ofHours(10), "HTTP 200 in 240 ms; certificate expires in 10 hours");
        assertThat(sentence("en", morningAfter, lastDay)).endsWith("Its security certificate expires today, on Dec 4, 2026:"
                + " please renew it now.").doesNotContain("0 days");
        assertThat(sentence("de", morningAfter, lastDay)).endsWith("Ihr Sicherheitszertifikat läuft heute ab, am 04.12.2026:"
                + " bitte erneuern Sie es sofort.");
    }
}
