package braid.sandbox;

import org.jspecify.annotations.Nullable;

import braid.sandbox.LogGenerator;
import braid.sandbox.SapStandIn;
import braid.sandbox.SmtpSink;
import braid.sandbox.WebsiteStandIn;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The embedded stand-ins the demo and the tests run the real pipeline against, on loopback and
 * free ports: the company website (news page + feed), the SAP Business Partner stand-in, an SMTP
 * sink, and a generated set of rotated access and error logs for the report day, with virtual
 * hosts that match some clients' websites. Writes a ready braid.yaml into its folder.
 */
public final class DemoEnvironment implements AutoCloseable {
    public static final String SAP_USER = "BRAID_DEMO";
    /** Env var the generated config reads the SAP password from. */
    public static final String SAP_PASSWORD_ENV = "BRAID_DEMO_SAP_PASSWORD";
    public static final String SAP_PASSWORD = "demo-Secret-7d1f";
    public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private final Path dir;
    private final LocalDate day;
    private final WebsiteStandIn website;
    private final SapStandIn sap;
    private final SmtpSink smtp;
    private final braid.sandbox.@Nullable SelfSignedCertificate certificate;
    private final braid.sandbox.@Nullable SubmissionServer submission;
    private final Path config;

    /** Latencies that make the overlap visible in a few seconds. */
    public record Latency(Duration website, Duration sapPerRequest) {
        public static final Latency DEMO = new Latency(Duration.ofMillis(1500), Duration.ofMillis(300));
        public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);
    }

    /** The user of the sandbox's submission server ({@code braid sandbox --smtp-auth}). */
    public static final String SMTP_USER = "reports@example-outdoor.test";
    /** The environment variable braid.yaml reads its password from. */
    public static final String SMTP_PASSWORD_ENV = "BRAID_SANDBOX_SMTP_PASSWORD";
    /** Its password: printed by the sandbox, for a stand-in on loopback only. */
    public static final String SMTP_PASSWORD = "sandbox-Mail-3b9e";

    private DemoEnvironment(Path dir, LocalDate day, Latency latency, java.util.List<SapStandIn.Partner> partners) throws IOException {
        this(dir, day, latency, partners, false);
    }

    private DemoEnvironment(Path dir, LocalDate day, Latency latency, java.util.List<SapStandIn.Partner> partners,
                            boolean smtpAuth) throws IOException {
        this.dir = dir;
        this.day = day;
        Files.createDirectories(dir);
        WebsiteStandIn.Builder wb = WebsiteStandIn.builder();
        if (!latency.website().isZero()) wb.slowDelay(latency.website());
        this.website = wb.start();
        if (!latency.website().isZero()) website.behaviour(WebsiteStandIn.Behaviour.SLOW);
        this.sap = SapStandIn.builder().partners(partners).pageSize(10).latency(latency.sapPerRequest())
                .basicAuth(SAP_USER, SAP_PASSWORD).sapClient("100").start();
        this.smtp = SmtpSink.start(dir.resolve("received"));
        if (smtpAuth) {
            this.certificate = braid.sandbox.SelfSignedCertificate.generate(dir.resolve("tls"), "smtp");
            this.submission = braid.sandbox.SubmissionServer.start(smtp, certificate, SMTP_USER, SMTP_PASSWORD);
        } else {
            this.certificate = null;
            this.submission = null;
        }
        writeLogs();
        this.config = dir.resolve("braid.yaml");
        Files.writeString(config, configText(), StandardCharsets.UTF_8);
    }

    /** Starts everything for report day {@code day} in {@code dir}. */
    public static DemoEnvironment start(Path dir, LocalDate day, Latency latency) throws IOException {
        return new DemoEnvironment(dir, day, latency, DemoData.partners());
    }

    /**
     * Same, with the mail going through a submission server that requires STARTTLS and AUTH (user
     * {@link #SMTP_USER}, password {@link #SMTP_PASSWORD} from {@link #SMTP_PASSWORD_ENV}) in front of the sink, and
     * braid.yaml's {@code mail.smtp} written as for a company relay: {@code security: starttls}, the user, the
     * password reference and the sandbox certificate's trust store.
     */
    public static DemoEnvironment startWithSmtpAuth(Path dir, LocalDate day, Latency latency) throws IOException {
        return new DemoEnvironment(dir, day, latency, DemoData.partners(), true);
    }

    /** Whether mail goes through the STARTTLS + AUTH submission server. */
    public boolean smtpAuth() { return submission != null; }

    /** The port braid.yaml's mail.smtp.port names: the submission server's with --smtp-auth, else the sink's. */
    public int smtpPort() { return submission != null ? submission.port() : smtp.port(); }

    /** Same, with the SAP stand-in serving {@code partners} instead of the demo's clients (e.g. thousands, for load and crash tests). */
    public static DemoEnvironment start(Path dir, LocalDate day, Latency latency, java.util.List<SapStandIn.Partner> partners) throws IOException {
        return new DemoEnvironment(dir, day, latency, partners);
    }

    public Path dir() { return dir; }
    public LocalDate day() { return day; }
    public Path config() { return config; }
    public WebsiteStandIn website() { return website; }
    public SapStandIn sap() { return sap; }
    public SmtpSink smtp() { return smtp; }
    public Path logsDir() { return dir.resolve("logs"); }

    /** The environment the config's ${…} references need. */
    public Map<String, String> env() {
        return submission != null ? Map.of(SAP_PASSWORD_ENV, SAP_PASSWORD, SMTP_PASSWORD_ENV, SMTP_PASSWORD)
                : Map.of(SAP_PASSWORD_ENV, SAP_PASSWORD);
    }

    private void writeLogs() throws IOException {
        Path logs = logsDir();
        Files.createDirectories(logs);
        var offset = ZONE.getRules().getOffset(day.atStartOfDay(ZONE).toInstant());
        LogGenerator.Builder base = LogGenerator.builder().format(LogGenerator.Format.VHOST_COMBINED).vhosts(DemoData.VHOSTS)
                .offset(offset).distinctIps(3_000).distinctAgents(200).distinctPaths(800).neighbourDayShare(0.02);
        // as logrotate leaves them at 06:00: today's lines, yesterday's (the report day), the day before gzipped
        base.seed(3).day(day.plusDays(1)).build().writeAccessLines(logs.resolve("access.log"), 4_000);
        base.seed(2).day(day).build().writeAccessLines(logs.resolve("access.log.1"), 30_000);
        Path older = logs.resolve("access.log.2");
        base.seed(1).day(day.minusDays(1)).build().writeAccessLines(older, 20_000);
        gzip(older);
        LogGenerator err = LogGenerator.builder().seed(4).day(day).offset(offset).build();
        err.writeErrorLog(logs.resolve("error.log"), 400, false);
    }

    private static void gzip(Path file) throws IOException {
        Path gz = file.resolveSibling(file.getFileName() + ".gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(file, out);
        }
        Files.delete(file);
    }

    /** The config the demo runs with; also a starting point for a real one ({@code braid demo --print-config}). */
    public String configText() {
        return """
                # braid.yaml generated by `braid demo` / `braid sandbox` for the embedded stand-ins.
                # A starting point for a real config: replace the URLs, paths, addresses and secrets.
                # Every key is documented in docs/configuration.md.
                company:
                  name: Example Outdoor GmbH
                  timeZone: %s
                stateDir: ./state                      # relative to this file: mail journal, HTTP cache, runs
                website:
                  url: %s
                  timeout: 10s
                  retries: 1
                  window: 30d
                  maxItems: 4
                logs:
                  access: [%s]                         # rotations (.1, .2.gz, -YYYYMMDD.gz) are found automatically
                  errors: [%s]
                  format: vhost_combined
                sap:
                  url: %s
                  sapClient: "100"
                  auth:
                    type: basic
                    user: %s
                    password: ${%s}                    # secrets come from the environment or ${file:/path}
                  pageSize: 10
                  concurrency: 4
                  timeout: 20s
                mail:
                  smtp:
                    host: 127.0.0.1
                    port: %d
                %s
                  from: "Example Outdoor Reports <reports@example-outdoor.test>"
                  replyTo: service@example-outdoor.test
                  envelopeFrom: bounces@example-outdoor.test
                  concurrency: 4
                  unsubscribeUrl: "https://example-outdoor.test/unsubscribe?client={clientId}"
                report:
                  minClients: 1
                """.formatted(ZONE, website.newsPageUri(), logsDir().resolve("access.log"), logsDir().resolve("error.log"),
                sap.serviceRoot(), SAP_USER, SAP_PASSWORD_ENV, smtpPort(), smtpSecurity());
    }

    private String smtpSecurity() {
        if (submission == null) {
            return "    security: none                     # the sandbox sink; real servers: starttls or smtps";
        }
        return """
                    security: starttls                 # as a company relay on 587: TLS first, then AUTH
                    username: %s
                    password: ${%s}
                    trustStore: {path: %s, password: %s}   # the sandbox's own certificate
                """.formatted(SMTP_USER, SMTP_PASSWORD_ENV, java.util.Objects.requireNonNull(certificate).trustStore(), braid.sandbox.SelfSignedCertificate.PASSWORD)
                .stripTrailing();
    }

    @Override
    public void close() throws IOException {
        try {
            if (submission != null) submission.close();
            smtp.close();
        } finally {
            try {
                sap.close();
            } finally {
                website.close();
            }
        }
    }
}
