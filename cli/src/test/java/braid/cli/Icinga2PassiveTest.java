package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code braid health --submit} to Icinga 2's command pipe (its {@code command} feature, the
 * ExternalCommandListener): a real Icinga 2 daemon (Debian's icinga2-bin, which .ci/run installs) with a passive
 * service per check takes each check's result, and its perfdata writer writes what it took (state, output,
 * performance data) for each service, as Graphite or PNP4Nagios would get them.
 */
class Icinga2PassiveTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void icinga2TakesEachCheckAsThePassiveResultOfItsOwnService() throws Exception {
        assumeTrue(Files.isExecutable(Icinga2ExampleTest.ICINGA), "Icinga 2 is not installed here (.ci/run installs icinga2-bin)");
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("perfdata"));
        Path pipe = dir.resolve("run/icinga2.cmd");
        Path main = Files.writeString(dir.resolve("icinga2.conf"), """
                include <itl>
                object ExternalCommandListener "command" { command_path = "%1$s" }
                object PerfdataWriter "perfdata" {
                  host_perfdata_path = "%2$s/host-perfdata"
                  host_temp_path = "%2$s/host-perfdata.tmp"
                  service_perfdata_path = "%2$s/service-perfdata"
                  service_temp_path = "%2$s/service-perfdata.tmp"
                  service_format_template = "$service.name$\\t$service.state$\\t$service.output$\\t$service.perfdata$"
                  rotation_interval = 1s
                }
                object Host "web1" { check_command = "dummy"; enable_active_checks = false }
                object Service "braid app-log" { host_name = "web1"; check_command = "dummy"; enable_active_checks = false }
                object Service "braid db" { host_name = "web1"; check_command = "dummy"; enable_active_checks = false }
                """.formatted(pipe, dir.resolve("perfdata")));
        // as this user (Icinga 2 switches to its daemon's user, which cannot read a test's files), every file it
        // writes here instead of under /var and /run
        PosixFileAttributes me = Files.readAttributes(main, PosixFileAttributes.class);
        ProcessBuilder pb = new ProcessBuilder(Icinga2ExampleTest.ICINGA.toString(), "daemon", "-c", main.toString(),
                "-DObjectsPath=" + dir.resolve("icinga2.debug"), "-DVarsPath=" + dir.resolve("icinga2.vars"),
                "-DPidPath=" + dir.resolve("run/icinga2.pid"), "-DInitRunDir=" + dir.resolve("run"),
                "-DStatePath=" + dir.resolve("icinga2.state"), "-DModAttrPath=" + dir.resolve("modified-attributes.conf"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("icinga2.out").toFile());
        pb.environment().put("ICINGA2_USER", me.owner().getName());
        pb.environment().put("ICINGA2_GROUP", me.group().getName());
        Process icinga = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pipe) && System.nanoTime() < deadline && icinga.isAlive()) Thread.sleep(50);
            assertThat(Files.exists(pipe)).as(Files.readString(dir.resolve("icinga2.out"))).isTrue();

            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            Files.writeString(dir.resolve("app.log"), "x");
            Path health = Files.writeString(dir.resolve("health.yaml"), """
                    health:
                      checks:
                        - {name: app-log, file: app.log, maxAge: 1h}
                        - {name: db, tcp: "127.0.0.1:%d"}
                    """.formatted(closed));
            assertThat(run("--config", health.toString(), "--submit", pipe.toString(), "--submit-host", "web1"))
                    .as(err.toString()).isEqualTo(2);
            assertThat(out.toString()).startsWith("CRITICAL: 2 checks, 1 not OK");

            Map<String, String[]> services = Map.of();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                services = perfdata(dir.resolve("perfdata"));
                if (services.size() == 2) break;
                Thread.sleep(200);
            }
            assertThat(services).as(Files.readString(dir.resolve("icinga2.out"))).containsOnlyKeys("braid app-log", "braid db");
            String[] log = services.get("braid app-log");
            assertThat(log[1]).isEqualTo("OK");
            assertThat(log[2]).startsWith("OK: " + dir.resolve("app.log") + " last changed ");
            // Icinga 2 parsed the performance data (it writes labels without their quotes) and kept every limit
            assertThat(log[3]).matches("app-log_age_seconds=[0-9.]+s;;3600;0");
            assertThat(services.get("braid db")).containsExactly("braid db", "CRITICAL",
                    "CRITICAL: connection refused by 127.0.0.1:" + closed, "");
        } finally {
            icinga.descendants().forEach(ProcessHandle::destroyForcibly);
            icinga.destroyForcibly();
            icinga.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "health";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    /** The perfdata writer's rotated files: each service's last line (name, state, output, performance data). */
    private static Map<String, String[]> perfdata(Path dir) throws IOException {
        Map<String, String[]> last = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("service-perfdata\\.[0-9]+")).sorted().toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                String[] fields = line.split("\t", -1);
                if (fields.length == 4) last.put(fields[0], fields);
            }
        }
        return last;
    }
}
