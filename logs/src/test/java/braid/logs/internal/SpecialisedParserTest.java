package braid.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import braid.logs.AccessSummary;
import braid.sandbox.LogGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The specialised parser of the predefined layouts must give exactly the figures of the general token program:
 * every test analyses the same bytes both ways and compares the whole summaries (figures, tops, per-host
 * figures, malformed samples), and checks that the specialised parser really read lines (else the comparison
 * would prove nothing).
 */
class SpecialisedParserTest {
    @TempDir
    Path dir;

    private static final List<FormatSpec> SPECS = List.of(FormatSpec.COMBINED, FormatSpec.COMMON,
            FormatSpec.VHOST_COMBINED, FormatSpec.custom("%h %^[%d:%t %^] \"%r\" %s %b \"%R\" \"%u\""));

    @Test
    void realLogsGiveTheSameSummaryBothWays() throws Exception {
        List<Path> files = new ArrayList<>();
        files.add(resource("fixtures/apache_logs"));
        try (Stream<Path> s = Files.list(resource("fixtures/logs-corpus/access"))) {
            s.sorted().forEach(files::add);
        }
        for (Path file : files) {
            for (FormatSpec spec : SPECS) {
                compare(List.of(file), spec);
            }
        }
        // On the real Apache log nearly every line takes the specialised path (it has a few odd requests).
        Outcome real = compare(List.of(resource("fixtures/apache_logs")), FormatSpec.COMBINED);
        assertThat(real.fastLines).isGreaterThan(9_900);
        assertThat(real.summary.overall().requests()).isEqualTo(10_000);
        Outcome vhost = compare(List.of(resource("fixtures/logs-corpus/access/apache-vhost-combined-filebeat.log")),
                FormatSpec.VHOST_COMBINED);
        assertThat(vhost.fastLines).isPositive();
        assertThat(vhost.summary.byVirtualHost()).isNotEmpty();
    }

