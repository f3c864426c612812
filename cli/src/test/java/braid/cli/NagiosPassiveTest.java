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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code braid health --submit}: a real Nagios 4 daemon (Debian's nagios4-core, which .ci/run installs) with a service
 * per check, passive, takes each check's result from its external command file; its status file then holds what braid
 * found, as its web pages and notifications show it.
 */
class NagiosPassiveTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        long start = System.currentTimeMillis(); // --timeout counts from the process's start: here, from this call
        ((HealthCommand) cl.getSubcommands().get("health").getCommand()).started = () -> start;
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "health";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    @Test
    void nagiosTakesEachCheckAsThePassiveResultOfItsOwnService() throws Exception {
        assumeTrue(Files.isExecutable(NagiosExampleTest.NAGIOS), "Nagios 4 is not installed here (.ci/run installs nagios4-core)");
        PosixFileAttributes me = Files.readAttributes(dir, PosixFileAttributes.class);
        Files.createDirectories(dir.resolve("rw"));
        Files.createDirectories(dir.resolve("checkresults"));
        Path cfg = Files.writeString(dir.resolve("nagios.cfg"), """
                log_file=%1$s/nagios.log
                cfg_file=%1$s/objects.cfg
                object_cache_file=%1$s/objects.cache
                precached_object_file=%1$s/objects.precache
                status_file=%1$s/status.dat
                status_update_interval=1
                nagios_user=%2$s
                nagios_group=%3$s
                check_external_commands=1
                command_file=%1$s/rw/nagios.cmd
                lock_file=%1$s/nagios.lock
                temp_file=%1$s/nagios.tmp
                temp_path=%1$s
                check_result_path=%1$s/checkresults
                retain_state_information=0
                state_retention_file=%1$s/retention.dat
                use_syslog=0
                enable_notifications=0
                execute_service_checks=0
                accept_passive_service_checks=1
                """.formatted(dir, me.owner().getName(), me.group().getName()));
        StringBuilder objects = new StringBuilder("""
                define command {
                    command_name    none
                    command_line    /bin/true
                }
                define timeperiod {
                    timeperiod_name 24x7
                    alias           always
                    monday          00:00-24:00
                    tuesday         00:00-24:00
                    wednesday       00:00-24:00
                    thursday        00:00-24:00
                    friday          00:00-24:00
                    saturday        00:00-24:00
                    sunday          00:00-24:00
                }
                define contact {
                    contact_name                    nobody
                    host_notifications_enabled      0
                    service_notifications_enabled   0
                    host_notification_period        24x7
                    service_notification_period     24x7
                    host_notification_options       n
                    service_notification_options    n
                    host_notification_commands      none
                    service_notification_commands   none
                }
                define host {
                    host_name               web1
                    check_command           none
                    max_check_attempts      1
                    check_period            24x7
                    notification_period     24x7
                    contacts                nobody
                    active_checks_enabled   0
                }
                """);
        for (String service : new String[] {"braid app-log", "braid db"}) {
            objects.append("""
                    define service {
                        host_name               web1
                        service_description     %s
                        check_command           none
                        max_check_attempts      1
                        check_interval          5
                        retry_interval          1
                        check_period            24x7
                        notification_period     24x7
                        contacts                nobody
                        active_checks_enabled   0
                        passive_checks_enabled  1
                    }
                    """.formatted(service));
        }
        Files.writeString(dir.resolve("objects.cfg"), objects);
        Process nagios = new ProcessBuilder(NagiosExampleTest.NAGIOS.toString(), cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nagios.out").toFile()).start();
        try {
            Path fifo = dir.resolve("rw/nagios.cmd");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(fifo) && System.nanoTime() < deadline && nagios.isAlive()) Thread.sleep(50);
            assertThat(Files.exists(fifo)).as(Files.readString(dir.resolve("nagios.out"))).isTrue();

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
            // the command line of docs/nagios/braid-passive.cfg, as Nagios fills it in for host web1 (the command file there)
            java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^\\s*command_line\\s+/opt/braid/bin/braid (health .+?)\\s*$")
                    .matcher(Files.readString(NagiosExampleTest.PASSIVE));
            assertThat(line.find()).isTrue();
            String[] words = line.group(1).replace("$ARG1$", health.toString()).replace("$ARG2$", "50")
                    .replace("/var/lib/nagios4/rw/nagios.cmd", fifo.toString()).replace("$HOSTNAME$", "web1").split("\\s+");
            assertThat(String.join(" ", words)).doesNotContain("$").contains("--submit " + fifo, "--submit-host web1");
            // one run: its own table and exit code as before, and a passive result per check
            assertThat(run(java.util.Arrays.copyOfRange(words, 1, words.length))).as(err.toString()).isEqualTo(2);
            assertThat(out.toString()).startsWith("CRITICAL: 2 checks, 1 not OK");

            Map<String, Map<String, String>> services = Map.of();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                services = services(dir.resolve("status.dat"));
                if (services.values().stream().filter(s -> "1".equals(s.get("has_been_checked"))).count() == 2) break;
                Thread.sleep(200);
            }
            assertThat(services.get("braid app-log")).as(services.toString())
                    .containsEntry("current_state", "0").containsEntry("check_type", "1")
                    .hasEntrySatisfying("plugin_output", o -> assertThat(o).startsWith("OK: " + dir.resolve("app.log") + " last changed "))
                    .hasEntrySatisfying("performance_data", p -> assertThat(p).matches("'app-log_age_seconds'=[0-9.]+s;;3600;0"));
            assertThat(services.get("braid db")).containsEntry("current_state", "2").containsEntry("check_type", "1")
                    .containsEntry("plugin_output", "CRITICAL: connection refused by 127.0.0.1:" + closed);
        } finally {
            nagios.descendants().forEach(ProcessHandle::destroyForcibly);
            nagios.destroyForcibly();
            nagios.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCommandFileThatIsMissingOrThatNobodyReadsIsUnknownInWords() throws Exception {
        Path health = Files.writeString(dir.resolve("health.yaml"), "health:\n  checks:\n    - {name: tmp, disk: \""
                + dir + "\", minFree: 1%}\n");
        Path prom = dir.resolve("braid.prom");
        assertThat(run("--config", health.toString(), "--submit", dir.resolve("nagios.cmd").toString(), "--prom-file",
                prom.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("braid health: UNKNOWN: cannot submit the results to " + dir.resolve("nagios.cmd")
                + ": no such file (is Nagios running, with check_external_commands=1 and command_file set to it?)");
        // the other outputs are written all the same: the table, the Prometheus file
        assertThat(out.toString()).startsWith("OK: 1 check, 0 not OK");
        assertThat(Files.readString(prom)).contains("braid_health_status{check=\"tmp\"} 0");
        // a FIFO nobody has open (Nagios stopped): opening it would wait for ever
        Path fifo = dir.resolve("stopped.cmd");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        long t0 = System.nanoTime();
        assertThat(run("--config", health.toString(), "--submit", fifo.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("cannot submit the results to " + fifo + ": nothing reads " + fifo
                + " (waited 5.0 s to open it: is Nagios running?)");
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(20));
        // a host name too long for one command line: refused in words, nothing half-written into the file
        Path file = Files.createFile(dir.resolve("file.cmd"));
        assertThat(run("--config", health.toString(), "--submit", file.toString(), "--submit-host", "h".repeat(5000)))
                .isEqualTo(3);
        assertThat(err.toString()).containsPattern("cannot submit the results to " + java.util.regex.Pattern.quote(file.toString())
                + ": the host name and the service name of check \"tmp\" take 50[0-9][0-9] bytes, and a result must fit in one"
                + " write of 4096 bytes");
        assertThat(Files.size(file)).isZero();
    }

    /** Nagios's status file: each servicestatus block's settings by its service_description. */
    private static Map<String, Map<String, String>> services(Path status) throws Exception {
        Map<String, Map<String, String>> all = new java.util.HashMap<>();
        if (!Files.exists(status)) return all;
        Map<String, String> block = null;
        for (String line : Files.readAllLines(status)) {
            String l = line.strip();
            if (l.equals("servicestatus {")) {
                block = new java.util.HashMap<>();
            } else if (l.equals("}") && block != null) {
                all.put(block.getOrDefault("service_description", "?"), block);
                block = null;
            } else if (block != null && l.contains("=")) {
                block.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return all;
    }
}
