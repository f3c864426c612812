package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code braid report run} with a broken braid.yaml, in-process through the real command line:
 * exit 2, the key path named on stderr, no secret value echoed, nothing contacted. The parser's
 * own cases are in braid.report.config.BraidConfigTest; this checks what the operator sees.
 */
class ConfigErrorsReportTest {
    /** The SAP password, read from a file so no environment variable is needed in-process. */
    static final String SECRET = "rel-Secret-93f2e1";

    @TempDir
    Path dir;

    /** The documented minimal config with its secret from a file; every required key is on its own line. */
    String minimal() throws Exception {
        Files.writeString(dir.resolve("sap-password"), SECRET + "\n");
        return """
                company:
                  name: Example GmbH
                logs:
                  access: [/var/log/apache2/access.log]
                sap:
                  url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER
                  auth:
                    type: basic
                    user: REPORTS
                    password: ${file:sap-password}
                mail:
                  smtp:
                    host: smtp.example.com
                  from: "Example Reports <reports@example.com>"
                """;
    }

    record Result(int exit, String out, String err) {}

    /** Runs {@code braid report run --config <yaml>} in-process, capturing System.out/err as the command writes to them. */
    Result run(String yaml) throws Exception {
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, yaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(System.out, true));
            cl.setErr(new PrintWriter(System.err, true));
            int exit = cl.execute("report", "run", "--config", cfg.toString(), "--date", "2026-11-23");
            return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "company.name |  name: Example GmbH",
            "logs.access  |  access: [/var/log/apache2/access.log]",
            "sap.url      |  url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER",
            "sap.auth.type|    type: basic",
            "sap.auth.user|    user: REPORTS",
            "sap.auth.password|    password: ${file:sap-password}",
            "mail.smtp.host|    host: smtp.example.com",
            "mail.from    |  from: \"Example Reports <reports@example.com>\"",
    })
    void eachRequiredKeyMissingInTurnExitsTwoNamingItsPath(String path, String line) throws Exception {
        String yaml = minimal();
        // the whole line, whatever its indentation (CSV values arrive stripped)
        String without = yaml.replaceFirst("(?m)^ *" + java.util.regex.Pattern.quote(line.strip()) + "\n", "");
        assertThat(without).as("line removed").isNotEqualTo(yaml);
        Result r = run(without);
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(path.strip()).doesNotContain(SECRET);
        assertThat(r.out()).doesNotContain(SECRET);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "company  | mail:",
            "logs     | sap:",
            "sap      | mail:",
            "mail     | ''",
    })
    void eachRequiredSectionMissingExitsTwoNamingIt(String section, String next) throws Exception {
        String yaml = minimal();
        int from = yaml.indexOf(section + ":\n");
        int to = next.isEmpty() ? yaml.length() : yaml.indexOf(next + "\n", from + 1);
        if (section.equals("company")) to = yaml.indexOf("logs:\n");
        String without = yaml.substring(0, from) + yaml.substring(to);
        Result r = run(without);
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(section).doesNotContain(SECRET);
    }

    @Test
    void wrongTypesExitTwoNamingTheKeyTheExpectedTypeAndWhatWasFound() throws Exception {
        Result r = run(minimal().replace("  from:", "  concurrency: four\n  ratePerMinute: [1, 2]\n  from:")
                .replace("    host: smtp.example.com", "    host: smtp.example.com\n    port: \"twenty-five\""));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("mail.concurrency", "mail.ratePerMinute", "mail.smtp.port").doesNotContain(SECRET);
    }

    @Test
    void unknownKeysExitTwoNamingThemWithASuggestion() throws Exception {
        Result r = run(minimal().replace("  from:", "  form: x@example.com\n  from:").replace("company:\n", "company:\n  timezone: Europe/Berlin\n"));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("mail.form", "company.timezone", "timeZone").doesNotContain(SECRET);
    }

    @Test
    void unsetEnvironmentVariableExitsTwoNamingTheVariableAndTheKey() throws Exception {
        String var = "BRAID_RELIABILITY_NEVER_SET_7F3A";
        assertThat(System.getenv(var)).isNull();
        Result r = run(minimal().replace("${file:sap-password}", "${" + var + "}"));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(var, "sap.auth.password");
    }

    @Test
    void aSecretOfTheWrongTypeIsReportedWithoutEchoingIt() throws Exception {
        Result r = run(minimal().replace("password: ${file:sap-password}", "password: [" + SECRET + "]"));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("sap.auth.password");
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
    }

    @Test
    void secretsAreNotEchoedWhenAnotherKeyIsWrong() throws Exception {
        Result r = run(minimal().replace("  name: Example GmbH", "  name: Example GmbH\n  timeZone: Mars/Olympus"));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("company.timeZone");
        assertThat(r.out() + r.err()).doesNotContain(SECRET);
    }

    @Test
    void aConfigWithoutTheOptionalReplyToSendsTheReport() throws Exception {
        try (Harness h = Harness.start(dir.resolve("h"))) {
            Path cfg = h.config("no-reply-to.yaml", t -> t.replaceAll("(?m)^  replyTo: .*\n", ""));
            assertThat(Files.readString(cfg)).doesNotContain("replyTo");
            ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
            assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            assertThat(h.receivedPerRecipient()).hasSize(Harness.MAILABLE);
        }
    }
}
