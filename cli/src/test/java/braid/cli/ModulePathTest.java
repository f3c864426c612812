package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.DemoEnvironment;
import braid.sandbox.SmtpSink;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * braid's modules as modules: the tests run on the class path, so this one starts {@code braid} on the module path
 * (the cli's runtime dependencies as Maven resolved them) and runs what reflection and resources touch: the daily
 * report in German (mustache templates and e-mail texts read from inside named modules, Jackson storing the HTTP
 * cache, the chart), SAP's client list as JSON, and {@code braid fetch} with robots.txt and a selection.
 */
class ModulePathTest {
    private static String modulePath;

    @BeforeAll
    static void modulePath() throws IOException {
        Path deps = Path.of("target", "module-path.txt");
        assertThat(deps).as("written by the dependency plugin in generate-test-resources").exists();
        modulePath = Path.of("target", "classes").toAbsolutePath() + File.pathSeparator
                + Files.readString(deps).trim();
    }

    @Test
    void everyBraidModuleExportsOnlyItsApiPackage() {
        ModuleFinder finder = ModuleFinder.of(java.util.Arrays.stream(modulePath.split(File.pathSeparator))
                .map(Path::of).toArray(Path[]::new));
        Map<String, Set<String>> exported = new TreeMap<>();
        for (ModuleReference ref : finder.findAll()) {
            ModuleDescriptor d = ref.descriptor();
            if (!d.name().startsWith("braid.")) continue;
            assertThat(d.isAutomatic()).as(d.name() + " has a module-info.java").isFalse();
            exported.put(d.name(), d.exports().stream().filter(e -> !e.isQualified())
                    .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
            // internals are reached only by a qualified export to the command line
            d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                    .forEach(e -> assertThat(e.targets()).as(d.name() + " exports " + e.source()).containsExactly("braid.cli"));
        }
        assertThat(exported).containsOnlyKeys("braid.core", "braid.timeline", "braid.http", "braid.web", "braid.logs",
                "braid.sap", "braid.fetch", "braid.health", "braid.mail", "braid.sandbox", "braid.report", "braid.cli");
        exported.forEach((module, packages) -> assertThat(packages).as(module).containsExactly(module));
    }

    @Test
    void theReportRunsInGermanOnTheModulePath(@TempDir Path dir) throws Exception {
        LocalDate day = LocalDate.now(ZoneId.of("Europe/Berlin")).minusDays(1);
        try (DemoEnvironment env = DemoEnvironment.start(dir, day, DemoEnvironment.Latency.NONE)) {
            String german = env.configText().replace("  name: Example Outdoor GmbH\n",
                    "  name: Example Outdoor GmbH\n  locale: de\n");
            assertThat(german).contains("locale: de");
            Files.writeString(env.config(), german);
            Run r = braid(env.env(), dir, "report", "run", "--config", env.config().toString(), "--date", day.toString());
            assertThat(r.exit).as(r.output).isZero();
            List<SmtpSink.Received> mails = env.smtp().list();
            assertThat(mails).isNotEmpty();
            String first = Files.readString(mails.getFirst().file(), StandardCharsets.UTF_8);
            assertThat(mails.getFirst().subject()).contains("Tagesbericht");
            assertThat(first).contains("Content-ID").contains("image/png"); // the chart
            assertThat(Files.list(dir.resolve("state")).map(p -> p.getFileName().toString()).toList())
                    .as("the website's conditional cache was stored through Jackson").anySatisfy(n -> assertThat(n).contains("cache"));

            Run sap = braid(env.env(), dir, "sap", "clients", "--url", env.sap().serviceRoot().toString(),
                    "--sap-client", "100", "--user", DemoEnvironment.SAP_USER, "--password-env",
                    DemoEnvironment.SAP_PASSWORD_ENV, "--json");
            assertThat(sap.exit).as(sap.output).isZero();
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(sap.output).path("clients").size())
                    .isGreaterThan(10);

            // braid fetch: crawler-commons (an automatic module), jsoup, Jackson; robots.txt, a selection, a record
            Run fetch = braid(env.env(), dir, "fetch", env.website().newsPageUri().toString(), "--robots", "--select",
                    "a@href", "--record", dir.resolve("fetch-record").toString());
            assertThat(fetch.exit).as(fetch.output).isZero();
            assertThat(fetch.output).contains("\"status\":200", "\"extracted\":[\"http");
            assertThat(dir.resolve("fetch-record").resolve("timeline.html")).exists();
        }
    }

    private record Run(int exit, String output) {}

    private static Run braid(Map<String, String> env, Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "--sun-misc-unsafe-memory-access=allow",
                "-p", modulePath, "-m", "braid.cli/braid.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "braid", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        braid.report.reliability.ChildJvm.withoutProxies(pb.environment());
        pb.environment().putAll(env);
        pb.environment().remove("TERM");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("braid ended").isTrue();
        return new Run(p.exitValue(), Files.readString(log));
    }
}
