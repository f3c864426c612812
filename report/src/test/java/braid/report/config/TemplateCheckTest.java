package braid.report.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The company's own templates are checked when the configuration loads (issue 12), so check, plan and run refuse with
 * exit 2 and file:line instead of mailing "Hello ," to every client.
 */
class TemplateCheckTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            company: {name: Example GmbH, timeZone: Europe/Berlin}
            logs: {access: [/var/log/apache2/access.log]}
            sap:
              url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER
              auth: {type: basic, user: REPORTS, password: secret-1}
            mail:
              smtp: {host: smtp.example.com}
              from: reports@example.com
              templates: ./templates
            """;

    /** The shipped templates, copied into {@code dir/templates}, with {@code edit} applied to {@code name}. */
    Path config(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path t = dir.resolve("templates");
        Files.createDirectories(t);
        for (String f : new String[]{"subject.mustache", "text.mustache", "html.mustache"}) {
            try (InputStream in = TemplateCheckTest.class.getResourceAsStream("/braid/mail/templates/" + f)) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                Files.writeString(t.resolve(f), f.equals(name) ? edit.apply(text) : text);
            }
        }
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, CONFIG);
        return cfg;
    }

    @Test
    void theShippedTemplatesPassTheCheck() throws Exception {
        Path cfg = config("none", t -> t);
        assertThat(BraidConfig.load(cfg, Map.of()).mail().templates()).isPresent();
    }

    @Test
    void anUnknownVariableIsRefusedWithFileAndLine() throws Exception {
        Path cfg = config("text.mustache", t -> t.replace("Hello {{client.name}},", "Hello {{client.nme}},"));
        assertThatThrownBy(() -> BraidConfig.load(cfg, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file()).isEqualTo(dir.resolve("templates/text.mustache"));
                    assertThat(p.line()).isEqualTo(1);
                    assertThat(p.toString()).contains("text.mustache:1", "unknown variable 'client.nme'");
                }));
    }

    @Test
    void anUnknownSectionInsideAListAndInTheHtmlIsRefused() throws Exception {
        Path cfg = config("html.mustache", t -> t.replace("{{label}}", "{{lable}}").replace("{{#hasNews}}", "{{#hasNewz}}")
                .replace("{{/hasNews}}", "{{/hasNewz}}"));
        assertThatThrownBy(() -> BraidConfig.load(cfg, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::message).anyMatch(m -> m.contains("'lable'"))
                        .anyMatch(m -> m.contains("'hasNewz'")));
    }

    @Test
    void aSyntaxErrorIsRefusedNamingTheFile() throws Exception {
        Path cfg = config("subject.mustache", t -> t + "{{#open}} never closed");
        assertThatThrownBy(() -> BraidConfig.load(cfg, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).singleElement().satisfies(p -> {
                    assertThat(p.file().getFileName().toString()).isEqualTo("subject.mustache");
                    assertThat(p.message()).contains("does not compile");
                }));
    }

    @Test
    void aMissingTemplateFileIsRefused() throws Exception {
        Path cfg = config("none", t -> t);
        Files.delete(dir.resolve("templates/html.mustache"));
        assertThatThrownBy(() -> BraidConfig.load(cfg, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("html.mustache");
    }

    /** braid's shipped templates of {@code from} ("" English, "de/" German) copied into {@code to}. */
    void copyShipped(String from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : new String[]{"subject.mustache", "text.mustache", "html.mustache"}) {
            try (InputStream in = TemplateCheckTest.class.getResourceAsStream("/braid/mail/templates/" + from + f)) {
                Files.write(to.resolve(f), in.readAllBytes());
            }
        }
    }

    Path configWithLocale(String locale) throws IOException {
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, CONFIG.replace("timeZone: Europe/Berlin}", "timeZone: Europe/Berlin, locale: " + locale + "}"));
        return cfg;
    }

    @Test
    void englishTemplatesWithAGermanLocaleAreRefusedBeforeAnEMailMixesTheTwoLanguages() throws Exception {
        // the operator copies braid's English templates (docs/templates.md: a good starting point) and sets locale: de:
        // "Hello Alpenrad GmbH, here is the report for Freitag, 4. Dezember 2026 … Anfragen: 4.864 (— vs. day before)"
        copyShipped("", dir.resolve("templates"));
        Path cfg = configWithLocale("de");
        assertThatThrownBy(() -> BraidConfig.load(cfg, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString)
                        .anySatisfy(m -> assertThat(m).contains("text.mustache", "its own words are English", "company.locale is de",
                                "the e-mails would mix the two languages", dir.resolve("templates").resolve("de").toString()))
                        .anySatisfy(m -> assertThat(m).contains("html.mustache", "its own words are English")));
        // German templates beside them, in templates/de as braid's own are laid out: German e-mails, English ones stay for en
        copyShipped("de/", dir.resolve("templates/de"));
        BraidConfig de = BraidConfig.load(cfg, Map.of());
        assertThat(braid.report.internal.Wiring.templatesDir(de)).contains(dir.resolve("templates/de"));
        assertThat(braid.report.internal.Wiring.templatesDir(BraidConfig.load(configWithLocale("en"), Map.of())))
                .contains(dir.resolve("templates"));
    }

    @Test
    void germanTemplatesPassWithAGermanLocaleAndAreRefusedWithAnEnglishOne() throws Exception {
        copyShipped("de/", dir.resolve("templates"));
        assertThat(braid.report.internal.Wiring.templatesDir(BraidConfig.load(configWithLocale("de"), Map.of())))
                .contains(dir.resolve("templates"));
        Path en = configWithLocale("en");
        assertThatThrownBy(() -> BraidConfig.load(en, Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString)
                        .anySatisfy(m -> assertThat(m).contains("text.mustache", "its own words are German",
                                "with company.locale en the labels and dates inside it come in English", "Set company.locale: de")));
    }

    @Test
    void anEnglishSubjectLeftInTranslatedGermanTemplatesIsRefused() throws Exception {
        copyShipped("de/", dir.resolve("templates"));
        Files.copy(TemplateCheckTest.class.getResourceAsStream("/braid/mail/templates/subject.mustache"),
                dir.resolve("templates/subject.mustache"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> BraidConfig.load(configWithLocale("de"), Map.of())).isInstanceOfSatisfying(ConfigException.class, e ->
                assertThat(e.problems()).extracting(ConfigProblem::toString).singleElement().asString()
                        .contains("subject.mustache", "its own words are English ('daily', 'report', 'for')"));
    }

    @Test
    void aFewWordsOfTheOtherLanguageInAnEditedTemplateAreNoProblem() throws Exception {
        // a German template naming an English product and a German client ("Guten Tag") in an English one: not judged
        copyShipped("de/", dir.resolve("templates"));
        Path t = dir.resolve("templates/text.mustache");
        Files.writeString(t, Files.readString(t) + "\nThe North Face and the Day Pack: new in our shop.\n");
        BraidConfig.load(configWithLocale("de"), Map.of());
        copyShipped("", dir.resolve("templates"));
        Files.writeString(t, Files.readString(t) + "\nGuten Tag from the team of Müller und Söhne!\n");
        BraidConfig.load(configWithLocale("en"), Map.of());
    }
}
