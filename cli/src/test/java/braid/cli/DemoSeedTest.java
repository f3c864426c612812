package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.timeline.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoSeedTest {

    @Test
    void seedOnTheVirtualClockGivesExactlyTwentyThreeAgainstFortyMinutes(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            DemoCommand cmd = new DemoCommand();
            code = new picocli.CommandLine(cmd).execute("--scenario", "seed", "--virtual-time", "--out", dir.toString());
        } finally {
            System.setOut(old);
        }
        assertThat(code).isZero();
        RunRecord record = RunRecord.read(dir.resolve("run.json"));
        assertThat(record.wall()).isEqualTo(Duration.ofMinutes(23));
        assertThat(Duration.ofNanos(record.totals().sequentialNanos())).isEqualTo(Duration.ofMinutes(40));
        assertThat(record.criticalPath().tasks()).containsExactly("read website content", "merge and send e-mail");
        var page = Jsoup.parse(Files.readString(dir.resolve("timeline.html")));
        for (String task : new String[] {"read website content", "analyse yesterday's logs", "fetch SAP client data", "merge and send e-mail"})
            assertThat(page.text()).contains(task);
    }
}
