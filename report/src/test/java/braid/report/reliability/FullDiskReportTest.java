package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.SmtpSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory on a small tmpfs that fills up (issue 18): a failed run still prints its summary in words (no
 * stack trace), never leaves an empty run.json, notifies the operators, and a rerun after space is freed sends every
 * client exactly one message (or lists it uncertain). Mounting needs root, as in CI; otherwise the tests are skipped
 * with a message saying so.
 */
class FullDiskReportTest {
    static final String OPERATOR = "ops@example-outdoor.test";

    @TempDir
    Path dir;
    Harness h;
    Path disk;

    @BeforeEach
    void start() throws Exception {
        disk = dir.resolve("small-disk");
        Files.createDirectories(disk);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes());
        assumeTrue(p.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why);
        h = Harness.start(dir);
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) h.close();
        new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor();
    }

    Path config() throws IOException {
        return h.config("small-disk.yaml", t -> t.replace("stateDir: ./state", "stateDir: " + disk.resolve("state"))
                + "operator:\n  notify: [" + OPERATOR + "]\n");
    }

    /** Fills the disk until {@code leave} bytes are free (tmpfs counts 4 KiB pages). */
    Path fill(long leave) throws IOException {
        Path filler = disk.resolve("filler");
        try (OutputStream out = Files.newOutputStream(filler)) {
            byte[] page = new byte[4096];
            while (Files.getFileStore(disk).getUsableSpace() > leave) out.write(page);
        } catch (IOException full) {
            // the disk is full: what this wanted when leave is 0
        }
        return filler;
    }

    List<SmtpSink.Received> toClients() throws IOException {
        return h.env.smtp().list().stream().filter(r -> !r.recipients().contains(OPERATOR)).toList();
    }

    void assertPlainFailure(ReportRun.Outcome o) throws IOException {
        String output = h.output();
        assertThat(output).as(output).contains("Summary").doesNotContain("\tat ").doesNotContain("Exception in thread")
                .doesNotContain("java.io.").doesNotContain("java.nio.");
        Path runJson = o.runDir() == null ? null : o.runDir().resolve("run.json");
        if (runJson != null && Files.exists(runJson)) {
            assertThat(Files.size(runJson)).as("run.json is never left empty").isPositive();
            assertThat(braid.timeline.RunRecord.read(runJson).outcome()).isNotNull();
        }
        assertThat(h.env.smtp().list().stream().filter(r -> r.recipients().contains(OPERATOR)))
                .as("the operators hear of it although the disk is full").isNotEmpty();
    }

    @Test
    void aFullDiskFailsTheRunInWordsNotifiesTheOperatorsAndTheRerunSendsEveryoneOnce() throws Exception {
        Path cfg = config();
        Files.createDirectories(disk.resolve("state"));
        Path filler = fill(0);
        ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.FAILED);
        assertThat(h.output()).contains("No space left on device");
        assertPlainFailure(o);
        assertThat(toClients()).isEmpty();

        Files.delete(filler);
        h.resetOutput();
        ReportRun.Outcome rerun = h.run(cfg, ReportOptions.DEFAULT);
        assertThat(rerun.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
        assertThat(perRecipient()).hasSize(Harness.MAILABLE).allSatisfy((who, n) -> assertThat(n).as(who).isEqualTo(1));
        assertThat(rerun.runDir().resolve(ReportRun.RESERVE)).as("the reserved space is given back").doesNotExist();
        assertThat(rerun.runDir().resolve("run.json")).exists();
    }

    @Test
    void aDiskFillingUpWhileSendingLosesNothingAndSendsNothingTwice() throws Exception {
        Path cfg = config();
        Files.createDirectories(disk.resolve("state"));
        Path filler = fill(3 * 4096 + ReportRun.RESERVE_BYTES);
        ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
        assertThat(o.exitCode()).as(h.output()).isIn(ExitCode.FAILED, ExitCode.PARTIAL);
        assertPlainFailure(o);
        assertThat(o.runDir().resolve("run.json")).as("the space reserved at the start holds the record:\n" + h.output())
                .exists();

        Files.delete(filler);
        h.resetOutput();
        ReportRun.Outcome rerun = h.run(cfg, ReportOptions.DEFAULT);
        String out = h.output();
        Map<String, Long> got = perRecipient();
        assertThat(got.values()).as(out).allSatisfy(n -> assertThat(n).isEqualTo(1));
        java.util.Set<String> accounted = new java.util.HashSet<>(got.keySet());
        var uncertain = java.util.regex.Pattern.compile("(?m)^  uncertain +\\S+ <([^>]+)>").matcher(out);
        int listed = 0;
        while (uncertain.find()) {
            accounted.add(uncertain.group(1));
            listed++;
        }
        assertThat(accounted).as("every client got one or is listed uncertain:\n" + out).hasSize(Harness.MAILABLE);
        assertThat(rerun.exitCode()).isEqualTo(listed == 0 ? ExitCode.OK : ExitCode.PARTIAL);
    }

    Map<String, Long> perRecipient() throws IOException {
        return toClients().stream().flatMap(r -> r.recipients().stream())
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }
}
