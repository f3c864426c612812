package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.DemoEnvironment;
import braid.sandbox.internal.sap.PartnerGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM on a real child process in the middle of sending: nothing new starts, the messages in
 * flight finish, the journal and the run record are written, the exit code is 3; a rerun of the
 * date sends exactly the rest.
 */
class GracefulStopTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    @Test
    void sigtermStopsGracefullyWithExitThreeAndARerunSendsTheRest(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE,
                     PartnerGenerator.generate(1000, 7));
             CountingSmtpServer smtp = new CountingSmtpServer()) {
            Path cfg = dir.resolve("braid.yaml");
            Files.writeString(cfg, Files.readString(env.config()).replace("port: " + env.smtp().port(), "port: " + smtp.port()));
            ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-graceful")); // jars only: the class-data archive refuses directories
            Path log = dir.resolve("child.log");
            AtomicReference<Process> child = new AtomicReference<>();
            smtp.atDot(100, CountingSmtpServer.When.AFTER_REPLY, () -> child.get().destroy()); // destroy() = SIGTERM
            child.set(ChildJvm.braid(List.of(), env.env(), log, "report", "run", "--config", cfg.toString(), "--date", DAY.toString()));
            assertThat(child.get().waitFor(120, TimeUnit.SECONDS)).as("child ends").isTrue();
            String first = Files.readString(log);
            assertThat(child.get().exitValue()).as(first).isEqualTo(3);
            assertThat(first).contains("SIGTERM — stopping").contains("not attempted: the run was stopped")
                    .contains("Exit 3").doesNotContain("uncertain    ");
            int afterStop = smtp.total();
            assertThat(afterStop).isGreaterThanOrEqualTo(100);
            assertThat(smtp.received().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
            try (var runs = Files.list(dir.resolve("state").resolve("runs"))) {
                Path run = runs.findFirst().orElseThrow();
                assertThat(run.resolve("run.json")).exists();
                assertThat(run.resolve("timeline.html")).exists();
            }

            smtp.disarm();
            Path log2 = dir.resolve("child2.log");
            Process rerun = ChildJvm.braid(List.of(), env.env(), log2, "report", "run", "--config", cfg.toString(), "--date", DAY.toString());
            assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String second = Files.readString(log2);
            assertThat(rerun.exitValue()).as(second).isZero();
            assertThat(second).contains("already sent " + afterStop);
            assertThat(smtp.total()).isGreaterThan(afterStop);
            assertThat(smtp.received().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        }
    }

    @Test
    void aSecondSigtermCancelsAMessageStalledInDataWithdrawsTheRestAndARerunSendsThem(@TempDir Path dir) throws Exception {
        try (DemoEnvironment env = DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE,
                     PartnerGenerator.generate(300, 7));
             CountingSmtpServer smtp = new CountingSmtpServer()) {
            Path cfg = dir.resolve("braid.yaml");
            Files.writeString(cfg, Files.readString(env.config()).replace("port: " + env.smtp().port(), "port: " + smtp.port())
                    .replace("    security: none", "    security: none\n    readTimeout: 120s"));
            ChildJvm.snapshotClasspath(Path.of("target", "child-classpath-graceful"));
            Path log = dir.resolve("child.log");
            AtomicReference<Process> child = new AtomicReference<>();
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            // at the 20th final dot the server stalls without replying: that worker waits on its read timeout
            smtp.atDot(20, CountingSmtpServer.When.BEFORE_REPLY, () -> {
                child.get().destroy(); // first SIGTERM
                try {
                    Thread.sleep(1500);
                    child.get().destroy(); // second SIGTERM
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            });
            child.set(ChildJvm.braid(List.of(), env.env(), log, "report", "run", "--config", cfg.toString(), "--date", DAY.toString()));
            long t0 = System.nanoTime();
            boolean ended = child.get().waitFor(60, TimeUnit.SECONDS);
            release.countDown();
            assertThat(ended).as("child ends").isTrue();
            String first = Files.readString(log);
            assertThat(child.get().exitValue()).as(first).isEqualTo(3);
            assertThat(first).contains("again — cancelling").contains("Exit 3");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("not the 120 s read timeout").isLessThan(60);
            assertThat(smtp.received().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
            int afterStop = smtp.total();

            smtp.disarm();
            Path log2 = dir.resolve("child2.log");
            Process rerun = ChildJvm.braid(List.of(), env.env(), log2, "report", "run", "--config", cfg.toString(), "--date", DAY.toString());
            assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String second = Files.readString(log2);
            // only the stalled message (its dot was sent) is uncertain; every intent never attempted was withdrawn
            assertThat(second.lines().filter(l -> l.startsWith("  uncertain "))).as(second).hasSize(1);
            assertThat(rerun.exitValue()).as(second).isEqualTo(3);
            assertThat(smtp.total()).isGreaterThan(afterStop);
            assertThat(smtp.received().values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        }
    }
}
