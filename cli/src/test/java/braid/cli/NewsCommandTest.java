package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sandbox.WebsiteStandIn;
import braid.sandbox.WebsiteStandIn.Behaviour;
import braid.testkit.TestProxy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code braid news} run in-process against the website stand-in on loopback. */
class NewsCommandTest {
    @TempDir Path state;
    private final WebsiteStandIn site;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    NewsCommandTest() throws Exception {
        site = WebsiteStandIn.builder().slowDelay(Duration.ofSeconds(20)).start();
    }

    @AfterEach
    void close() {
        site.close();
    }

    private int run(String... args) {
        return runWith(Map.of(), args); // no proxy from the developer's environment
    }

    private int runWith(Map<String, String> environment, String... args) {
        NewsCommand cmd = new NewsCommand();
        cmd.environment = environment;
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("--state-dir", state.toString()));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    private JsonNode json() throws Exception {
        return new ObjectMapper().readTree(out.toString());
    }

    @Test
    void printsTheItemsOfTheLinkedFeedWithinTheWindow() {
        int code = run(site.newsPageUri().toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .startsWith("8 news items from " + site.rssFeedUri() + " (feed, last 30 days)")
                .contains("Northwind opens its new assembly plant in Linz", site.baseUri() + "news/linz-plant-opening.html")
                .doesNotContain("anniversary summer party");
    }

    @Test
    void jsonCarriesTheTrickyTitleAsPlainTextForTheReportToEscape() throws Exception {
        int code = run("--json", site.newsPageUri().toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode root = json();
        assertThat(root.get("source").asText()).isEqualTo("feed");
        assertThat(root.get("items")).hasSize(8);
        List<String> titles = new ArrayList<>();
        root.get("items").forEach(i -> titles.add(i.get("title").asText()));
        assertThat(titles).contains(WebsiteStandIn.TRICKY_TITLE);
        assertThat(root.get("items").get(0).get("date").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
    }

    @Test
    void daysOptionWidensTheWindow() throws Exception {
        assertThat(run("--json", "--days", "90", site.newsPageUri().toString())).isZero();

        assertThat(json().get("items")).hasSize(12);
    }

    @Test
    void secondRunGetsA304AndServesTheRememberedItems() throws Exception {
        assertThat(run("--json", site.newsPageUri().toString())).isZero();
        JsonNode first = json();
        out.getBuffer().setLength(0);

        assertThat(run("--json", site.newsPageUri().toString())).isZero();

        JsonNode second = json();
        assertThat(second.get("source").asText()).isEqualTo("cache");
        assertThat(second.get("items")).isEqualTo(first.get("items"));
        // page and feed; the stand-in records an answer after sending it, so the client can be done a moment sooner
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (site.count(304) < 2 && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(site.count(304)).isEqualTo(2);
    }

    @Test
    void newArticleAfterA304RunIsPickedUp() throws Exception {
        assertThat(run("--json", site.newsPageUri().toString())).isZero();
        site.publish("breaking", "Northwind wins the state innovation award", "For the FM-400.");
        out.getBuffer().setLength(0);

        assertThat(run("--json", site.newsPageUri().toString())).isZero();

        assertThat(json().get("source").asText()).isEqualTo("feed");
        assertThat(json().get("items").get(0).get("title").asText()).isEqualTo("Northwind wins the state innovation award");
    }

    @Test
    void atomFeedGivesTheSameItems() throws Exception {
        assertThat(run("--json", site.atomFeedUri().toString())).isZero();

        JsonNode items = json().get("items");
        assertThat(items).hasSize(8);
        assertThat(items.get(0).get("link").asText()).isEqualTo(site.baseUri() + "news/q4-maintenance-window.html");
    }

    @Test
    void followsARedirect() throws Exception {
        assertThat(run("--json", site.redirectingUri().toString())).isZero();

        assertThat(json().get("items")).hasSize(8);
    }

    @Test
    void pageWithoutFeedIsScrapedWithTheGivenSelectors() throws Exception {
        int code = run("--json", "--item-selector", "div.press-release", "--title-selector", "h3 a",
                "--date-selector", "span.date", "--summary-selector", "div.teaser", site.pressPageUri().toString());

        assertThat(code).as(err.toString()).isZero();
        JsonNode root = json();
        assertThat(root.get("source").asText()).isEqualTo("page");
        assertThat(root.get("items")).hasSize(8);
        assertThat(root.get("items").get(0).get("summary").asText()).startsWith("The customer portal will be unavailable");
    }

    @Test
    void wrongCharsetHeaderDoesNotGarbleTheText() throws Exception {
        assertThat(run("--json", site.caseUri(Behaviour.WRONG_CHARSET, "/news/").toString())).isZero();

        assertThat(out.toString()).contains("TÜV Süd").doesNotContain("\uFFFD");
    }

    @Test
    void serverErrorExitsOneNamingUrlAndStatus() {
        site.behaviour(Behaviour.SERVER_ERROR);

        int code = run(site.newsPageUri().toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(site.newsPageUri().toString(), "HTTP status 500", "may succeed if retried");
    }

    @Test
    void downSiteExitsOneWithConnectionFailure() {
        site.behaviour(Behaviour.DOWN);

        int code = run(site.newsPageUri().toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(site.newsPageUri().toString(), "connection failed");
    }

    @Test
    void siteComesBackAfterBeingDown() throws Exception {
        site.behaviour(Behaviour.DOWN);
        site.behaviour(Behaviour.NORMAL);

        assertThat(run("--json", site.newsPageUri().toString())).as(err.toString()).isZero();
    }

    @Test
    void transientFailureExitsOneAndTheNextRunSucceeds() {
        site.failNext(1);

        assertThat(run(site.newsPageUri().toString())).isEqualTo(1);
        assertThat(err.toString()).contains("HTTP status 503", "may succeed if retried");
        assertThat(run(site.newsPageUri().toString())).isZero();
    }

    @Test
    void slowSiteTimesOut() {
        int code = run("--timeout", "300ms", site.caseUri(Behaviour.SLOW, "/news/").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("timed out");
    }

    @Test
    void hugePageIsRefused() {
        int code = run("--max-bytes", "1M", site.caseUri(Behaviour.HUGE, "/news/").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("response too large");
    }

    @Test
    void gzipBombIsRefused() {
        int code = run(site.caseUri(Behaviour.GZIP_BOMB, "/news/").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("response too large");
    }

    @Test
    void missingUrlIsBadUsage() {
        assertThat(run()).isEqualTo(2);
    }

    @Test
    void nonHttpUrlIsBadUsage() {
        assertThat(run("ftp://example.com/news")).isEqualTo(2);
        assertThat(err.toString()).contains("ftp://example.com/news");
    }

    @Test
    void invalidSelectorIsBadUsage() {
        assertThat(run("--title-selector", "h2 >> [", site.newsPageUri().toString())).isEqualTo(2);
        assertThat(err.toString()).contains("h2 >> [");
    }

    @Test
    void malformedTimeoutIsBadUsage() {
        assertThat(run("--timeout", "soon", site.newsPageUri().toString())).isEqualTo(2);
    }

    /** The news page named {@value TestProxy#REMOTE}, which only the test proxy resolves: 127.0.0.1 would go direct. */
    private String remotePage() {
        return TestProxy.remote(site.newsPageUri().toString());
    }

    @Test
    void credentialsInHttpsProxyReachTheAuthenticatingProxyAndAWrongOneIsNamedWithoutIt() throws Exception {
        try (TestProxy proxy = TestProxy.requiringBasic("braid", "pr0xy-s3cret")) {
            int code = runWith(Map.of("https_proxy", "http://braid:pr0xy-s3cret@127.0.0.1:" + proxy.port()),
                    "--no-cache", remotePage());

            assertThat(code).as(err.toString()).isZero();
            assertThat(proxy.received()).isNotEmpty().allSatisfy(r -> assertThat(r.proxyAuthorization())
                    .isEqualTo(TestProxy.basic("braid", "pr0xy-s3cret")));

            code = runWith(Map.of(), "--no-cache", "--proxy", "http://braid:Wr0ng-pw@127.0.0.1:" + proxy.port(),
                    remotePage());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString()).contains("proxy authentication failed at proxy 127.0.0.1:" + proxy.port(),
                    "rejected the credentials of user braid").doesNotContain("Wr0ng-pw");
        }
    }

    @Test
    void theProxyPasswordCanComeFromTheEnvironmentSoPsNeverShowsItAndOneInTheUrlIsWarnedAbout() throws Exception {
        try (TestProxy proxy = TestProxy.requiringBasic("braid", "pr0xy-s3cret")) {
            int code = runWith(Map.of("BRAID_PROXY_PASSWORD", "pr0xy-s3cret"), "--no-cache",
                    "--proxy", "http://braid@127.0.0.1:" + proxy.port(), remotePage());
            assertThat(code).as(err.toString()).isZero();
            assertThat(proxy.received()).isNotEmpty().allSatisfy(r -> assertThat(r.proxyAuthorization())
                    .isEqualTo(TestProxy.basic("braid", "pr0xy-s3cret")));
            assertThat(err.toString()).doesNotContain("visible to other users");

            code = runWith(Map.of(), "--no-cache", "--proxy", "http://braid:pr0xy-s3cret@127.0.0.1:" + proxy.port(),
                    remotePage());
            assertThat(code).isZero();
            assertThat(err.toString()).contains("visible to other users in ps", "BRAID_PROXY_PASSWORD")
                    .doesNotContain("pr0xy-s3cret");
        }
        assertThat(CommandLineProxy.HELP).contains("BRAID_PROXY_PASSWORD", "visible to every user");
    }

    @Test
    void withoutStateDirNothingIsWritten(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cwd) throws Exception {
        NewsCommand cmd = new NewsCommand();
        cmd.environment = Map.of();
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String before = java.util.Arrays.toString(new java.io.File(".").list());
        assertThat(cl.execute(site.newsPageUri().toString())).as(err.toString()).isZero();
        assertThat(java.util.Arrays.toString(new java.io.File(".").list())).as("no braid-state folder in the working directory")
                .isEqualTo(before);
    }
}
