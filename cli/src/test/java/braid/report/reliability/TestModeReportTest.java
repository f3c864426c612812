package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.sandbox.SmtpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mail.testRecipient} was documented and read by no code: a run with it set mailed the real clients (issue 12).
 * Now {@code braid report run --test} sends everything to it, a run without {@code --test} never does, and {@code
 * --test} without it is refused. Through the real command line in a child JVM.
 */
class TestModeReportTest {
    @TempDir
    Path dir;

    @Test
    void testSendsEveryMessageToTheTestRecipientOnlyAndARunWithoutItMailsTheClients() throws Exception {
        try (Harness h = Harness.start(dir)) {
            ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-test-mode"));
            Path cfg = h.config("test-mode.yaml", t -> t.replace("  concurrency: 4\n  unsubscribeUrl",
                    "  concurrency: 4\n  testRecipient: qa@example-outdoor.test\n  unsubscribeUrl"));
            Path log = dir.resolve("test.log");
            Process p = ChildJvm.braid(List.of(), h.env.env(), log, "report", "run", "--config", cfg.toString(),
                    "--date", Harness.DAY.toString(), "--test");
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(log)).isEqualTo(ExitCode.OK);
            assertThat(h.env.smtp().list()).hasSize(Harness.MAILABLE)
                    .allSatisfy(r -> assertThat(r.recipients()).containsExactly("qa@example-outdoor.test"));

            Path log2 = dir.resolve("real.log");
            Process real = ChildJvm.braid(List.of(), h.env.env(), log2, "report", "run", "--config", cfg.toString(),
                    "--date", Harness.DAY.toString());
            assertThat(real.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(real.exitValue()).as(Files.readString(log2)).isEqualTo(ExitCode.OK);
            List<SmtpSink.Received> all = h.env.smtp().list();
            assertThat(all).hasSize(2 * Harness.MAILABLE);
            assertThat(all.stream().filter(r -> r.recipients().contains("qa@example-outdoor.test"))).hasSize(Harness.MAILABLE);
        }
    }

    @Test
    void testWithoutATestRecipientIsRefused() throws Exception {
        try (Harness h = Harness.start(dir)) {
            ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-test-mode"));
            Path log = dir.resolve("refused.log");
            Process p = ChildJvm.braid(List.of(), h.env.env(), log, "report", "run", "--config", h.env.config().toString(),
                    "--date", Harness.DAY.toString(), "--test");
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(ExitCode.USAGE);
            assertThat(Files.readString(log)).contains("mail.testRecipient");
            assertThat(h.env.smtp().list()).isEmpty();
        }
    }
}
