package braid.report.reliability;

import braid.testkit.FakeSmtpServer;
import braid.testkit.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

import braid.report.ExitCode;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.sandbox.DemoEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After full runs with known secret values (SAP password from the environment, SMTP password and
 * trust-store password from files), no file under the state folder or the run folders and no
 * line of output contains any of them, in clear or as the Basic-auth header value.
 */
class SecretsReportTest {
    static final String SMTP_PASSWORD = "smtp-Secret-c41d";
    static final String STORE_PASSWORD = "changeit";

    @TempDir
    Path dir;

    @Test
    void noFileOfTheRunAndNoLineOfOutputContainsASecret() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir, "smtp");
        try (Harness h = Harness.start(dir.resolve("h"));
             FakeSmtpServer smtp = new FakeSmtpServer(certs.server, false, "reports", SMTP_PASSWORD, new FakeSmtpServer.Script() {})) {
            Files.writeString(dir.resolve("smtp-password"), SMTP_PASSWORD + "\n");
            Files.writeString(dir.resolve("store-password"), STORE_PASSWORD + "\n");
            Path cfg = h.configWithSmtpPort(smtp.port(), t -> t.replace("    security: none", String.join("\n",
                    "    security: starttls",
                    "    username: reports",
                    "    password: ${file:" + dir.resolve("smtp-password") + "}",
                    "    trustStore: {path: " + certs.trustStore + ", password: \"${file:" + dir.resolve("store-password") + "}\", type: PKCS12}")));

            ReportRun.Outcome real = h.run(cfg, ReportOptions.DEFAULT);
            assertThat(real.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            assertThat(smtp.accepted()).hasSize(Harness.MAILABLE);
            ReportRun.Outcome dry = h.run(cfg, ReportOptions.DEFAULT.withDryRun(true).withOut(dir.resolve("dry")));
            assertThat(dry.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);
            ReportRun.Outcome again = h.run(cfg, ReportOptions.DEFAULT.withVerbose(true));
            assertThat(again.exitCode()).as(h.output()).isEqualTo(ExitCode.OK);

            List<String> secrets = List.of(DemoEnvironment.SAP_PASSWORD, SMTP_PASSWORD, STORE_PASSWORD,
                    Base64.getEncoder().encodeToString((DemoEnvironment.SAP_USER + ":" + DemoEnvironment.SAP_PASSWORD).getBytes(StandardCharsets.UTF_8)),
                    Base64.getEncoder().encodeToString(("\0reports\0" + SMTP_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            assertThat(h.output()).doesNotContain(secrets);
            assertThat(h.output()).doesNotContain("secret value was found and masked");
            List<Path> files = new java.util.ArrayList<>(Harness.files(h.env.dir().resolve("state")));
            files.addAll(Harness.files(dir.resolve("dry")));
            assertThat(files).anyMatch(f -> f.getFileName().toString().equals("run.json"))
                    .anyMatch(f -> f.getFileName().toString().equals("report.log"))
                    .anyMatch(f -> f.toString().endsWith(".eml"));
            for (Path f : files) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content).as(f.toString()).doesNotContain(secrets);
            }
        }
    }

    @Test
    void aBasicCredentialEchoedBackByARemoteErrorPageIsMaskedInOutputAndFiles() throws Exception {
        com.sun.net.httpserver.HttpServer echo = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/", ex -> {
            // a misconfigured gateway that quotes the request's headers in its error message
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            byte[] body = ("{\"error\":{\"code\":\"/IWFND/CM_CONSUMER/401\",\"message\":{\"lang\":\"en\",\"value\":"
                    + "\"Logon failed for header Authorization: " + auth + "\"}}}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        echo.start();
        try (Harness h = Harness.start(dir.resolve("h"))) {
            String root = "http://127.0.0.1:" + echo.getAddress().getPort() + "/sap/opu/odata/sap/API_BUSINESS_PARTNER";
            Path cfg = h.config("echo.yaml", t -> t.replace(h.env.sap().serviceRoot().toString(), root));
            ReportRun.Outcome o = h.run(cfg, ReportOptions.DEFAULT);
            assertThat(o.exitCode()).as(h.output()).isEqualTo(ExitCode.FAILED);
            String encoded = Base64.getEncoder().encodeToString(
                    (DemoEnvironment.SAP_USER + ":" + DemoEnvironment.SAP_PASSWORD).getBytes(StandardCharsets.UTF_8));
            assertThat(h.output()).contains("Logon failed for header Authorization: Basic ***").doesNotContain(encoded);
            for (Path f : Harness.files(o.runDir())) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(encoded);
            }
        } finally {
            echo.stop(0);
        }
    }
}
