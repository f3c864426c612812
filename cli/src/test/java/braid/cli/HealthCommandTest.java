package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.health.HealthChecks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HealthCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "health";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void theExitCodeIsTheWorstStatusAndThePromFileIsWritten() throws Exception {
        int open;
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            open = listening.getLocalPort();
            Files.writeString(dir.resolve("app.log"), "x");
            Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                    health:
                      checks:
                        - {name: app, tcp: "127.0.0.1:%d"}
                        - {name: app-log, file: app.log, maxAge: 1h}
                    """.formatted(open));
            assertThat(run("--config", cfg.toString(), "--prom-file", dir.resolve("braid.prom").toString())).isZero();
            assertThat(out.toString()).contains("OK       app ", "OK: 2 checks, 0 not OK");
            assertThat(Files.readString(dir.resolve("braid.prom"))).contains("braid_health_status{check=\"app\"} 0");

            Files.writeString(cfg, "health:\n  checks:\n    - {name: db, tcp: \"127.0.0.1:" + closed + "\"}\n");
            assertThat(run("--config", cfg.toString(), "--json")).isEqualTo(2);
            assertThat(out.toString()).contains("\"status\" : \"CRITICAL\"", "connection refused by 127.0.0.1:" + closed);

            Files.writeString(cfg, "health:\n  checks:\n    - {name: db, tcp: nowhere}\n");
            assertThat(run("--config", cfg.toString())).isEqualTo(3);
            assertThat(err.toString()).contains("braid health: UNKNOWN: " + cfg + ": health.checks[0] (db): tcp: write host:port");
        }
    }

    @Test
    void theExampleInTheHelpLoads() throws Exception {
        String help = Main.commandLine().getSubcommands().get("health").getUsageMessage();
        String example = help.substring(help.indexOf("  health:"));
        example = example.lines().takeWhile(l -> l.startsWith("  ")).map(l -> l.substring(2)).reduce("", (a, b) -> a + b + "\n");
        Path cfg = Files.writeString(dir.resolve("example.yaml"), example);
        assertThat(HealthChecks.read(cfg).checks()).hasSize(7);
    }
}
