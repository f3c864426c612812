package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * docs/icinga2/braid.conf: Icinga 2 itself validates it (a host for its apply rule, the Icinga Template Library), and
 * the command its CheckCommand builds (the command, then each argument with its value or, for a {@code set_if} one,
 * the bare flag) runs {@code braid health} as a plugin should answer.
 */
class Icinga2ExampleTest {
    static final Path EXAMPLE = Path.of("..", "docs", "icinga2", "braid.conf");
    static final Path ICINGA = Path.of("/usr/sbin/icinga2");

    @Test
    void icinga2ValidatesTheExample(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(ICINGA), "Icinga 2 is not installed here (.ci/run installs icinga2-bin)");
        Path main = Files.writeString(dir.resolve("icinga2.conf"), """
                include <itl>
                object Host NodeName {
                  check_command = "dummy"
                  vars.braid_health_checks = [ "shop", "db" ]
                }
                include "%s"
                """.formatted(EXAMPLE.toAbsolutePath().normalize()));
        // as this user (Icinga 2 switches to its daemon's user, which cannot read a test's files), its caches here
        PosixFileAttributes me = Files.readAttributes(main, PosixFileAttributes.class);
        ProcessBuilder pb = new ProcessBuilder(ICINGA.toString(), "daemon", "-C", "-c", main.toString(),
                "-DObjectsPath=" + dir.resolve("icinga2.debug"), "-DVarsPath=" + dir.resolve("icinga2.vars"))
                .redirectErrorStream(true);
        pb.environment().put("ICINGA2_USER", me.owner().getName());
        pb.environment().put("ICINGA2_GROUP", me.group().getName());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        // the apply rules gave the node its service, and one per check listed on the host
        assertThat(out).contains("Instantiated 3 Services.", "Finished validating the configuration file(s).");
    }

    @Test
    void icinga2ReadsEveryMeasurementOfThePerformanceData(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(ICINGA), "Icinga 2 is not installed here (.ci/run installs icinga2-bin)");
        // a run with limits of every shape: a disk's free bytes (a range), a file's age (a number), a refused tcp check
        Path log = Files.writeString(dir.resolve("access.log"), "x\n");
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: here, disk: "%s", minFree: 1%%}
                    - {name: fresh, file: "%s", maxAge: 10m}
                    - {name: db, tcp: "127.0.0.1:%d", timeout: 2s}
                """.formatted(dir, log, closed));
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("health", "--config", cfg.toString(), "--perfdata")).isEqualTo(2);
        String first = out.toString().lines().findFirst().orElseThrow();
        String perfdata = first.substring(first.indexOf(" | ") + 3);
        List<String> entries = List.of(perfdata.split(" (?=')"));
        assertThat(entries).anyMatch(e -> e.startsWith("'here_free_bytes'=") && e.contains(":;0;"))
                .anyMatch(e -> e.startsWith("'fresh_age_seconds'=") && e.endsWith(";;600;0"));
        PosixFileAttributes me = Files.readAttributes(cfg, PosixFileAttributes.class);
        for (String e : entries) {
            // Icinga 2's own parser (the one its checker applies to a plugin's output): every entry parses, with its
            // label, value and unit; the numeric limits are kept (Icinga 2 keeps no ranges: those read null)
            ProcessBuilder pb = new ProcessBuilder(ICINGA.toString(), "console", "--eval",
                    "parse_performance_data(\"" + e.replace("\\", "\\\\").replace("\"", "\\\"") + "\")").redirectErrorStream(true);
            pb.environment().put("ICINGA2_USER", me.owner().getName());
            pb.environment().put("ICINGA2_GROUP", me.group().getName());
            Process p = pb.start();
            String parsed = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(e + " → " + parsed).isZero();
            String label = e.substring(1, e.indexOf("'="));
            assertThat(parsed).as(e).contains("\"label\":\"" + label + "\"", "\"type\":\"PerfdataValue\"")
                    .doesNotContain("\"value\":null");
            if (label.equals("fresh_age_seconds")) assertThat(parsed).contains("\"crit\":600", "\"min\":0", "\"unit\":\"seconds\"");
            if (label.equals("here_free_bytes")) assertThat(parsed).contains("\"min\":0", "\"unit\":\"bytes\"");
        }
    }

    @Test
    void theCheckCommandsArgumentsRunBraidHealthAsAPlugin(@TempDir Path dir) throws Exception {
        String example = Files.readString(EXAMPLE);
        Matcher command = Pattern.compile("command = \\[ \"/opt/braid/bin/braid\", \"health\" \\]").matcher(example);
        assertThat(command.find()).isTrue();
        Matcher config = Pattern.compile("vars\\.braid_health_config = \"([^\"]+)\"").matcher(example);
        assertThat(config.find()).isTrue();
        assertThat(config.group(1)).isEqualTo("/etc/braid/health.yaml");
        assertThat(example).contains("vars.braid_health_perfdata = true");

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
        // the arguments as Icinga 2 renders them: "--config" with its value, "--perfdata" bare (set_if true)
        List<String> words = new ArrayList<>(List.of("health"));
        Matcher arg = Pattern.compile("\"(--[a-z-]+)\" = \\{\\s*(value|set_if) = \"\\$([a-z_]+)\\$\"").matcher(example);
        while (arg.find()) {
            if (arg.group(2).equals("value") && arg.group(3).equals("braid_health_config")) {
                words.add(arg.group(1));
                words.add(health.toString());
            } else if (arg.group(2).equals("value")) {
                Matcher v = Pattern.compile("vars\\." + arg.group(3) + " = (\\d+)").matcher(example);
                if (!v.find()) {
                    // set by the per-check services only: Icinga leaves an argument out whose value is unset
                    assertThat(arg.group(3)).isEqualTo("braid_health_only");
                    assertThat(example).contains("vars.braid_health_only = check");
                    continue;
                }
                words.add(arg.group(1));
                words.add(v.group(1));
            } else {
                assertThat(example).contains("vars." + arg.group(3) + " = true");
                words.add(arg.group(1));
            }
        }
        assertThat(words).containsExactly("health", "--config", health.toString(), "--timeout", "110", "--perfdata");
        // braid's limit ends its run before Icinga's own timeout kills it (and keeps nothing of what it found)
        Matcher icingaTimeout = Pattern.compile("(?m)^  timeout = (\\d+)m ").matcher(example);
        assertThat(icingaTimeout.find()).isTrue();
        assertThat(110).isLessThan(Integer.parseInt(icingaTimeout.group(1)) * 60);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        long start = System.currentTimeMillis(); // --timeout counts from the process's start: here, from now
        ((HealthCommand) cl.getSubcommands().get("health").getCommand()).started = () -> start;
        assertThat(cl.execute(words.toArray(String[]::new))).as(err.toString()).isEqualTo(2); // CRITICAL
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("CRITICAL: 2 checks, 1 not OK in ")
                .contains("(db: connection refused by 127.0.0.1:" + closed + ") | 'app-log_age_seconds'=");
        assertThat(lines.subList(1, lines.size())).hasSize(2).noneMatch(l -> l.contains("|"));
    }
}
