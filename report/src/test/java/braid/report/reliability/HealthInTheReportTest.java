package braid.report.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.report.config.BraidConfig;
import braid.report.config.ConfigException;
import braid.sandbox.DemoData;
import braid.sandbox.SapStandIn;
import braid.sandbox.SmtpSink;
import braid.testkit.TestCertificates;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health: section inside braid.yaml: its checks run as steps of the daily report, at once with the sources; the
 * operators hear of failing checks after a report that went out well; with {@code report.clientHealth: true} each
 * client's e-mail tells how their site did (real HTTPS, HTTP and a closed port on loopback; real SMTP).
 */
class HealthInTheReportTest {
    @TempDir Path dir;

    @Test
    void checksRunWithTheReportTheOperatorsHearAndEachClientReadsHowTheirSiteDid() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir.resolve("certs"), "client-site", "dns:localhost,ip:127.0.0.41");
        HttpsServer up = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.41"), 0), 10);
        up.setHttpsConfigurator(new HttpsConfigurator(certs.server));
        up.createContext("/", ex -> {
            byte[] b = "<h1>Alpenrad</h1>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        HttpServer broken = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.42"), 0), 10);
        broken.createContext("/", ex -> {
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.43"))) {
            closed = s.getLocalPort();
        }
        up.start();
        broken.start();
        List<SapStandIn.Partner> partners = new ArrayList<>();
        for (SapStandIn.Partner p : DemoData.partners()) {
            String site = switch (p.id()) {
                case "1000001" -> "https://127.0.0.41:" + up.getAddress().getPort() + "/";
                case "1000002" -> "http://127.0.0.42:" + broken.getAddress().getPort() + "/shop";
                case "1000003" -> "http://127.0.0.43:" + closed + "/";
                default -> null; // no website in SAP: nothing to check, nothing said
            };
            partners.add(new SapStandIn.Partner(p.id(), p.category(), p.firstName(), p.lastName(), p.orgName1(), p.orgName2(),
                    p.fullName(), p.customer(), p.emails(), site, p.blocked(), p.archived(), p.lastChange()));
        }
        try (Harness h = Harness.start(dir, partners)) {
            Path cfg = h.config("health.yaml", t -> t.replace("report:\n  minClients: 1\n", """
                    report:
                      minClients: 1
                      clientHealth: true
                    operator:
                      notify: ops@example-outdoor.test
                    health:
                      trustStore: {path: "%s", password: "%s"}
                      checks:
                        - {name: disk, disk: ".", minFree: 0.0001%%}
                        - {name: db, tcp: "127.0.0.43:%d"}
                        - {name: errors, errorLog: "%s", window: 1h, max: {crit: 0, error: 50}}
                        - {name: client-sites, clientWebsites: true, certificateMinDays: 1, certificateCriticalDays: 1, timeout: 5s}
                    """.formatted(certs.trustStore, TestCertificates.STORE_PASSWORD, closed,
                    h.env.config().resolveSibling("logs").resolve("error.log"))));
            ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
            String out = h.output();
            assertThat(o.exitCode()).as(out).isEqualTo(ExitCode.OK); // failing checks do not fail the report
            assertThat(out).contains("  health       4 checks: 2 OK, 2 CRITICAL",
                    "  CRITICAL     db: connection refused by 127.0.0.43:" + closed,
                    "  CRITICAL     client-sites: 1 of 3 client websites up; down: 127.0.0.42 (HTTP 503 Service Unavailable in ");
            assertThat(o.record().tasks().stream().map(t -> t.name()).toList())
                    .contains("check health", "check client websites", "db", "1000001");

            Map<String, SmtpSink.Received> byRecipient = new java.util.HashMap<>();
            for (SmtpSink.Received r : h.env.smtp().list()) for (String to : r.recipients()) byRecipient.put(to, r);
            assertThat(byRecipient).hasSize(Harness.MAILABLE + 1); // the clients and the operator
            SmtpSink.Received notice = byRecipient.get("ops@example-outdoor.test");
            assertThat(notice.subject()).isEqualTo("braid: health 2026-11-23 CRITICAL (2 of 4 checks not OK)");

            String alpenrad = emailOf(h, "1000001");
            // the harness's report day is in the past (a backfill, as a test run is): the check says its own day
            assertThat(alpenrad).containsPattern("When we checked your website 127\\.0\\.0\\.41 at [0-9:]+\\W?[AP]M on [A-Z][a-z]+day, "
                    + "[A-Z][a-z]+ [0-9]{1,2}, 20[0-9]{2}, it was up and answered in [0-9,]+ ms\\. Its security certificate is valid for [12] "
                    + "more days?\\.");
            String bergblick = emailOf(h, "1000002");
            assertThat(bergblick).contains("When we checked your website 127.0.0.42 at ").contains("it answered with an error (HTTP 503). Please look into it.");
            assertThat(emailOf(h, "1000003")).contains("When we checked your website 127.0.0.43 at ").contains("it did not answer. Please look into it.");
            // under its own heading, after the traffic figures and before the news
            assertThat(alpenrad).containsPattern("\nWEBSITE CHECK\r?\nWhen we checked your website");
            // a client without a website in SAP reads nothing about it, not even the heading
            assertThat(emailOf(h, "1000005")).doesNotContain("When we checked").doesNotContain("WEBSITE CHECK");
            assertThat(Eml.read(byRecipient.get("info@alpenrad.example").file()).html()).contains("it was up and answered in")
                    .contains(">Website check</div>");
        } finally {
            up.stop(0);
            broken.stop(0);
        }
    }

    @Test
    void whenMostClientSitesGiveNoAnswerThisMachinesNetworkIsSuspectedAndNoClientIsToldTheirsIsDown() throws Exception {
        // as when this machine's DNS, firewall or proxy fails the checks: two of three sites give no answer at all
        HttpServer up = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.44"), 0), 10);
        up.createContext("/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        up.start();
        int closed45;
        int closed46;
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.45"));
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.46"))) {
            closed45 = a.getLocalPort();
            closed46 = b.getLocalPort();
        }
        List<SapStandIn.Partner> partners = new ArrayList<>();
        for (SapStandIn.Partner p : DemoData.partners()) {
            String site = switch (p.id()) {
                case "1000001" -> "http://127.0.0.44:" + up.getAddress().getPort() + "/";
                case "1000002" -> "http://127.0.0.45:" + closed45 + "/";
                case "1000003" -> "http://127.0.0.46:" + closed46 + "/";
                default -> null;
            };
            partners.add(new SapStandIn.Partner(p.id(), p.category(), p.firstName(), p.lastName(), p.orgName1(), p.orgName2(),
                    p.fullName(), p.customer(), p.emails(), site, p.blocked(), p.archived(), p.lastChange()));
        }
        try (Harness h = Harness.start(dir, partners)) {
            Path cfg = h.config("health.yaml", t -> t.replace("report:\n  minClients: 1\n", """
                    report:
                      minClients: 1
                      clientHealth: true
                    health:
                      checks:
                        - {name: client-sites, clientWebsites: true, timeout: 5s}
                    """));
            ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
            String out = h.output();
            assertThat(o.exitCode()).as(out).isEqualTo(ExitCode.OK);
            assertThat(out).contains("2 of 3 client websites gave no answer when they were checked: more likely this machine's"
                    + " network (DNS, a firewall, a proxy it needs: health.proxy) than theirs, so the e-mails say nothing about those sites");
            // and the operator's health line says the same
            assertThat(out).contains("client-sites: 1 of 3 client websites up (2 gave no answer at all: more likely this"
                    + " machine's network — DNS, a firewall, a proxy it needs (health.proxy) — than theirs); down: 127.0.0.45");
            assertThat(emailOf(h, "1000002")).doesNotContain("When we checked").doesNotContain("WEBSITE CHECK");
            assertThat(emailOf(h, "1000003")).doesNotContain("When we checked").doesNotContain("did not answer");
            assertThat(emailOf(h, "1000001")).contains("When we checked your website 127.0.0.44 at ").contains("it was up");
        } finally {
            up.stop(0);
        }
    }

    private static String emailOf(Harness h, String clientId) throws Exception {
        String address = DemoData.partners().stream().filter(p -> p.id().equals(clientId)).findFirst().orElseThrow()
                .emails().stream().filter(e -> e.isDefault()).findFirst().orElseThrow().address();
        for (SmtpSink.Received r : h.env.smtp().list()) if (r.recipients().contains(address)) return Eml.read(r.file()).text();
        throw new AssertionError("no e-mail to " + clientId);
    }

    @Test
    void aWrongHealthSectionOrClientHealthWithoutTheCheckIsRefusedWhenLoading() throws Exception {
        try (Harness h = Harness.start(dir)) {
            Path bad = h.config("bad-health.yaml", t -> t + "health:\n  checks:\n    - {name: db, tcp: \"db.internal\"}\n");
            assertThatThrownBy(() -> BraidConfig.load(bad, h.env.env())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("health.checks[0] (db): tcp: write host:port, such as db.internal:5432; got 'db.internal'");
            Path noCheck = h.config("no-check.yaml", t -> t.replace("  minClients: 1\n", "  minClients: 1\n  clientHealth: true\n"));
            assertThatThrownBy(() -> BraidConfig.load(noCheck, h.env.env())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("clientHealth: true needs a check with clientWebsites: true in health.checks");
        }
    }
}
