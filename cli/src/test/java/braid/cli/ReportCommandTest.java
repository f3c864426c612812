package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    record Result(int code, String out, String err) {}

    static Result braid(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        StringWriter pOut = new StringWriter(), pErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(pOut, true));
            cl.setErr(new PrintWriter(pErr, true));
            int code = cl.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8) + pOut, err.toString(StandardCharsets.UTF_8) + pErr);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static final String MINIMAL = """
            company: {name: Example GmbH, timeZone: Europe/Berlin}
            logs: {access: [/var/log/apache2/access.log]}
            sap:
              url: https://sap.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER
              auth: {type: basic, user: REPORTS, password: "${SAP_PASSWORD_FOR_TEST_THAT_IS_UNSET}"}
            mail:
              smtp: {host: smtp.example.com}
              from: reports@example.com
            """;

    @Test
    void badConfigExitsTwoNamingEveryProblemAndItsKeyPath(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, MINIMAL.replace("smtp: {host: smtp.example.com}", "smtp: {host: smtp.example.com, prot: 25}"));
        Result r = braid("report", "run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mail.smtp.prot").contains("did you mean 'port'")
                .contains("SAP_PASSWORD_FOR_TEST_THAT_IS_UNSET").contains("sap.auth.password");
    }

    @Test
    void badUsageExitsTwo(@TempDir Path dir) {
        assertThat(braid("report", "run").code()).isEqualTo(2);
        assertThat(braid("report", "run", "--config", "x.yaml", "--date", "yesterday").err()).contains("--date must be YYYY-MM-DD");
        var noDay = braid("report", "run", "--config", "x.yaml", "--date", "2026-02-30");
        assertThat(noDay.code()).isEqualTo(2);
        assertThat(noDay.err()).contains("--date 2026-02-30 is not a day of the calendar").doesNotContain("YYYY-MM-DD");
        assertThat(braid("report", "run", "--config", "x.yaml", "--to", "not an address").code()).isEqualTo(2);
    }

    @Test
    void planPrintsTheFlowchartAndExpectedCriticalPathWithoutContactingAnything(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, MINIMAL.replace("${SAP_PASSWORD_FOR_TEST_THAT_IS_UNSET}", "literal")
                + "website: {url: 'https://www.example.com/news', timeout: 30s, retries: 1}\n");
        Result r = braid("report", "plan", "--config", cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("flowchart LR").contains("configured timeouts")
                .contains("◆ critical path: ").contains("one after another: ");
        List<String> lines = r.out().lines().toList();
        // stages: the three sources at once, then the brakes after SAP, then the send after all of them
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(" 1 ┬ read website news").contains("~1:00"))
                .anySatisfy(l -> assertThat(l).startsWith(" 2 ─ check the client count").endsWith("← fetch SAP clients"))
                .anySatisfy(l -> assertThat(l).startsWith(" 3 ─ merge and send e-mail").contains("◆")
                        .endsWith("← read website news, analyse logs, check the client count"));
        // one unit style: no bare millisecond counts of minutes
        assertThat(r.out()).doesNotContainPattern("\\d{4,} ms");
        Result m = braid("report", "plan", "--config", cfg.toString(), "--mermaid");
        assertThat(m.code()).isZero();
        assertThat(m.out()).startsWith("flowchart LR").contains("merge and send e-mail").doesNotContain("◆");
    }

    @Test
    void planGivesTheHealthStepsTheirTimeouts(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, MINIMAL.replace("${SAP_PASSWORD_FOR_TEST_THAT_IS_UNSET}", "literal") + """
                health:
                  checks:
                    - {name: shop, http: "https://shop.example/", timeout: 20s}
                    - {name: db, tcp: "db.example:5432", timeout: 5s}
                    - {name: sites, clientWebsites: true, timeout: 15s}
                """);
        Result r = braid("report", "plan", "--config", cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        // the checks of a step run at once: the longest timeout of each step, no "?"
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("check health").contains("~20.0 s"))
                .anySatisfy(l -> assertThat(l).contains("check client websites").contains("~15.0 s")
                        .endsWith("← check the client count"));
        assertThat(r.out()).doesNotContain("?");
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Result r = braid("report", "run", "--help");
        assertThat(r.out()).contains("Exit codes:").contains("3").contains("partial").contains("--dry-run").contains("--resend-uncertain");
    }

    @Test
    void aUsageErrorPrintsTheErrorAndOneHintNotTheWholeHelp() {
        Result r = braid("report", "run", "--config", "x.yaml", "--dry-rnu");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("braid: unknown option '--dry-rnu'; did you mean '--dry-run'?", "Try 'braid report run --help'.");
        assertThat(r.err().lines().count()).as(r.err()).isLessThanOrEqualTo(5);
        // a misspelt option beside a missing required one: the misspelling is what the operator must read
        Result confg = braid("report", "run", "--confg", "x.yaml");
        assertThat(confg.code()).isEqualTo(2);
        assertThat(confg.err()).startsWith("braid: unknown option '--confg'; did you mean '--config'?").doesNotContain("Missing");
        // a misspelt command, also one too short for picocli's own suggestions
        Result rn = braid("report", "rn", "--config", "x.yaml");
        assertThat(rn.code()).isEqualTo(2);
        assertThat(rn.err()).startsWith("braid: 'braid report' has no command 'rn'; did you mean 'braid report run'?")
                .doesNotContain("Unmatched");
        assertThat(braid("report", "xyz").err()).contains("'braid report' has no command 'xyz'; its commands: run, plan, status, history");
        for (String[] args : new String[][]{{}, {"report"}, {"sap"}}) {
            Result group = braid(args);
            assertThat(group.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(group.err()).contains("needs a command", "--help'.");
            assertThat(group.err().lines().count()).isLessThanOrEqualTo(3);
        }
    }

    @Test
    void demoPrintConfigPrintsATemplateThatLoadsOnceItsSecretsAreSetAndWritesNothing(@TempDir Path dir) throws Exception {
        java.util.function.Supplier<java.util.List<String>> demoDirs = () -> java.util.Arrays.stream(
                new java.io.File(System.getProperty("java.io.tmpdir")).list()).filter(n -> n.startsWith("braid-demo")).sorted().toList();
        var tmpBefore = demoDirs.get();
        Result r = braid("demo", "--print-config");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("${SAP_PASSWORD}", "${SMTP_PASSWORD}", "sap.example.com").doesNotContain("127.0.0.1");
        assertThat(demoDirs.get()).as("nothing left in the temporary folder").isEqualTo(tmpBefore);
        Path cfg = dir.resolve("braid.yaml");
        Files.writeString(cfg, r.out());
        var loaded = braid.report.config.BraidConfig.load(cfg, java.util.Map.of("SAP_PASSWORD", "x-1", "SMTP_PASSWORD", "y-2"));
        assertThat(loaded.mail().testRecipient()).isPresent();
        assertThat(loaded.company().address()).isPresent();
    }
}
