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
 * docs/nagios/braid.cfg: Nagios Core itself accepts it beside Debian's default templates, and its command line, with
 * the service's argument put in as Nagios does, runs {@code braid health} as a plugin should answer.
 */
class NagiosExampleTest {
    static final Path EXAMPLE = Path.of("..", "docs", "nagios", "braid.cfg");
    static final Path NAGIOS = Path.of("/usr/sbin/nagios4");
    static final Path OBJECTS = Path.of("/etc/nagios4/objects");

    @Test
    void nagiosAcceptsTheExampleBesideDebiansTemplates(@TempDir Path dir) throws Exception {
        validates(EXAMPLE, 1, dir);
    }

    @Test
    void nagiosAcceptsThePassiveExampleBesideDebiansTemplates(@TempDir Path dir) throws Exception {
        // docs/nagios/braid-passive.cfg: the active "braid health" service and two passive per-check ones
        validates(PASSIVE, 3, dir);
    }

    static final Path PASSIVE = Path.of("..", "docs", "nagios", "braid-passive.cfg");

    private static void validates(Path example, int services, Path dir) throws Exception {
        assumeTrue(Files.isExecutable(NAGIOS), "Nagios Core is not installed here (.ci/run installs nagios4-core)");
        // the host the example names, as Debian's localhost.cfg defines it, without the monitoring plugins it checks with
        Path host = Files.writeString(dir.resolve("host.cfg"), """
                define command {
                    command_name    check_dummy_up
                    command_line    /bin/true
                }
                define host {
                    use             linux-server
                    host_name       localhost
                    address         127.0.0.1
                    check_command   check_dummy_up
                }
                """);
        // Nagios drops its privileges to nagios_user at start, also for a check of its configuration: this user's
        PosixFileAttributes me = Files.readAttributes(host, PosixFileAttributes.class);
        List<String> cfg = new ArrayList<>();
        for (String f : List.of("commands.cfg", "contacts.cfg", "timeperiods.cfg", "templates.cfg")) {
            cfg.add("cfg_file=" + OBJECTS.resolve(f));
        }
        cfg.add("cfg_file=" + host);
        cfg.add("cfg_file=" + example.toAbsolutePath().normalize());
        cfg.add("nagios_user=" + me.owner().getName());
        cfg.add("nagios_group=" + me.group().getName());
        cfg.add("log_file=" + dir.resolve("nagios.log"));
        cfg.add("check_result_path=" + dir);
        Path main = Files.write(dir.resolve("nagios.cfg"), cfg);

        Process p = new ProcessBuilder(NAGIOS.toString(), "-v", main.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Checked " + services + " services.", "Total Errors:   0");
    }

    @Test
    void theExamplesCommandLineRunsBraidHealthAsAPlugin(@TempDir Path dir) throws Exception {
        String example = Files.readString(EXAMPLE);
        Matcher command = Pattern.compile("(?m)^\\s*command_line\\s+(.+?)\\s*$").matcher(example);
        Matcher check = Pattern.compile("(?m)^\\s*check_command\\s+check_braid_health!([^!\\s]+)!(\\d+)").matcher(example);
        assertThat(command.find()).isTrue();
        assertThat(check.find()).isTrue();
        assertThat(command.group(1)).startsWith("/opt/braid/bin/braid health ");
        assertThat(check.group(1)).isEqualTo("/etc/braid/health.yaml");
        // braid's --timeout ends its run before Nagios kills it (service_check_timeout, 60 s in Debian's nagios.cfg)
        assertThat(Integer.parseInt(check.group(2))).isLessThan(60);

        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(dir.resolve("app.log"), "x");
        Path config = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: app-log, file: app.log, maxAge: 1h}
                    - {name: db, tcp: "127.0.0.1:%d"}
                """.formatted(closed));
        // Nagios puts the service's argument in for $ARG1$ and runs the line; braid's words after the program's path
        String line = command.group(1).replace("$ARG1$", config.toString()).replace("$ARG2$", check.group(2));
        assertThat(line).doesNotContain("$");
        String[] words = line.substring("/opt/braid/bin/braid ".length()).split("\\s+");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        long start = System.currentTimeMillis(); // --timeout counts from the process's start: here, from now
        ((HealthCommand) cl.getSubcommands().get("health").getCommand()).started = () -> start;
        int exit = cl.execute(words);

        assertThat(exit).as(err.toString()).isEqualTo(2); // CRITICAL
        List<String> lines = out.toString().lines().toList();
        // the status line: what Nagios shows and notifies, then the performance data it graphs
        assertThat(lines.get(0)).startsWith("CRITICAL: 2 checks, 1 not OK in ")
                .contains("(db: connection refused by 127.0.0.1:" + closed + ") | 'app-log_age_seconds'=");
        assertThat(lines.subList(1, lines.size())).hasSize(2).noneMatch(l -> l.contains("|"));
    }
}
