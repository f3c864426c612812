package braid.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cron, systemd and Kubernetes examples in docs/ run braid the way the README says. */
class DeploymentExamplesTest {
    static final Path DOCS = Path.of("..", "docs");

    @Test
    void systemdUnitsPassSystemdAnalyzeVerify(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "systemd-analyze is not installed here");
        // verify needs ExecStart to exist: point it at a real executable, keep everything else as shipped
        String service = Files.readString(DOCS.resolve("systemd/braid-report.service"));
        assertThat(service).contains("ExecStart=/opt/braid/bin/braid report run --config /etc/braid/braid.yaml");
        Files.writeString(dir.resolve("braid-report.service"), service.replace("/opt/braid/bin/braid", "/bin/true"));
        Files.copy(DOCS.resolve("systemd/braid-report.timer"), dir.resolve("braid-report.timer"));
        Process p = new ProcessBuilder(analyze.toString(), "verify", "--man=no",
                dir.resolve("braid-report.service").toString(), dir.resolve("braid-report.timer").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void kubernetesCronJobIsValidYamlRunningTheReport() throws Exception {
        JsonNode job = new YAMLMapper().readTree(DOCS.resolve("kubernetes/cronjob.yaml").toFile());
        assertThat(job.path("kind").asText()).isEqualTo("CronJob");
        assertThat(job.path("spec").path("concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode container = job.path("spec").path("jobTemplate").path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("command").toString()).contains("report", "run", "--config");
    }

    @Test
    void cronExampleRunsTheReportWithAnAbsoluteConfigPath() throws Exception {
        String cron = Files.readString(DOCS.resolve("cron.example"));
        assertThat(cron).containsPattern("(?m)^0 6 \\* \\* \\* braid .*/opt/braid/bin/braid report run --config /etc/braid/braid.yaml$");
    }

    /**
     * The cron line's command, run by a shell as cron runs it, with the secrets file and braid swapped for test ones:
     * braid (a child of the shell) must see the secrets. A plain {@code . file} sets shell variables a child never sees.
     */
    @Test
    void cronExamplesCommandHandsTheSecretsToBraid(@TempDir Path dir) throws Exception {
        String cron = Files.readString(DOCS.resolve("cron.example"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^0 6 \\* \\* \\* braid\\s+(.*)$").matcher(cron);
        assertThat(m.find()).isTrue();
        Path secrets = dir.resolve("secrets.env");
        Files.writeString(secrets, "SAP_PASSWORD=s3cret-from-file\nSMTP_PASSWORD=smtp-from-file\n");
        Path fakeBraid = dir.resolve("braid");
        Path seen = dir.resolve("seen.txt");
        Files.writeString(fakeBraid, "#!/bin/sh\necho \"$SAP_PASSWORD $SMTP_PASSWORD $*\" > " + seen + "\n");
        fakeBraid.toFile().setExecutable(true);
        String command = m.group(1).replace("/etc/braid/secrets.env", secrets.toString())
                .replace("/opt/braid/bin/braid", fakeBraid.toString());
        Process p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(Files.readString(seen).strip())
                .isEqualTo("s3cret-from-file smtp-from-file report run --config /etc/braid/braid.yaml");
    }
}
