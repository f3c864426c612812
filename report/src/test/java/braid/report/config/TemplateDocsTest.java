package braid.report.config;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.internal.TemplateCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/templates.md lists exactly the names a run's model has (issue 12). */
class TemplateDocsTest {

    @Test
    void theDocumentedVariablesAreExactlyTheModelsNames() throws Exception {
        Path docs = Path.of("..", "docs", "templates.md");
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-zA-Z0-9.]+)` \\| (string|boolean|list|number) \\|").matcher(Files.readString(docs));
        while (m.find()) documented.add(m.group(1));

        BraidConfig cfg = BraidConfig.load(writeConfig(), Map.of());
        Set<String> model = new TreeSet<>(Set.of("client.id", "client.name", "client.email", "unsubscribeUrl", "hasUnsubscribe"));
        for (Map<String, Object> one : TemplateCheck.sampleModels(cfg)) names("", one, model);
        assertThat(documented).isEqualTo(model);
    }

    private static void names(String prefix, Map<String, Object> map, Set<String> out) {
        for (var e : map.entrySet()) {
            String name = prefix + e.getKey();
            out.add(name);
            if (e.getValue() instanceof Map<?, ?> inner) {
                out.remove(name);
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) inner;
                names(name + ".", m, out);
            } else if (e.getValue() instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> inner) {
                        @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) inner;
                        names(name + ".", m, out);
                    }
                }
            }
        }
    }

    private static Path writeConfig() throws Exception {
        Path dir = Files.createTempDirectory("braid-template-docs");
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, """
                company: {name: Example GmbH, timeZone: Europe/Berlin, }
                website: {url: "https://www.example.com/"}
                logs: {access: [/var/log/apache2/access.log]}
                sap:
                  url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER
                  auth: {type: basic, user: REPORTS, password: secret-1}
                mail:
                  smtp: {host: smtp.example.com}
                  from: reports@example.com
                """);
        return cfg;
    }
}
