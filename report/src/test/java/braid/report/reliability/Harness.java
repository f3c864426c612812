package braid.report.reliability;

import braid.core.Clock;
import braid.report.ReportOptions;
import braid.report.ReportRun;
import braid.report.config.BraidConfig;
import braid.sandbox.DemoEnvironment;
import braid.sandbox.SapStandIn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo environment (website, SAP and SMTP stand-ins on loopback, generated logs) plus a
 * report run driven in-process with captured output, for the report-level reliability rows.
 * Not thread-safe: one per test.
 */
final class Harness implements AutoCloseable {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    /** Clients of DemoData that have a valid e-mail and are neither blocked nor archived. */
    static final int MAILABLE = 32;

    final Path dir;
    final DemoEnvironment env;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Harness(Path dir, DemoEnvironment env) {
        this.dir = dir;
        this.env = env;
    }

    static Harness start(Path dir) throws IOException {
        return new Harness(dir, DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE));
    }

    static Harness start(Path dir, List<SapStandIn.Partner> partners) throws IOException {
        return new Harness(dir, DemoEnvironment.start(dir.resolve("env"), DAY, DemoEnvironment.Latency.NONE, partners));
    }

    /** A copy of the demo config edited by {@code edit}, next to the original (relative paths keep working). */
    Path config(String name, UnaryOperator<String> edit) throws IOException {
        Path p = env.config().resolveSibling(name);
        Files.writeString(p, edit.apply(Files.readString(env.config())), StandardCharsets.UTF_8);
        return p;
    }

    /** The demo config pointed at another SAP stand-in. */
    Path configWithSap(SapStandIn sap) throws IOException {
        return config("sap-" + sap.baseUri().getPort() + ".yaml",
                t -> t.replace(env.sap().serviceRoot().toString(), sap.serviceRoot().toString()));
    }

    /** The demo config pointed at another SMTP port. */
    Path configWithSmtpPort(int port, UnaryOperator<String> more) throws IOException {
        return config("smtp-" + port + ".yaml", t -> more.apply(t.replace("port: " + env.smtp().port(), "port: " + port)));
    }

    /** A SAP stand-in serving the demo's clients with the demo's credentials, to add faults to. */
    static SapStandIn.Builder sapLikeTheDemo() {
        return SapStandIn.builder().partners(braid.sandbox.DemoData.partners()).pageSize(10)
                .basicAuth(DemoEnvironment.SAP_USER, DemoEnvironment.SAP_PASSWORD).sapClient("100");
    }

    ReportRun.Outcome run(ReportOptions opt) throws Exception {
        return run(env.config(), opt);
    }

    ReportRun.Outcome run(Path config, ReportOptions opt) throws Exception {
        return run(config, opt, Clock.system());
    }

    /** With another clock, e.g. {@link Clock#scaled} so that retry backoffs of seconds take milliseconds. */
    ReportRun.Outcome run(Path config, ReportOptions opt, Clock clock) throws Exception {
        BraidConfig cfg = BraidConfig.load(config, env.env());
        return new ReportRun(cfg, opt.withDate(DAY), env.env(), clock,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false).run();
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    void resetOutput() {
        out.reset();
        err.reset();
    }

    /** Recipients the sink received, with how many messages each. */
    Map<String, Long> receivedPerRecipient() throws IOException {
        return env.smtp().list().stream().flatMap(r -> r.recipients().stream())
                .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }

    /** Every regular file under {@code root}. */
    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Override
    public void close() throws IOException {
        env.close();
    }
}
