package braid.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import braid.logs.AccessSummary;
import braid.logs.Count;
import braid.logs.Coverage;
import braid.logs.SiteFigures;
import braid.report.config.BraidConfig;
import braid.sap.SapClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Most visited pages" in the client's e-mail are pages: the stylesheets, scripts, images and fonts a page loads are
 * requested as often as the page or more and filled the list (the sandbox's e-mail listed /static/css/item-1.jpg).
 */
class TopPagesTest {
    @TempDir Path dir;

    @Test
    void theFilesAPageLoadsAreLeftOutOfTheMostVisitedPages() throws Exception {
        Path file = dir.resolve("braid.yaml");
        Files.writeString(file, """
                company: {name: Example GmbH, timeZone: Europe/Berlin}
                logs: {access: [/var/log/apache2/access.log]}
                sap:
                  url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER
                  auth: {type: basic, user: REPORTS, password: secret-1}
                mail:
                  smtp: {host: smtp.example.com}
                  from: reports@example.com
                """);
        BraidConfig cfg = BraidConfig.load(file, Map.of());
        LocalDate day = LocalDate.of(2026, 12, 3);
        ZoneId zone = ZoneId.of("Europe/Berlin");
        List<Count> paths = List.of(new Count("/static/css/site.css", 900), new Count("/", 500), new Count("/logo.PNG", 480),
                new Count("/app.js?v=3", 470), new Count("/shop", 300), new Count("/fonts/a.woff2", 200), new Count("/news/1.html", 150),
                new Count("/brochure.pdf", 120), new Count("/contact", 100), new Count("/v1.2/about", 90), new Count("/more", 80));
        SiteFigures site = new SiteFigures(5000, 321, 5_000_000, Map.of("2xx", 5000L), Map.of(200, 5000L), paths, List.of(), List.of(),
                List.of(), Collections.nCopies(24, 200L), 100);
        AccessSummary logs = new AccessSummary(List.of(Path.of("access.log")), "combined", zone, day, site,
                Map.of("www.sample.example", site), 2000, 700, 0, 0, 0, List.of(), List.of(), 200_000,
                new Coverage(day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(1), 10, 10));
        Figures f = new Figures(cfg, day, day.plusDays(1), Optional.empty(), Optional.of(logs));
        SapClient client = new SapClient("C1", "Sample Client", "client@example.com", "https://www.sample.example/",
                braid.sap.Category.ORGANIZATION);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> pages = (List<Map<String, Object>>) f.modelFor(client, Optional.of("www.sample.example")).get("topPages");
        assertThat(pages).extracting(p -> p.get("path")).containsExactly("/", "/shop", "/news/1.html", "/brochure.pdf", "/contact");
        assertThat(Figures.isAsset("/v1.2/about")).isFalse();
        assertThat(Figures.isAsset("/app.js?v=3")).isTrue();
    }
}
