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

            Files.writeString(cfg, "health:\n  checks:\n    - {name: db, tcp: nowhere}\n    - {name: log, file: app.log, maxAge: 10 minutes}\n");
            assertThat(run("--config", cfg.toString())).isEqualTo(3);
            assertThat(err.toString()).contains("braid health: UNKNOWN: the configuration has 2 problems:\n  " + cfg
                    + ": health.checks[0] (db): tcp: write host:port, such as db.internal:5432; got 'nowhere'\n  " + cfg
                    + ": health.checks[1] (log): maxAge: a duration such as 10s, 500ms or 5m; got '10 minutes'\n");
        }
    }

    @Test
    void asANagiosPluginTheFirstLineNamesWhatFailedAndWrongArgumentsAreUnknown() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(dir.resolve("app.log"), "x");
        Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: app-log, file: app.log, maxAge: 1h}
                    - {name: db, tcp: "127.0.0.1:%d"}
                """.formatted(closed));
        assertThat(run("--config", cfg.toString(), "--perfdata")).isEqualTo(2);
        java.util.List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(0)).matches("CRITICAL: 2 checks, 1 not OK in [0-9.]+ s \\(db: connection refused by 127.0.0.1:"
                + closed + "\\) \\| 'app-log_age_seconds'=[0-9.]+s;;3600;0"); // critical above maxAge, from 0
        assertThat(lines.get(1)).startsWith("OK       app-log  ");
        assertThat(lines.get(2)).startsWith("CRITICAL db       connection refused");
        assertThat(lines).hasSize(3);

        // Nagios reads exit 2 as CRITICAL: a plugin given wrong arguments is UNKNOWN
        assertThat(run("--config", cfg.toString(), "--json", "--perfdata")).isEqualTo(3);
        assertThat(err.toString()).contains("braid health: UNKNOWN: --perfdata is for the table");
        assertThat(run("--config", cfg.toString(), "--perfdat")).isEqualTo(3);
        assertThat(err.toString()).contains("braid: unknown option '--perfdat'; did you mean '--perfdata'?");
        assertThat(run()).isEqualTo(3);
        assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
    }

    @Test
    void aTimeLimitReportsWhatFinishedAndNamesWhatDidNot() throws Exception {
        // a server that accepts connections (the kernel's backlog) and never answers: an HTTP check waits its 30 s
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Files.writeString(dir.resolve("app.log"), "x");
            Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                    health:
                      checks:
                        - {name: app-log, file: app.log, maxAge: 1h}
                        - {name: shop, http: "http://127.0.0.1:%d/", timeout: 30s}
                    """.formatted(silent.getLocalPort()));
            long t0 = System.nanoTime();
            assertThat(run("--config", cfg.toString(), "--timeout", "2")).isEqualTo(3);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(5));
            java.util.List<String> lines = out.toString().lines().toList();
            assertThat(lines.get(0)).matches("UNKNOWN: 2 checks, 1 not OK in [0-9.]+ s "
                    + "\\(shop: not finished within the time limit \\(--timeout 2 s\\)\\)");
            assertThat(lines.get(1)).startsWith("OK       app-log  ");
            assertThat(lines.get(2)).isEqualTo("UNKNOWN  shop     not finished within the time limit (--timeout 2 s)");

            out.getBuffer().setLength(0);
            assertThat(run("--config", cfg.toString(), "-t", "1500ms:CRITICAL", "--json")).isEqualTo(2);
            assertThat(out.toString()).contains("\"message\" : \"not finished within the time limit (--timeout 1500ms)\"");
        }

        Path cfg = dir.resolve("health.yaml");
        assertThat(run("--config", cfg.toString(), "--timeout", "soon")).isEqualTo(3);
        assertThat(err.toString()).contains("braid health: UNKNOWN: --timeout soon: not a time: 'soon' (write seconds, e.g. 50,"
                + " or a duration, e.g. 50s or 2m)");
        assertThat(run("--config", cfg.toString(), "--timeout", "0.5")).isEqualTo(3);
        assertThat(err.toString()).contains("--timeout 0.5: a time limit under 1 s leaves no time for the checks");
        assertThat(run("--config", cfg.toString(), "--timeout", "10:OK")).isEqualTo(3);
        assertThat(err.toString()).contains("--timeout 10:OK: the state after ':' must be WARNING, CRITICAL or UNKNOWN (or 1, 2, 3), not 'OK'");
    }

    @Test
    void onlyRunsTheNamedChecksAndRefusesANameThatIsNotACheck() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Files.writeString(dir.resolve("app.log"), "x");
        Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: app-log, file: app.log, maxAge: 1h}
                    - {name: db, tcp: "127.0.0.1:%d"}
                    - {name: volume, disk: "%s", minFree: 1%%}
                """.formatted(closed, dir));
        // one Nagios service per check: each its own status, notifications and acknowledgement
        assertThat(run("--config", cfg.toString(), "--only", "app-log")).isZero();
        assertThat(out.toString().lines().toList()).hasSize(2).first().asString().startsWith("OK: 1 check, 0 not OK");
        out.getBuffer().setLength(0);
        assertThat(run("--config", cfg.toString(), "--only", "volume,db")).isEqualTo(2);
        assertThat(out.toString().lines().skip(1).map(l -> l.split("\\s+")[1]).toList()).containsExactly("db", "volume");

        assertThat(run("--config", cfg.toString(), "--only", "app-lg")).isEqualTo(3);
        assertThat(err.toString()).contains("braid health: UNKNOWN: --only app-lg: " + cfg + " has no check named 'app-lg';"
                + " did you mean 'app-log'?");
        assertThat(run("--config", cfg.toString(), "--only", "database")).isEqualTo(3);
        assertThat(err.toString()).contains("has no check named 'database' (its checks: app-log, db, volume)");
    }

    @Test
    void aLiveLineWhileTheChecksRunIsErasedBeforeTheTable() throws Exception {
        Files.writeString(dir.resolve("app.log"), "x");
        Path cfg = Files.writeString(dir.resolve("health.yaml"), """
                health:
                  checks:
                    - {name: app-log, file: app.log, maxAge: 1h}
                    - {name: volume, disk: "%s", minFree: 1%%}
                """.formatted(dir));
        assertThat(run("--config", cfg.toString(), "--progress")).isZero();
        String live = err.toString();
        assertThat(live).startsWith("\r\u001b[2K  health: ").contains(" of ").contains(" checks done").endsWith("\r\u001b[2K");
        assertThat(out.toString()).startsWith("OK: 2 checks, 0 not OK");
        // not a terminal (as under Nagios, cron or a pipe): nothing on standard error
        err.getBuffer().setLength(0);
        assertThat(run("--config", cfg.toString())).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theTimeLimitCountsFromTheProcesssStartAndKeepsTimeForTheOutput() {
        var limit = HealthCommand.timeLimit("50", 1_000, 1_300); // 300 ms after the start
        assertThat(limit.remaining()).isEqualTo(java.time.Duration.ofMillis(50_000 - 300).minus(HealthCommand.AFTER_CHECKS));
        assertThat(limit.unfinished()).isEqualTo(braid.health.Status.UNKNOWN);
        assertThat(limit.described()).isEqualTo("--timeout 50 s");
        limit = HealthCommand.timeLimit("2m:critical", 0, 0);
        assertThat(limit.remaining()).isEqualTo(java.time.Duration.ofMinutes(2).minus(HealthCommand.AFTER_CHECKS));
        assertThat(limit.unfinished()).isEqualTo(braid.health.Status.CRITICAL);
        assertThat(HealthCommand.timeLimit("10:1", 0, 0).unfinished()).isEqualTo(braid.health.Status.WARNING);
        // a start long before (a slow JVM start): the checks still get a moment, and say so rather than run on
        assertThat(HealthCommand.timeLimit("5", 0, 60_000).remaining()).isEqualTo(java.time.Duration.ofMillis(100));
    }

    @Test
    void aWholeBraidYamlGivesClientWebsitesSapWhileAHealthOnlyFileSaysItHasNoClientList() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String health = "health:\n  checks:\n    - {name: sites, clientWebsites: true, timeout: 5s}\n";
        Path only = Files.writeString(dir.resolve("health.yaml"), health);
        assertThat(run("--config", only.toString())).isEqualTo(3);
        String withoutSap = out.toString();
        Path whole = Files.writeString(dir.resolve("braid.yaml"), """
                company: {name: Example GmbH, timeZone: Europe/Berlin}
                logs: {access: [access.log]}
                sap:
                  url: http://127.0.0.1:%d/sap/opu/odata/sap/API_BUSINESS_PARTNER
                  proxy: none
                  auth: {type: basic, user: REPORTS, password: literal}
                  retries: 0
                mail:
                  smtp: {host: smtp.example.com}
                  from: reports@example.com
                """.formatted(closed) + health);
        out.getBuffer().setLength(0);
        assertThat(run("--config", whole.toString())).as(out.toString()).isEqualTo(3);
        // the whole file's sap: section is read: the check went to SAP (and says it could not reach it)
        assertThat(out.toString()).as(withoutSap).contains("127.0.0.1:" + closed).isNotEqualTo(withoutSap);
        assertThat(withoutSap).doesNotContain("127.0.0.1:" + closed);
    }

    @Test
    void aWholeBraidYamlChecksEveryClientWebsiteFromSap() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        var site = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        site.start();
        try (var sap = braid.sandbox.SapStandIn.builder().basicAuth("REPORTS", "secret").partners(java.util.List.of(
                braid.sandbox.SapStandIn.Partner.organization("1001", "Up", "GmbH")
                        .withWebsite("http://127.0.0.1:" + site.getAddress().getPort() + "/"),
                braid.sandbox.SapStandIn.Partner.organization("1002", "Down", "AG").withWebsite("http://127.0.0.1:" + closed + "/"),
                braid.sandbox.SapStandIn.Partner.person("1003", "No", "Site"))).start()) {
            Path whole = Files.writeString(dir.resolve("braid.yaml"), """
                    company: {name: Example GmbH, timeZone: Europe/Berlin}
                    logs: {access: [access.log]}
                    sap:
                      url: %s
                      proxy: none
                      auth: {type: basic, user: REPORTS, password: secret}
                    mail:
                      smtp: {host: smtp.example.com}
                      from: reports@example.com
                    health:
                      proxy: none
                      checks:
                        - {name: sites, clientWebsites: true, timeout: 5s}
                    """.formatted(sap.serviceRoot()));
            assertThat(run("--config", whole.toString())).as(out.toString()).isEqualTo(2);
            assertThat(out.toString()).contains("CRITICAL sites", "1 of 2 client websites up; down: ",
                    "connection refused by 127.0.0.1:" + closed);
            assertThat(sap.dataRequests()).isPositive();
        } finally {
            site.stop(0);
        }
    }

    @Test
    void itsHelpIsTheSameOnEveryPath() {
        // braid health builds its model in code, and a root of its own (Main.commandLine("health")); braid --help the
        // annotated root: the same help either way, with every option, its example and Nagios's exit codes
        String alone = Main.commandLine("health").getSubcommands().get("health").getUsageMessage(CommandLine.Help.Ansi.OFF);
        String withAll = Main.commandLine().getSubcommands().get("health").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(alone).isEqualTo(withAll).contains("Usage: braid health [-hV] -c=FILE [--json] [--perfdata] [--prom-file=FILE]",
                "[-t=TIME[:STATE]] [--only=NAME[,NAME...]]...", "[--submit=COMMAND_FILE] [--submit-host=HOST]",
                "[--submit-prefix=TEXT] [--[no-]progress]", "  -c, --config=FILE", "--only=NAME[,NAME...]",
                "  -V, --version", "Example configuration:", "minFree: 10%}", "Exit codes:", "  3   UNKNOWN: a check could not tell");
    }

    @Test
    void theExampleInTheHelpLoads() throws Exception {
        String help = Main.commandLine().getSubcommands().get("health").getUsageMessage();
        String example = help.substring(help.indexOf("  health:"));
        example = example.lines().takeWhile(l -> l.startsWith("  ")).map(l -> l.substring(2)).reduce("", (a, b) -> a + b + "\n");
        Path cfg = Files.writeString(dir.resolve("example.yaml"), example);
        assertThat(HealthChecks.read(cfg).checks()).hasSize(8);
    }
}
