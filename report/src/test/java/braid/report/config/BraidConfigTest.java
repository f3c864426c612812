package braid.report.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BraidConfigTest {

    private static final Map<String, String> ENV = Map.of("SAP_PASSWORD", "sap-pw-4711", "HOME", "/home/reports");

    @TempDir
    Path dir;

    private BraidConfig load(String yaml) throws ConfigException {
        return BraidConfig.load(ConfigFiles.write(dir, yaml), ENV);
    }

    private BraidConfig load(String yaml, Map<String, String> env) throws ConfigException {
        return BraidConfig.load(ConfigFiles.write(dir, yaml), env);
    }

    private List<ConfigProblem> problems(String yaml) {
        return problems(yaml, ENV);
    }

    private List<ConfigProblem> problems(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml, env));
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems();
    }

    @Test
    void minimalConfigGetsTheDocumentedDefaults() throws Exception {
        BraidConfig c = load(ConfigFiles.MINIMAL);

        assertThat(c.company().name()).isEqualTo("Example GmbH");
        assertThat(c.company().timeZone()).isEqualTo(ZoneId.systemDefault());
        assertThat(c.stateDir()).isEqualTo(dir.toAbsolutePath().resolve("braid-state"));
        assertThat(c.website()).isEmpty();
        assertThat(c.logs().required()).isTrue();
        assertThat(c.logs().access()).containsExactly(Path.of("/var/log/apache2/access.log"));
        assertThat(c.logs().errors()).isEmpty();
        assertThat(c.logs().format()).isEqualTo("auto");
        assertThat(c.logs().timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.sap().url().toString()).isEqualTo("https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER");
        assertThat(c.sap().auth()).isEqualTo(new SapAuthConfig.Basic("REPORTS", Secret.of("sap-pw-4711")));
        assertThat(c.sap().pageSize()).isEqualTo(1000);
        assertThat(c.sap().concurrency()).isEqualTo(4);
        assertThat(c.sap().pagesAhead()).as("auto").isEmpty();
        assertThat(c.sap().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.sap().retries()).isEqualTo(3);
        assertThat(c.sap().sapClient()).isEmpty();
        assertThat(c.sap().trustStore()).isEmpty();
        assertThat(c.sap().proxy()).isEmpty();
        assertThat(c.mail().smtp().port()).isEqualTo(587);
        assertThat(c.mail().smtp().security()).isEqualTo(SmtpSecurity.STARTTLS);
        assertThat(c.mail().smtp().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.mail().smtp().readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.mail().from()).isEqualTo(new MailAddress("reports@example.com", "Example Reports"));
        assertThat(c.mail().envelopeFrom()).isEqualTo("reports@example.com");
        assertThat(c.mail().concurrency()).isEqualTo(4);
        assertThat(c.mail().ratePerMinute()).isZero();
        assertThat(c.mail().templates()).isEmpty();
        assertThat(c.report()).isEqualTo(ReportConfig.DEFAULT);
        assertThat(c.operator().recipients()).isEmpty();
        assertThat(c.retention()).isEqualTo(new RetentionConfig(30, 100, 400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"company", "company.name", "logs", "logs.access", "sap", "sap.url", "sap.auth",
            "sap.auth.type", "sap.auth.user", "sap.auth.password", "mail", "mail.smtp", "mail.smtp.host", "mail.from"})
    void eachMissingRequiredKeyIsReportedByItsPath(String key) {
        List<ConfigProblem> problems = problems(ConfigFiles.without(ConfigFiles.MINIMAL, key));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(key);
            assertThat(p.message()).startsWith("missing required key '" + key.substring(key.lastIndexOf('.') + 1) + "'");
        });
    }

    @Test
    void missingNestedKeyPointsAtTheLineOfItsSection() {
        ConfigProblem p = problems(ConfigFiles.without(ConfigFiles.MINIMAL, "mail.smtp.host")).getFirst();

        assertThat(p.line()).isEqualTo(12); // "  smtp:" (its only child was removed)
        assertThat(p.toString()).startsWith(dir.resolve("braid.yaml") + ":12:3: mail.smtp.host: missing required key 'host'");
    }

    @Test
    void wrongTypesNameExpectedAndFound() {
        String yaml = ConfigFiles.MINIMAL.replace("  name: Example GmbH", "  name: [Example, GmbH]")
                + "  concurrency: lots\n"
                + "retention: 30\n";

        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::path, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("company.name", "expected the company name, found a list"),
                org.assertj.core.groups.Tuple.tuple("mail.concurrency", "expected a whole number from 1 to 64, found 'lots'"),
                org.assertj.core.groups.Tuple.tuple("retention", "expected a mapping of keys to values, found a single value"));
        assertThat(problems).extracting(ConfigProblem::line).containsExactly(2, 15, 16);
    }

    @Test
    void outOfRangeNumbersAreRejectedWithTheRange() {
        String yaml = ConfigFiles.MINIMAL.replace("    host: smtp.example.com", "    host: smtp.example.com\n    port: 70000");

        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("mail.smtp.port");
            assertThat(p.message()).isEqualTo("expected a whole number from 1 to 65535, found '70000'");
            assertThat(p.line()).isEqualTo(14);
            assertThat(p.column()).isEqualTo(11);
        });
    }

    @Test
    void sapPagesAheadReachTheSapClientAndAreAtMost63() throws Exception {
        String yaml = ConfigFiles.MINIMAL.replace("  url: https://sap.example.com", "  pagesAhead: 7\n"
                + "  concurrency: 8\n  url: https://sap.example.com");
        BraidConfig c = load(yaml);
        assertThat(c.sap().pagesAhead()).hasValue(7);
        try (var sap = braid.report.internal.Wiring.sapClient(c.sap(), java.util.Map.of())) {
            assertThat(sap.settings().pagesAhead()).isEqualTo(7);
        }
        // auto: from the last successful run's clients, at most concurrency - 1; none on a first run
        BraidConfig auto = load(ConfigFiles.MINIMAL.replace("  url: https://sap.example.com", "  pagesAhead: auto\n"
                + "  concurrency: 8\n  url: https://sap.example.com"));
        assertThat(auto.sap().pagesAhead()).isEmpty();
        java.util.function.IntFunction<java.util.Optional<braid.report.internal.LastRun>> clients =
                n -> java.util.Optional.of(new braid.report.internal.LastRun(java.time.LocalDate.of(2026, 12, 4), n, java.util.Map.of()));
        assertThat(braid.report.internal.Wiring.pagesAhead(auto.sap(), java.util.Optional.empty())).isZero();
        assertThat(braid.report.internal.Wiring.pagesAhead(auto.sap(), clients.apply(800))).isZero();
        assertThat(braid.report.internal.Wiring.pagesAhead(auto.sap(), clients.apply(2_500))).isEqualTo(2);
        assertThat(braid.report.internal.Wiring.pagesAhead(auto.sap(), clients.apply(100_000))).isEqualTo(7);
        assertThat(braid.report.internal.Wiring.pagesAhead(c.sap(), clients.apply(100_000))).as("a number wins").isEqualTo(7);
        assertThat(braid.report.internal.Wiring.pagesAhead(load(ConfigFiles.MINIMAL.replace("  url: https://sap.example.com",
                "  pagesAhead: 0\n  url: https://sap.example.com")).sap(), clients.apply(100_000))).isZero();
        assertThat(problems(ConfigFiles.MINIMAL.replace("  url: https://sap.example.com",
                "  pagesAhead: 64\n  url: https://sap.example.com"))).singleElement()
                .satisfies(p -> {
                    assertThat(p.path()).isEqualTo("sap.pagesAhead");
                    assertThat(p.message()).isEqualTo("expected a whole number from 0 to 63, or auto, found '64'");
                });
    }

    @Test
    void badDurationsSizesAddressesUrlsAndEnumsAreAllReportedTogether() {
        String yaml = ConfigFiles.MINIMAL
                .replace("  from: Example Reports <reports@example.com>", "  from: reports.example.com\n  replyTo: a@b@c")
                .replace("    host: smtp.example.com", "    host: smtp.example.com\n    security: tls\n    readTimeout: 30")
                + """
                website:
                  url: www.example.com/news
                  window: 2 weeks
                  maxBytes: 5 parsecs
                """;

        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::path).containsExactly(
                "mail.smtp.security", "mail.smtp.readTimeout", "mail.from", "mail.replyTo",
                "website.url", "website.window", "website.maxBytes");
        assertThat(problems.get(0).message()).isEqualTo("expected one of starttls, smtps, none, found 'tls'");
        assertThat(problems.get(1).message()).isEqualTo("expected " + Values.DURATION + ", found '30'");
        assertThat(problems.get(2).message()).startsWith("expected an e-mail address").endsWith("found 'reports.example.com'");
        assertThat(problems.get(4).message()).isEqualTo("expected an absolute https or http URL, found 'www.example.com/news'");
        assertThat(problems.get(5).message()).isEqualTo("expected " + Values.DURATION + ", found '2 weeks'");
        assertThat(problems.get(6).message()).isEqualTo("expected " + Values.SIZE + ", found '5 parsecs'");
    }

    @Test
    void unknownKeysSuggestTheClosestAllowedKey() {
        String yaml = ConfigFiles.MINIMAL.replace("    host: smtp.example.com", "    host: smtp.example.com\n    prot: 25")
                + "websit:\n  url: https://example.com/news\n"
                + "frobnicate: true\n";

        List<ConfigProblem> problems = problems(yaml);

        assertThat(problems).extracting(ConfigProblem::path, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("mail.smtp.prot", "unknown key 'prot'; did you mean 'port'?"),
                org.assertj.core.groups.Tuple.tuple("websit", "unknown key 'websit'; did you mean 'website'?"),
                org.assertj.core.groups.Tuple.tuple("frobnicate", "unknown key 'frobnicate'; allowed keys here: "
                        + "company, stateDir, website, logs, sap, mail, report, operator, retention, health"));
        assertThat(problems.getFirst().line()).isEqualTo(14);
    }

    @Test
    void misspelledEnumValuesGetASuggestion() {
        String yaml = ConfigFiles.MINIMAL.replace("    host: smtp.example.com", "    host: smtp.example.com\n    security: startls");

        assertThat(problems(yaml)).singleElement().extracting(ConfigProblem::message)
                .isEqualTo("expected one of starttls, smtps, none, found 'startls'; did you mean 'starttls'?");
    }

    @Test
    void transposedLettersCountAsOneEditForSuggestions() {
        assertThat(ConfigReader.distance("prot", "port")).isEqualTo(1);
        assertThat(ConfigReader.closest("tiemout", List.of("timeout", "retries"))).contains("timeout");
        assertThat(ConfigReader.closest("banana", List.of("timeout", "retries"))).isEmpty();
    }

    @Test
    void unsetVariableNamesTheVariableAndTheKeyPath() {
        List<ConfigProblem> problems = problems(ConfigFiles.MINIMAL, Map.of());

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("sap.auth.password");
            assertThat(p.message()).isEqualTo("environment variable SAP_PASSWORD is not set (referenced as ${SAP_PASSWORD})");
            assertThat(p.line()).isEqualTo(10);
        });
    }

    @Test
    void variablesAreSubstitutedInsideLongerValues() throws Exception {
        String yaml = ConfigFiles.MINIMAL.replace("user: REPORTS", "user: ${SAP_USER}_BATCH")
                .replace("host: smtp.example.com", "host: smtp.${DOMAIN}");

        BraidConfig c = load(yaml, Map.of("SAP_PASSWORD", "pw", "SAP_USER", "REPORTS", "DOMAIN", "example.org"));

        assertThat(((SapAuthConfig.Basic) c.sap().auth()).user()).isEqualTo("REPORTS_BATCH");
        assertThat(c.mail().smtp().host()).isEqualTo("smtp.example.org");
    }

    @Test
    void doubleDollarEscapesALiteralReference() throws Exception {
        String yaml = ConfigFiles.MINIMAL.replace("password: ${SAP_PASSWORD}", "password: \"pa$${not-a-var}\"");

        BraidConfig c = load(yaml, Map.of());

        assertThat(((SapAuthConfig.Basic) c.sap().auth()).password().reveal()).isEqualTo("pa${not-a-var}");
    }

    @Test
    void fileReferenceReadsASecretFileRelativeToTheConfigWithTrailingNewlineTrimmed() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/sap"), "from-file-secret\n");
        String yaml = ConfigFiles.MINIMAL.replace("${SAP_PASSWORD}", "${file:secrets/sap}");

        BraidConfig c = load(yaml, Map.of());

        assertThat(((SapAuthConfig.Basic) c.sap().auth()).password().reveal()).isEqualTo("from-file-secret");
    }

    @Test
    void missingSecretFileIsReportedWithItsPathButNoContent() {
        String yaml = ConfigFiles.MINIMAL.replace("${SAP_PASSWORD}", "${file:secrets/nope}");

        assertThat(problems(yaml, Map.of())).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("sap.auth.password");
            assertThat(p.message()).contains(dir.toAbsolutePath().resolve("secrets/nope").toString()).contains("does not exist");
        });
    }

    @Test
    void malformedReferencesAreReported() {
        String yaml = ConfigFiles.MINIMAL.replace("${SAP_PASSWORD}", "\"${SAP PASSWORD}\"")
                .replace("user: REPORTS", "user: ${UNTERMINATED");

        assertThat(problems(yaml, Map.of())).extracting(ConfigProblem::path, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sap.auth.user",
                        "unterminated '${' at character 1 (write '$${' for a literal '${')"),
                org.assertj.core.groups.Tuple.tuple("sap.auth.password", "'${SAP PASSWORD}' is not a valid reference; "
                        + "expected ${NAME} with NAME made of letters, digits and '_', or ${file:PATH}"));
    }

    @Test
    void secretsAndSubstitutedValuesNeverAppearInProblemsOrToString() throws Exception {
        Files.writeString(dir.resolve("smtp-password"), "file-secret-0815\n");
        String yaml = ConfigFiles.MINIMAL
                .replace("    host: smtp.example.com", """
                            host: smtp.example.com
                            port: ${SMTP_PORT}
                            username: mailer
                            password: ${file:smtp-password}
                            security: none\
                        """)
                + "website:\n  url: ${NEWS_URL}\n  proxy: http://bob:proxy-pw-1234@proxy\n";
        Map<String, String> env = Map.of("SAP_PASSWORD", "sap-pw-4711", "SMTP_PORT", "port-secret-42",
                "NEWS_URL", "not a url secret-url-99");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml, env));

        assertThat(e.problems()).extracting(ConfigProblem::path)
                .containsExactly("mail.smtp.port", "mail.smtp.security", "website.url", "website.proxy");
        assertThat(e.problems().getFirst().message())
                .isEqualTo("expected a whole number from 1 to 65535, found the value of ${SMTP_PORT} (not shown)");
        assertThat(e.getMessage()).doesNotContain("sap-pw-4711", "port-secret-42", "secret-url-99", "file-secret-0815",
                "proxy-pw-1234");

        BraidConfig ok = load(yaml.replace("${SMTP_PORT}", "2525").replace("security: none", "security: smtps")
                .replace("${NEWS_URL}", "https://example.com/news").replace("@proxy\n", "@proxy:3128\n"), env);
        assertThat(ok.toString()).doesNotContain("sap-pw-4711", "file-secret-0815", "proxy-pw-1234").contains("***");
        assertThat(ok.secrets()).containsExactlyInAnyOrder("sap-pw-4711", "file-secret-0815", "proxy-pw-1234");
        assertThat(ok.website().orElseThrow().proxy().orElseThrow())
                .satisfies(p -> assertThat(p.host()).isEqualTo("proxy"))
                .satisfies(p -> assertThat(p.username()).contains("bob"));
    }

    @Test
    void headerValuesFromVariablesAreSecretsAndLiteralOnesAreNot() throws Exception {
        String yaml = ConfigFiles.MINIMAL.replace("  auth:", """
                  headers:
                    Authorization: "Bearer ${TOKEN}"
                    x-source: braid
                  auth:\
                """);

        SapConfig sap = load(yaml, Map.of("SAP_PASSWORD", "pw", "TOKEN", "tok-123")).sap();

        assertThat(sap.headers()).containsExactly(Map.entry("x-source", "braid"));
        assertThat(sap.secretHeaders()).containsExactly(Map.entry("Authorization", Secret.of("Bearer tok-123")));
        assertThat(sap.toString()).doesNotContain("tok-123");
        assertThat(problems(yaml.replace("x-source: braid", "\"bad header\": x"), Map.of("SAP_PASSWORD", "pw", "TOKEN", "t")))
                .singleElement().extracting(ConfigProblem::path).isEqualTo("sap.headers.bad header");
    }

    @Test
    void literalSecretOfTheWrongTypeIsNotEchoed() {
        String yaml = ConfigFiles.MINIMAL.replace("password: ${SAP_PASSWORD}", "password: \"\"");

        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("sap.auth.password");
            assertThat(p.message()).isEqualTo("expected a non-empty SAP password, found a secret value (not shown)");
        });
    }

    @Test
    void secretToStringIsMasked() {
        assertThat(Secret.of("hunter2")).hasToString("***");
        assertThat(Secret.of("hunter2").reveal()).isEqualTo("hunter2");
    }

    @Test
    void relativeStateDirIsResolvedAgainstTheConfigFilesDirectory() throws Exception {
        BraidConfig c = load(ConfigFiles.MINIMAL + "stateDir: ../state\n");

        assertThat(c.stateDir()).isEqualTo(dir.toAbsolutePath().getParent().resolve("state"));
        assertThat(c.stateDir()).isAbsolute();
    }

    @Test
    void homeRelativeStateDirUsesHomeFromTheEnvironment() throws Exception {
        BraidConfig c = load(ConfigFiles.MINIMAL + "stateDir: ~/braid\n");

        assertThat(c.stateDir()).isEqualTo(Path.of("/home/reports/braid"));
    }

    @Test
    void allProblemsOfAFileAreReportedAtOnceInFileOrder() {
        String yaml = """
                company:
                  nam: Example GmbH
                  timeZone: Mars/Olympus
                logs:
                  access: []
                sap:
                  url: ftp://sap.example.com
                  auth: {type: kerberos}
                mail:
                  smtp: {host: smtp.example.com, port: 0}
                  from: nobody
                retention: {days: 0}
                """;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));

        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly(
                "company.name", "company.nam", "company.timeZone", "logs.access", "sap.url", "sap.auth.type",
                "mail.smtp.port", "mail.from", "retention.days");
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
        assertThat(e.getMessage()).startsWith("9 problems in ").contains("\n  ");
        assertThat(e.problems().get(5).message())
                .isEqualTo("expected one of basic, oauth2, apikey, none, found 'kerberos'");
    }

    @Test
    void yamlSyntaxErrorReportsLineAndColumnWithoutQuotingTheLine() {
        String yaml = """
                company:
                  name: Example
                   password: literal-secret: x
                """;

        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(12);
            assertThat(p.message()).startsWith("YAML syntax error: mapping values are not allowed here")
                    .doesNotContain("literal-secret");
        });
    }

    @Test
    void aTabThatIndentsALineIsPlacedOnThatLine() {
        // Jackson's location is its last token's (1:9 here); SnakeYAML's mark is the tab's
        assertThat(problems("company:\n\tname: Example\n")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(1);
            assertThat(p.message()).startsWith("YAML syntax error: found character '\\t(TAB)' that cannot start any token");
        });
    }

    @Test
    void yamlAliasesAreRefusedRatherThanReadAsTheirName() {
        String yaml = ConfigFiles.MINIMAL.replace("  name: Example GmbH", "  name: &n Example GmbH")
                .replace("user: REPORTS", "user: *n");

        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("sap.auth.user");
            assertThat(p.message()).isEqualTo("YAML aliases (*n) are not supported; write the value out");
        });
    }

    @Test
    void badListElementsAreReportedByIndex() {
        String yaml = ConfigFiles.MINIMAL.replace("  access: [/var/log/apache2/access.log]",
                "  access: [/var/log/apache2/access.log, {x: 1}]") + "operator:\n  notify: [ops@example.com, ops]\n";

        assertThat(problems(yaml)).extracting(ConfigProblem::path, ConfigProblem::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("logs.access[1]", "expected an access log path, found a mapping"),
                org.assertj.core.groups.Tuple.tuple("operator.notify[1]", "expected an e-mail address such as "
                        + "reports@example.com or \"Name <reports@example.com>\", found 'ops'"));
    }

    @Test
    void duplicateKeysAreReported() {
        String yaml = ConfigFiles.MINIMAL + "company:\n  name: Other\n";

        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("company");
            assertThat(p.message()).isEqualTo("duplicate key 'company' (first defined on line 1)");
            assertThat(p.line()).isEqualTo(15);
        });
    }

    @Test
    void byteOrderMarkIsIgnored() throws Exception {
        assertThat(load("\uFEFF" + ConfigFiles.MINIMAL).company().name()).isEqualTo("Example GmbH");
    }

    @Test
    void trustStoreProblemIsReportedTogetherWithOtherProblems() throws Exception {
        ConfigFiles.writeTrustStore(dir.resolve("ca.p12"), "right-pw");
        String yaml = ConfigFiles.MINIMAL.replace("  name: Example GmbH", "  name: Example GmbH\n  timeZone: Nowhere")
                .replace("    host: smtp.example.com", "    host: smtp.example.com\n    trustStore: {path: ca.p12, password: wrong}");

        assertThat(problems(yaml)).extracting(ConfigProblem::path)
                .containsExactly("company.timeZone", "mail.smtp.trustStore.path");
    }

    @Test
    void aMisspeltTimeZoneGetsTheZoneItIsNearest() {
        assertThat(problems(ConfigFiles.MINIMAL.replace("  name: Example GmbH", "  name: Example GmbH\n  timeZone: Europe/Berin")))
                .singleElement().extracting(ConfigProblem::message).asString()
                .isEqualTo("expected a time zone ID such as Europe/Berlin or UTC, found 'Europe/Berin'; did you mean 'Europe/Berlin'?");
        assertThat(problems(ConfigFiles.MINIMAL.replace("  name: Example GmbH", "  name: Example GmbH\n  timeZone: Nowhere")))
                .singleElement().extracting(ConfigProblem::message).asString().doesNotContain("did you mean");
    }

    @Test
    void emptyFileMissingFileAndNonMappingAreReported() throws Exception {
        assertThat(problems("")).singleElement().extracting(ConfigProblem::message).asString().contains("is empty");
        assertThat(problems("- a\n- b\n")).singleElement().extracting(ConfigProblem::message)
                .isEqualTo("expected a mapping of keys to values at the top level, found a list");
        assertThatThrownBy(() -> BraidConfig.load(dir.resolve("absent.yaml"), ENV))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void authKeysOfAnotherTypeAreRejectedByName() {
        String yaml = ConfigFiles.MINIMAL.replace("    user: REPORTS", "    user: REPORTS\n    clientId: abc");

        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("sap.auth.clientId");
            assertThat(p.message()).isEqualTo("key 'clientId' belongs to auth type oauth2, but type is basic");
        });
    }

    @Test
    void oauth2AndApiKeyAuthAreRead() throws Exception {
        String oauth = ConfigFiles.MINIMAL.replace("""
                    type: basic
                    user: REPORTS
                    password: ${SAP_PASSWORD}
                """, """
                    type: oauth2
                    tokenUrl: https://auth.example.com/oauth/token
                    clientId: braid
                    clientSecret: ${SAP_PASSWORD}
                """);
        String apiKey = ConfigFiles.MINIMAL.replace("""
                    type: basic
                    user: REPORTS
                """, """
                    type: apikey
                """).replace("password: ${SAP_PASSWORD}", "apiKey: ${SAP_PASSWORD}");

        assertThat(load(oauth).sap().auth()).isEqualTo(new SapAuthConfig.OAuth2(
                java.net.URI.create("https://auth.example.com/oauth/token"), "braid", Secret.of("sap-pw-4711"),
                java.util.Optional.empty()));
        assertThat(load(apiKey).sap().auth()).isEqualTo(new SapAuthConfig.ApiKey("APIKey", Secret.of("sap-pw-4711")));
    }

    @Test
    void smtpPortDefaultsFollowSecurityAndPlainAuthIsRefused() throws Exception {
        String smtps = ConfigFiles.MINIMAL.replace("    host: smtp.example.com", "    host: smtp.example.com\n    security: smtps");
        String plain = ConfigFiles.MINIMAL.replace("    host: smtp.example.com", """
                    host: smtp.example.com
                    security: none
                    username: mailer
                    password: x\
                """);
        String noPassword = ConfigFiles.MINIMAL.replace("    host: smtp.example.com",
                "    host: smtp.example.com\n    username: mailer");

        assertThat(load(smtps).mail().smtp().port()).isEqualTo(465);
        assertThat(problems(plain)).singleElement().extracting(ConfigProblem::message)
                .isEqualTo("expected starttls or smtps because username is set (a password must not travel unencrypted), found 'none'");
        assertThat(problems(noPassword)).singleElement().extracting(ConfigProblem::path).isEqualTo("mail.smtp.password");
    }

    @Test
    void proxyComesFromTheEnvironmentUnlessSetOrNone() throws Exception {
        String yaml = ConfigFiles.MINIMAL + "website:\n  url: https://www.example.com/news\n";
        Map<String, String> env = Map.of("SAP_PASSWORD", "pw", "https_proxy", "http://proxy.corp:3128");

        BraidConfig c = load(yaml, env);
        BraidConfig none = load(yaml + "  proxy: none\n", env);
        BraidConfig badEnv = null;

        assertThat(c.website().orElseThrow().proxy()).hasValueSatisfying(p -> {
            assertThat(p.host()).isEqualTo("proxy.corp");
            assertThat(p.port()).isEqualTo(3128);
            assertThat(p.origin()).isEqualTo("environment variable https_proxy");
        });
        assertThat(c.sap().proxy()).isPresent();
        assertThat(none.website().orElseThrow().proxy()).isEmpty();
        assertThat(problems(yaml, Map.of("SAP_PASSWORD", "pw", "http_proxy", "http://u:pw-in-env@proxy.corp")))
                .extracting(ConfigProblem::path, ConfigProblem::message)
                .allSatisfy(t -> assertThat(t.toList().get(1).toString()).doesNotContain("pw-in-env"))
                .extracting(t -> t.toList().getFirst()).containsExactly("sap.proxy", "website.proxy");
        assertThat(badEnv).isNull();
    }

    @Test
    void aProxyOverTlsIsRefusedWithTheWayToWriteAPlainOne() throws Exception {
        String yaml = ConfigFiles.MINIMAL + "website:\n  url: https://www.example.com/news\n";
        assertThat(problems(yaml.replace("website:\n", "website:\n  proxy: https://braid:s3cret@proxy.corp:3129\n"),
                Map.of("SAP_PASSWORD", "pw"))).singleElement().satisfies(p -> {
                    assertThat(p.path()).isEqualTo("website.proxy");
                    assertThat(p.message()).contains("a proxy reached over TLS (https://proxy.corp:3129) is not supported",
                            "write http://proxy.corp:3129").doesNotContain("s3cret");
                });
        assertThat(problems(yaml, Map.of("SAP_PASSWORD", "pw", "https_proxy", "socks5://proxy.corp:1080")))
                .extracting(ConfigProblem::path).containsExactly("sap.proxy", "website.proxy");
        assertThat(problems(yaml, Map.of("SAP_PASSWORD", "pw", "https_proxy", "socks5://proxy.corp:1080")))
                .allSatisfy(p -> assertThat(p.message()).startsWith("environment variable https_proxy: a SOCKS proxy")
                        .endsWith("or to none"));
    }

    @Test
    void noProxyExemptsMatchingHostsFromTheEnvironmentProxy() throws Exception {
        String yaml = ConfigFiles.MINIMAL + "website:\n  url: https://www.example.com/news\n";
        Map<String, String> env = Map.of("SAP_PASSWORD", "pw", "https_proxy", "http://proxy.corp:3128",
                "no_proxy", "localhost, .example.com:443");

        BraidConfig c = load(yaml, env);

        assertThat(c.website().orElseThrow().proxy()).isEmpty();
        assertThat(c.sap().proxy()).isEmpty();
        assertThat(load(yaml, Map.of("SAP_PASSWORD", "pw", "https_proxy", "http://proxy.corp:3128",
                "NO_PROXY", "sap.example.com")).website().orElseThrow().proxy()).isPresent();
        // an SAP system at an internal address, exempted by a range as corporate no_proxy lists write them: it must
        // not go to the proxy (over http:// its Basic credentials would cross the proxy in clear)
        String internal = yaml.replaceFirst("url: https://[^/\\s]+", "url: http://10.20.30.40:8000");
        assertThat(internal).contains("http://10.20.30.40:8000");
        assertThat(load(internal, Map.of("SAP_PASSWORD", "pw", "https_proxy", "http://proxy.corp:3128",
                "no_proxy", "localhost,10.0.0.0/8")).sap().proxy()).isEmpty();
        assertThat(load(internal, Map.of("SAP_PASSWORD", "pw", "https_proxy", "http://proxy.corp:3128",
                "no_proxy", "localhost,192.168.0.0/16")).sap().proxy()).isPresent();
    }

    @Test
    void aLoopbackSiteOrSapGoesDirectWhateverTheProxySettingsSay() throws Exception {
        // at a proxy, localhost is the proxy's own machine: an SAP or a website on this machine must not go there
        for (String host : List.of("localhost", "127.0.0.1", "[::1]")) {
            String yaml = (ConfigFiles.MINIMAL + "website:\n  url: http://" + host + ":8080/news\n")
                    .replaceFirst("url: https://[^/\\s]+", "url: http://" + host + ":8000");
            assertThat(yaml).as(host).contains("http://" + host + ":8000");
            BraidConfig fromEnv = load(yaml, Map.of("SAP_PASSWORD", "pw", "https_proxy", "http://proxy.corp:3128"));
            assertThat(fromEnv.sap().proxy()).as(host).isEmpty();
            assertThat(fromEnv.website().orElseThrow().proxy()).as(host).isEmpty();
            String keyed = yaml.replace("sap:\n", "sap:\n  proxy: http://proxy.corp:3128\n")
                    .replace("website:\n", "website:\n  proxy: http://proxy.corp:3128\n");
            BraidConfig configured = load(keyed, Map.of("SAP_PASSWORD", "pw"));
            assertThat(configured.sap().proxy()).as(host).isEmpty();
            assertThat(configured.website().orElseThrow().proxy()).as(host).isEmpty();
        }
        // a bad proxy value is still reported for a loopback target
        assertThat(problems((ConfigFiles.MINIMAL + "website:\n  url: http://localhost:8080/news\n  proxy: http://proxy.corp\n")))
                .singleElement().extracting(ConfigProblem::message).asString().contains("expected a proxy URL with a port");
    }

    @Test
    void goAccessFormatsAreCheckedWithTheLogAnalysersParser() throws Exception {
        String base = ConfigFiles.MINIMAL.replace("  access: [/var/log/apache2/access.log]",
                "  access: [/var/log/apache2/access.log]\n  format: FORMAT");

        assertThat(load(base.replace("FORMAT", "CLF")).logs().format()).isEqualTo("common");
        assertThat(problems(base.replace("FORMAT", "combind"))).singleElement().extracting(ConfigProblem::message)
                .asString().endsWith("found 'combind'; did you mean 'combined'?");
    }

    @Test
    void mailAddressesPrintQuotedWhereNeeded() {
        assertThat(new MailAddress("a@example.com", "Example, Inc.")).hasToString("\"Example, Inc.\" <a@example.com>");
        assertThat(new MailAddress("a@example.com", "Example Reports")).hasToString("Example Reports <a@example.com>");
        assertThat(new MailAddress("a@example.com", "")).hasToString("a@example.com");
    }

    @Test
    void trustStoreIsOpenedWhileLoadingSoAWrongPasswordIsAConfigError() throws Exception {
        ConfigFiles.writeTrustStore(dir.resolve("ca.p12"), "right-pw");
        String yaml = ConfigFiles.MINIMAL.replace("    host: smtp.example.com",
                "    host: smtp.example.com\n    trustStore: {path: ca.p12, password: \"${STORE_PW}\"}");

        BraidConfig ok = load(yaml, Map.of("SAP_PASSWORD", "pw", "STORE_PW", "right-pw"));
        List<ConfigProblem> wrong = problems(yaml, Map.of("SAP_PASSWORD", "pw", "STORE_PW", "wrong-pw"));
        List<ConfigProblem> missing = problems(yaml.replace("ca.p12", "nope.p12"), Map.of("SAP_PASSWORD", "pw", "STORE_PW", "x"));

        TrustStoreConfig store = ok.mail().smtp().trustStore().orElseThrow();
        assertThat(store.path()).isEqualTo(dir.toAbsolutePath().resolve("ca.p12"));
        assertThat(store.type()).isEqualTo("PKCS12");
        assertThat(store.load().size()).isZero();
        assertThat(ok.secrets()).contains("right-pw");
        assertThat(wrong).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("mail.smtp.trustStore.path");
            assertThat(p.message()).startsWith("expected a PKCS12 trust store that opens with the configured password")
                    .doesNotContain("wrong-pw");
        });
        assertThat(missing).singleElement().extracting(ConfigProblem::message).asString()
                .startsWith("expected a readable trust store file (");
    }

    @Test
    void aPemFileOfCertificatesIsATrustStoreWithOrWithoutItsTypeAndAMismatchSaysWhatItIs() throws Exception {
        var certs = braid.testkit.TestCertificates.generate(dir.resolve("certs"), "company-ca");
        Path pem = certs.trustStoreAsPem();
        String yaml = ConfigFiles.MINIMAL.replace("    host: smtp.example.com", "    host: smtp.example.com\n    trustStore: STORE");
        for (String store : List.of("{path: " + pem + "}", "{path: " + pem + ", type: pem}")) {
            TrustStoreConfig t = load(yaml.replace("STORE", store)).mail().smtp().trustStore().orElseThrow();
            assertThat(t.type()).isEqualTo("PEM");
            assertThat(t.load().size()).isEqualTo(1);
            assertThat(t.sslContext()).isNotNull();
        }
        assertThat(problems(yaml.replace("STORE", "{path: " + pem + ", password: x, type: PKCS12}"))).singleElement()
                .extracting(ConfigProblem::message).asString()
                .isEqualTo("expected a PKCS12 trust store that opens with the configured password, found a file that does not:"
                        + " it holds PEM text (set type: PEM, or leave type out)");
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "our CA is on the wiki\n");
        assertThat(problems(yaml.replace("STORE", "{path: " + notPem + ", type: PEM}"))).singleElement()
                .extracting(ConfigProblem::message).asString()
                .isEqualTo("type PEM: not a certificate file (expected PEM: -----BEGIN CERTIFICATE-----)");
    }

    @Test
    void sapUrlWithQueryAndCsrfHeaderAreRefused() {
        String yaml = ConfigFiles.MINIMAL.replace("API_BUSINESS_PARTNER", "API_BUSINESS_PARTNER?sap-client=100")
                .replace("  auth:", "  headers: {X-CSRF-Token: fetch}\n  auth:");

        assertThat(problems(yaml)).extracting(ConfigProblem::path).containsExactly("sap.url", "sap.headers.X-CSRF-Token");
    }

    @Test
    void aConfigFileThatIsMissingOrADirectoryIsRefusedInWords() {
        assertThatThrownBy(() -> BraidConfig.load(dir.resolve("missing.yaml"), Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().extracting(ConfigProblem::message).asString()
                        .contains("configuration file does not exist (looked for " + dir.resolve("missing.yaml") + ")"));
        // --config /etc/braid instead of /etc/braid/braid.yaml: no Java class name, the file it should name
        assertThatThrownBy(() -> BraidConfig.load(dir, Map.of())).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().extracting(ConfigProblem::message).asString()
                        .contains("is a directory; --config names the YAML file (such as " + dir.resolve("braid.yaml") + ")")
                        .doesNotContain("Exception"));
    }

    @Test
    void aSapUrlCopiedWithItsMetadataOrEntitySetIsRefusedNamingTheServiceRoot() {
        for (String tail : new String[]{"/$metadata", "/A_BusinessPartner/"}) {
            String yaml = ConfigFiles.MINIMAL.replace("API_BUSINESS_PARTNER", "API_BUSINESS_PARTNER" + tail);
            assertThat(problems(yaml)).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("sap.url");
                assertThat(p.message()).contains("without " + tail.replace("/", "") + " (braid adds it): "
                        + "https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER,");
            });
        }
    }

    @Test
    void siteMatchOverridesAreNormalizedAndNoneMeansNoSite() throws Exception {
        String yaml = ConfigFiles.MINIMAL + """
                report:
                  siteMatch:
                    overrides: {"1000123": WWW.Shop.Example.com, "1000456": none}
                  companyWideFigures: true
                  maxClientDrop: 12.5%
                """;

        ReportConfig r = load(yaml).report();

        assertThat(r.siteMatch().overrides()).containsExactly(Map.entry("1000123", "shop.example.com"));
        assertThat(r.siteMatch().noSite()).containsExactly("1000456");
        assertThat(r.companyWideFigures()).isTrue();
        assertThat(r.maxClientDropPercent()).isEqualTo(12.5);
        assertThat(SiteMatchConfig.normalizeHost("https://www.Example.com:8443/x?y")).isEqualTo("example.com");
    }

    @Test
    void badCssSelectorIsReportedBeforeTheRun() {
        String yaml = ConfigFiles.MINIMAL + "website:\n  url: https://example.com/news\n  selectors: {item: \"article[\"}\n";

        assertThat(problems(yaml)).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("website.selectors.item");
            assertThat(p.message()).isEqualTo("expected a valid CSS selector (jsoup syntax), found 'article['");
        });
    }

    @Test
    void logFormatAcceptsNamedFormatsAndGoAccessSpecifiers() throws Exception {
        String base = ConfigFiles.MINIMAL.replace("  access: [/var/log/apache2/access.log]",
                "  access: [/var/log/apache2/access.log]\n  format: FORMAT");

        assertThat(load(base.replace("FORMAT", "vhost_combined")).logs().format()).isEqualTo("vhost_combined");
        LogsConfig custom = load(base.replace("FORMAT", "'%h %^[%d:%t %^] \"%r\" %s %b'")).logs();
        assertThat(custom.format()).isEqualTo("%h %^[%d:%t %^] \"%r\" %s %b");
        assertThat(custom.customFormat()).isTrue();
        assertThat(problems(base.replace("FORMAT", "apache"))).singleElement().extracting(ConfigProblem::message)
                .isEqualTo("expected one of auto, combined, common, vhost_combined, or a GoAccess log-format string"
                        + " containing %, found 'apache'");
    }

    @Test
    void relativeLogPathsResolveAgainstTheConfigDirectoryAndSingleValuesAreLists() throws Exception {
        String yaml = ConfigFiles.MINIMAL.replace("  access: [/var/log/apache2/access.log]",
                "  access: logs/access.log\n  errors: [logs/error.log]");

        LogsConfig logs = load(yaml).logs();

        assertThat(logs.access()).containsExactly(dir.toAbsolutePath().resolve("logs/access.log"));
        assertThat(logs.errors()).containsExactly(dir.toAbsolutePath().resolve("logs/error.log"));
    }

    @Test
    void aStateDirectoryThatCannotBeWrittenIsRefusedWhenLoading() throws Exception {
        for (String where : List.of("/proc/braid-state", "/sys/braid")) {
            List<ConfigProblem> problems = problems("stateDir: " + where + "\n" + ConfigFiles.MINIMAL);
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("stateDir");
                assertThat(p.line()).isEqualTo(1);
                assertThat(p.message()).contains(where, "virtual file system");
            });
        }
        java.nio.file.Path file = dir.resolve("a-file");
        java.nio.file.Files.writeString(file, "x");
        assertThat(problems("stateDir: " + file + "/state\n" + ConfigFiles.MINIMAL)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("is not a directory"));
        assertThat(load("stateDir: " + dir.resolve("new/state") + "\n" + ConfigFiles.MINIMAL).stateDir())
                .isEqualTo(dir.resolve("new/state"));
    }
}
