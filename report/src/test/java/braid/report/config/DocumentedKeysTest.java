package braid.report.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every key docs/configuration.md documents is read by code that acts on it (issue 12: {@code mail.testRecipient} was
 * documented, loaded, and used by nothing, so a run with it set mailed the real client). The walk: each key of each
 * section table maps to its configuration record's accessor, which some main source outside the configuration
 * package must call. A key whose value nothing reads fails here.
 */
class DocumentedKeysTest {

    /** Keys whose accessor has another name than the key (section.key → accessor). */
    static final Map<String, String> ACCESSOR = Map.ofEntries(
            Map.entry("report.maxClientDrop", "maxClientDropPercent"),
            Map.entry("report.siteMatch.rule", "rule"),
            Map.entry("report.siteMatch.overrides", "overrides"),
            Map.entry("operator.notify", "recipients"),
            Map.entry("operator.proxy", "webhookProxy"),
            Map.entry("company.timeZone", "timeZone"),
            Map.entry("sap.headers", "headers"),
            Map.entry("website.selectors.item", "item"),
            Map.entry("website.selectors.title", "title"),
            Map.entry("website.selectors.date", "date"),
            Map.entry("website.selectors.summary", "summary"),
            Map.entry("sap.auth.tokenUrl", "tokenUrl"),
            Map.entry("sap.auth.apiKey", "key"),
            Map.entry("mail.smtp.username", "username"),
            Map.entry("trust.type", "type"),
            // the health: section is read by braid.health (HealthChecks into the check records)
            Map.entry("health.trustStore", "sslContext"),
            Map.entry("health.noProxy", "selector"),
            Map.entry("health.checks.http", "url"),
            Map.entry("health.checks.tcp", "hostName"),
            Map.entry("health.checks.smtp", "hostName"),
            Map.entry("health.checks.disk", "path"),
            Map.entry("health.checks.minFree", "minFreePercent"),
            Map.entry("health.checks.file", "maxAge"),
            Map.entry("health.checks.prometheus", "rule"),
            Map.entry("health.checks.errorLog", "path"),
            Map.entry("health.checks.journal", "unit"),
            Map.entry("health.checks.accessLog", "path"),
            Map.entry("health.checks.clientWebsites", "clientSites"),
            Map.entry("health.checks.for", "alertAfter"));

    /** Sections whose keys are sections themselves (checked by their own tables) or mere containers. */
    static final List<String> CONTAINERS = List.of("top", "trust");

    @Test
    void everyDocumentedKeyIsReadByTheCodeThatActsOnIt() throws IOException {
        Map<String, List<String>> keys = documentedKeys(Files.readString(Path.of("..", "docs", "configuration.md")));
        assertThat(keys).containsKeys("company", "website", "logs", "sap", "sap.auth", "mail", "mail.smtp", "report",
                "operator", "retention", "health", "health.checks");
        String code = mainSourcesOutsideConfig();
        List<String> unread = new ArrayList<>();
        for (var e : keys.entrySet()) {
            if (CONTAINERS.contains(e.getKey())) continue;
            for (String key : e.getValue()) {
                String full = e.getKey() + "." + key;
                String accessor = ACCESSOR.getOrDefault(full, key.contains(".") ? key.substring(key.lastIndexOf('.') + 1) : key);
                if (!code.contains("." + accessor + "()")) unread.add(full + " (accessor " + accessor + "())");
            }
        }
        assertThat(unread).as("documented keys no code outside the configuration package reads").isEmpty();
    }

    /** section → keys, from the {@code ### `section`} headings and the first column of their tables. */
    static Map<String, List<String>> documentedKeys(String doc) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = null;
        Matcher heading = Pattern.compile("^#{3,4} (?:`([a-zA-Z.]+)`|Top level|Trust stores)").matcher("");
        for (String line : doc.lines().toList()) {
            if (line.startsWith("#")) {
                section = null;
                if (heading.reset(line).find()) {
                    section = heading.group(1) != null ? heading.group(1) : line.contains("Top level") ? "top" : "trust";
                    out.put(section, new ArrayList<>());
                }
                continue;
            }
            Matcher row = Pattern.compile("^\\| `([a-zA-Z.]+)` \\|").matcher(line);
            if (section != null && row.find() && !row.group(1).equals("Key")) {
                out.get(section).add(row.group(1));
            }
        }
        return out;
    }

    static String mainSourcesOutsideConfig() throws IOException {
        StringBuilder all = new StringBuilder();
        Path root = Path.of("..");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")
                    && !f.toString().contains("/braid/report/config/") && !f.toString().contains("/target/")).toList()) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }
}
