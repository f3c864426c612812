package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.testkit.TestSites;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FetchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private TestSites sites;
    private StringWriter err;
    private ByteArrayOutputStream stdout;
    @TempDir Path dir;

    @BeforeEach
    void start() throws Exception {
        sites = new TestSites(4);
    }

    @AfterEach
    void stop() {
        sites.close();
    }

    private int run(String stdin, String... args) {
        FetchCommand cmd = new FetchCommand();
        cmd.environment = Map.of();
        cmd.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        stdout = new ByteArrayOutputStream();
        cmd.stdout = stdout;
        err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) out.add(JSON.readTree(l));
        return out;
    }

    private Path urls(int n, String path) throws Exception {
        Path f = dir.resolve("urls.txt");
        Files.write(f, IntStream.range(0, n).mapToObj(i -> sites.url(i % 4, path + (path.contains("?") ? "&" : "?") + "i=" + i).toString()).toList());
        return f;
    }

    @Test
    void aFileOfUrlsGivesOneJsonLinePerUrlAndASummary() throws Exception {
        Path in = urls(40, "/ok?ms=10");
        Path out = dir.resolve("results.jsonl");
        assertThat(run("", "--input", in.toString(), "--output", out.toString(), "--per-host", "2")).isZero();
        List<JsonNode> results = lines(out);
        assertThat(results).hasSize(40).allSatisfy(r -> {
            assertThat(r.get("status").asInt()).isEqualTo(200);
            assertThat(r.get("attempts").asInt()).isEqualTo(1);
            assertThat(r.get("body").asText()).startsWith("ok /ok?ms=10");
            assertThat(r.get("line").asLong()).isBetween(1L, 40L);
        });
        assertThat(results.stream().map(r -> r.get("url").asText()).collect(Collectors.toSet())).hasSize(40);
        assertThat(sites.hostMax.values()).allSatisfy(m -> assertThat(m.get()).isLessThanOrEqualTo(2));
        assertThat(err.toString()).contains("braid fetch: 40 requests in", "2xx 40", "failed 0", "p50", "results: " + out.toAbsolutePath());
    }

    @Test
    void aMissingInputFileIsNamedInWords() {
        Path missing = dir.resolve("nope.txt");
        assertThat(run("", "--input", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("braid fetch: cannot read " + missing + ": no such file\n");
    }

    @Test
    void orderedOutputFollowsTheInputAndStandardInWorks() throws Exception {
        String input = IntStream.range(0, 12).mapToObj(i -> sites.url(i % 4, "/ok?ms=" + (60 - 5 * i)).toString())
                .collect(Collectors.joining("\n", "# a comment\n\n", "\n"));
        assertThat(run(input, "--input", "-", "--ordered")).isZero();
        List<Long> order = stdout.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l).get("line").asLong();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
        assertThat(order).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
    }

    @Test
    void orderedCrawlingWritesEachPageAfterThePageItWasFoundOnAndBadLinesInTheirPlace() throws Exception {
        sites.pages.put("/r1", "<a href='/a?ms=300'>a</a> <a href='/b?ms=0'>b</a>");
        sites.pages.put("/a", "<a href='/c?ms=0'>c</a> <a href='/b?ms=0'>b</a>");
        sites.pages.put("/b", "<a href='/d?ms=100'>d</a>");
        sites.pages.put("/c", "end");
        sites.pages.put("/d", "end");
        sites.pages.put("/r2", "<a href='/b?ms=0'>b</a>");
        Path in = dir.resolve("seeds.txt");
        Files.writeString(in, "not a url\n" + sites.url(1, "/r1?ms=50") + "\nftp://x.example/\n" + sites.url(1, "/r2?ms=0") + "\n");
        Path out = dir.resolve("crawl.jsonl");
        assertThat(run("", "--input", in.toString(), "--output", out.toString(), "--crawl", "2", "--ordered", "--skip-bad")).isZero();
        assertThat(lines(out).stream().map(r -> r.has("error") ? "bad " + r.get("line").asLong()
                : URI.create(r.get("url").asText()).getPath())).containsExactly("bad 1", "/r1", "/a", "/c", "/b", "/d", "bad 3", "/r2");
    }

    @Test
    void cacertTrustsASiteBehindAPrivateCaBesidesTheJdksCas() throws Exception {
        braid.testkit.TestCertificates certs = braid.testkit.TestCertificates.generate(dir.resolve("tls"), "site");
        com.sun.net.httpserver.HttpsServer site = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        site.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(certs.server));
        site.createContext("/", ex -> {
            byte[] b = "secure".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        site.start();
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(certs.trustStore)) {
                store.load(in, braid.testkit.TestCertificates.STORE_PASSWORD.toCharArray());
            }
            java.security.cert.Certificate cert = store.getCertificate(store.aliases().nextElement());
            Path pem = dir.resolve("company-ca.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            String url = "https://127.0.0.1:" + site.getAddress().getPort() + "/";

            assertThat(run("", url, "--retries", "0")).isEqualTo(1); // not trusted by the JDK's CAs
            JsonNode refused = JSON.readTree(stdout.toString(StandardCharsets.UTF_8).strip());
            assertThat(refused.get("errorKind").asText()).isEqualTo("tls");
            assertThat(refused.get("error").asText()).startsWith("TLS: ");
            assertThat(err.toString()).contains("a site behind a company CA? --cacert FILE trusts the CA certificates of a PEM file");

            assertThat(run("", url, "--cacert", pem.toString())).isZero();
            JsonNode ok = JSON.readTree(stdout.toString(StandardCharsets.UTF_8).strip());
            assertThat(ok.get("status").asInt()).isEqualTo(200);
            assertThat(ok.get("body").asText()).isEqualTo("secure");
            assertThat(err.toString()).doesNotContain("--cacert FILE trusts");

            Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
            assertThat(run("", url, "--cacert", notPem.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("braid fetch: --cacert " + notPem + ": ");
            assertThat(run("", url, "--cacert", dir.resolve("missing.pem").toString())).isEqualTo(2);
            assertThat(err.toString()).contains("missing.pem: no such file");
        } finally {
            site.stop(0);
        }
    }

    @Test
    void badLinesAreNamedAndNothingIsFetchedUnlessSkipped() throws Exception {
        Path in = dir.resolve("mixed.txt");
        Files.writeString(in, sites.url(0, "/ok") + "\nftp://files.example/x\n{\"url\": \"" + sites.url(1, "/json")
                + "\", \"id\": \"j1\", \"method\": \"TELEPORT\"}\nnot a url\n" + sites.url(2, "/ok") + "\n");
        Path out = dir.resolve("out.jsonl");
        assertThat(run("", "--input", in.toString(), "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("3 bad input lines", "line 2: 'ftp:' URLs cannot be fetched, only http and https",
                "line 3: unknown method \"TELEPORT\"", "line 4: not a URL: 'not a url'", "Nothing was fetched");
        assertThat(sites.requests.get()).isZero();
        assertThat(out).doesNotExist();

        assertThat(run("", "--input", in.toString(), "--output", out.toString(), "--skip-bad")).isZero();
        List<JsonNode> results = lines(out);
        assertThat(results).hasSize(5);
        assertThat(results.stream().filter(r -> r.has("error")).map(r -> r.get("error").asText()).toList())
                .containsExactlyInAnyOrder("bad input line 2: 'ftp:' URLs cannot be fetched, only http and https: 'ftp://files.example/x'",
                        "bad input line 3: unknown method \"TELEPORT\"", "bad input line 4: not a URL: 'not a url' (a space at character 4; write it as %20)");
        assertThat(err.toString()).contains("skipped 3 bad input lines");
    }

    @Test
    void resumeKeepsWhatIsDoneAndFetchesTheCutOffLineAgain() throws Exception {
        Path in = urls(10, "/ok");
        Path out = dir.resolve("out.jsonl");
        List<String> urls = Files.readAllLines(in);
        // a run that crashed: two results written, the third cut off in the middle
        Files.writeString(out, "{\"url\":\"" + urls.get(0) + "\",\"status\":200}\n{\"url\":\"" + urls.get(1)
                + "\",\"status\":200}\n{\"url\":\"" + urls.get(2) + "\",\"sta");
        assertThat(run("", "--input", in.toString(), "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("already holds results: add --resume");
        assertThat(run("", "--input", in.toString(), "--output", out.toString(), "--resume")).isZero();
        List<JsonNode> results = lines(out);
        assertThat(results).hasSize(10);
        assertThat(results.stream().map(r -> r.get("url").asText()).collect(Collectors.toSet())).hasSize(10);
        assertThat(sites.requests.get()).isEqualTo(8);
        assertThat(err.toString()).contains("resumed: 2 results were already in", "a cut-off last line was removed", "2 inputs not fetched again");
        // a second resume has nothing left to do
        assertThat(run("", "--input", in.toString(), "--output", out.toString(), "--resume")).isZero();
        assertThat(lines(out)).hasSize(10);
        assertThat(sites.requests.get()).isEqualTo(8);
    }

    @Test
    void exitCodesSummaryFileAndRecord() throws Exception {
        Path summary = dir.resolve("summary.json");
        Path record = dir.resolve("record");
        assertThat(run("", sites.url(0, "/ok").toString(), sites.url(0, "/missing").toString(), "--json-summary",
                summary.toString(), "--record", record.toString())).isZero();
        JsonNode s = JSON.readTree(summary.toFile());
        assertThat(s.get("requests").asInt()).isEqualTo(2);
        assertThat(s.get("byStatus").get("4xx").asInt()).isEqualTo(1);
        // one task per request (same-named tasks would merge into one in the record): two requests, two tasks
        var tasks = braid.timeline.RunRecord.read(record.resolve("run.json")).tasks();
        assertThat(tasks).hasSize(2);
        assertThat(tasks.stream().map(t -> t.name()).toList())
                .containsExactlyInAnyOrder("#1 " + sites.url(0, "/ok"), "#2 " + sites.url(0, "/missing"));
        // hosts as lanes: one row for the host, counting both requests
        assertThat(Files.readString(record.resolve("timeline.html"))).contains("<svg", "<section id=\"lanes\"><h2>Hosts</h2>",
                "class=\"lanelab\">" + sites.host(0) + " · 2</text>");
        assertThat(run("", sites.url(0, "/missing").toString(), "--fail-on-status")).isEqualTo(1);
        assertThat(run("", sites.url(0, "/loop").toString())).isEqualTo(1);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("\"error\":\"more than 5 redirects");
        if (Files.exists(Path.of("/dev/full"))) { // a disk that is full: said in words, exit 1
            assertThat(run("", sites.url(0, "/ok").toString(), "--output", "/dev/full")).isEqualTo(1);
            assertThat(err.toString()).contains("braid fetch: cannot write /dev/full: No space left on device")
                    .doesNotContainPattern("java\\.|Exception");
        }
        assertThat(run("")).isEqualTo(2);
        assertThat(err.toString()).contains("give URLs, or --input FILE");
        assertThat(run("", sites.url(0, "/ok").toString(), "--resume")).isEqualTo(2);
        assertThat(err.toString()).contains("--resume needs --output FILE");
        assertThat(run("", sites.url(0, "/ok").toString(), "--select", "a[href")).isEqualTo(2);
        assertThat(err.toString()).contains("not a CSS selector: 'a[href'");
    }
}