    @Test
    void generatedLogsGiveTheSameSummaryBothWays() throws Exception {
        Path log = dir.resolve("gen.log");
        LogGenerator.builder().seed(3).day(LocalDate.of(2026, 11, 22)).offset(ZoneOffset.ofHours(1))
                .distinctIps(2_000).distinctAgents(200).distinctPaths(500).build().writeAccessLines(log, 40_000);
        Outcome o = compare(List.of(log), FormatSpec.COMBINED);
        assertThat(o.fastLines).isGreaterThan(39_000);
        // The same lines with a virtual host in front, and cut down to the common layout.
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        Path vhost = dir.resolve("vhost.log");
        Path common = dir.resolve("common.log");
        StringBuilder v = new StringBuilder();
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            v.append(i % 3 == 0 ? "www.example.com:443 " : i % 3 == 1 ? "shop.example.org " : "api.example.net:80 ")
                    .append(l).append('\n');
            int q = l.indexOf("\" \"");
            int cut = l.lastIndexOf(' ', q < 0 ? l.length() - 1 : q);
            c.append(l, 0, cut).append(i % 7 == 0 ? "\r\n" : "\n");
        }
        Files.writeString(vhost, v, StandardCharsets.ISO_8859_1);
        Files.writeString(common, c, StandardCharsets.ISO_8859_1);
        Outcome ov = compare(List.of(vhost), FormatSpec.VHOST_COMBINED);
        assertThat(ov.fastLines).isGreaterThan(39_000);
        assertThat(ov.summary.byVirtualHost()).containsOnlyKeys("www.example.com", "shop.example.org",
                "api.example.net");
        Outcome oc = compare(List.of(common), FormatSpec.COMMON);
        assertThat(oc.fastLines).isGreaterThan(39_000);
    }

    /**
     * Lines damaged at random (a byte replaced by one that matters to the parser, inserted, deleted, or the line
     * cut) must fall back to the general rules and give the same counts, samples and figures.
     */
    @Test
    void damagedLinesGiveTheSameSummaryBothWays() throws Exception {
        Path gen = dir.resolve("gen.log");
        LogGenerator.builder().seed(11).day(LocalDate.of(2026, 11, 22)).distinctIps(500).distinctAgents(100)
                .distinctPaths(200).build().writeAccessLines(gen, 5_000);
        List<byte[]> originals = new ArrayList<>();
        for (Path p : List.of(gen, resource("fixtures/apache_logs"))) {
            for (String l : Files.readAllLines(p, StandardCharsets.ISO_8859_1)) {
                originals.add(l.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        byte[] special = " \"\\?[]:-/.\n\r\t#0123456789+HTTP%".getBytes(StandardCharsets.ISO_8859_1);
        Random rnd = new Random(20261124);
        for (int round = 0; round < 4; round++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream vout = new ByteArrayOutputStream();
            for (int i = 0; i < 12_000; i++) {
                byte[] line = originals.get(rnd.nextInt(originals.size())).clone();
                int damage = rnd.nextInt(3);
                for (int d = 0; d < damage && line.length > 1; d++) {
                    int at = rnd.nextInt(line.length);
                    byte with = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : special[rnd.nextInt(special.length)];
                    line = switch (rnd.nextInt(4)) {
                        case 0 -> replace(line, at, with);
                        case 1 -> insert(line, at, with);
                        case 2 -> delete(line, at);
                        default -> Arrays.copyOf(line, at);
                    };
                }
                out.write(line);
                out.write('\n');
                vout.write(("h" + (i % 5) + ".example:8" + (i % 2) + " ").getBytes(StandardCharsets.US_ASCII));
                vout.write(line);
                vout.write('\n');
            }
            Path file = Files.write(dir.resolve("damaged-" + round + ".log"), out.toByteArray());
            Path vfile = Files.write(dir.resolve("damaged-vhost-" + round + ".log"), vout.toByteArray());
            for (FormatSpec spec : SPECS) {
                Outcome o = compare(List.of(spec == FormatSpec.VHOST_COMBINED ? vfile : file), spec);
                if (spec != FormatSpec.COMMON) {
                    // Both paths were exercised: most lines are intact, many are not.
                    assertThat(o.fastLines).isGreaterThan(5_000);
                    assertThat(o.summary.malformedLines() + o.summary.truncatedLines()).isPositive();
                }
            }
        }
    }

    /** Client addresses at and past the rules' edges (inet_pton's, as GoAccess applies them). */
    @Test
    void addressEdgeCasesGiveTheSameSummaryBothWays() throws Exception {
        String rest = " - - [22/Nov/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"agent\"\n";
        StringBuilder b = new StringBuilder();
        for (String ip : List.of("0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3.256", "01.2.3.4", "1.02.3.4",
                "1.2.3.04", "10.0.0.1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "1234.1.1.1", "1.2.3.4x",
                "::1", "::", "2001:db8::1", "::ffff:1.2.3.4", "2001:db8:0:0:0:0:2:1", "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7:8:9", "2001:db8:::1", "2001:db8::1::2", "fe80::1%eth0", "gg::1", "-", "",
                "localhost", "1.2.3.4:80", "[::1]", "9.99.199.249")) {
            b.append(ip).append(rest);
        }
        Path f = Files.writeString(dir.resolve("addresses.log"), b.toString(), StandardCharsets.US_ASCII);
        for (FormatSpec spec : SPECS) {
            Outcome o = compare(List.of(f), spec);
            if (spec != FormatSpec.COMMON && spec != FormatSpec.VHOST_COMBINED) {
                assertThat(o.summary.overall().requests()).isEqualTo(10); // 4 IPv4 and 6 IPv6 addresses are valid
                assertThat(o.fastLines).isEqualTo(10);
            }
        }
    }

    /** A file whose last line has no newline and is cut at every possible byte (the parser's sentinel case). */
    @Test
    void lastLineCutAtEveryByteGivesTheSameSummaryBothWays() throws Exception {
        String full = "10.0.0.1 - - [22/Nov/2026:10:00:00 +0000] \"GET /a?b=c HTTP/1.1\" 200 123 "
                + "\"https://ref.example/x\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0\"";
        String first = full.replace("/a?", "/first?") + "\n";
        for (int cut = 0; cut <= full.length(); cut++) {
            Path f = dir.resolve("cut.log");
            Files.writeString(f, first + full.substring(0, cut), StandardCharsets.US_ASCII);
            for (FormatSpec spec : SPECS) {
                Outcome o = compare(List.of(f), spec);
                assertThat(o.summary.lines()).isEqualTo(cut == 0 ? 1 : 2);
            }
        }
    }

    private record Outcome(AccessSummary summary, long fastLines) {}

    private static Outcome compare(List<Path> files, FormatSpec spec) throws IOException, InterruptedException {
        Outcome fast = analyse(files, spec);
        Outcome general = analyse(files, spec.interpreted());
        assertThat(general.fastLines).isZero();
        assertThat(fast.summary).as("%s read as %s", files, spec).isEqualTo(general.summary);
        return fast;
    }

    private static Outcome analyse(List<Path> files, FormatSpec spec) throws IOException, InterruptedException {
        Scanner.Result r = Scanner.scan(files, spec, true, 0, 0, ZoneOffset.UTC, 2, null);
        long fast = r.workers().stream().mapToLong(w -> w.fastLines).sum();
        return new Outcome(Merge.summary(r, spec.name(), ZoneOffset.UTC, null, 20), fast);
    }

    private static byte[] replace(byte[] b, int at, byte with) {
        b[at] = with;
        return b;
    }

    private static byte[] insert(byte[] b, int at, byte with) {
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, at);
        r[at] = with;
        System.arraycopy(b, at, r, at + 1, b.length - at);
        return r;
    }

    private static byte[] delete(byte[] b, int at) {
        byte[] r = new byte[b.length - 1];
        System.arraycopy(b, 0, r, 0, at);
        System.arraycopy(b, at + 1, r, at, b.length - at - 1);
        return r;
    }

    private static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(SpecialisedParserTest.class.getClassLoader().getResource(name),
                    name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
