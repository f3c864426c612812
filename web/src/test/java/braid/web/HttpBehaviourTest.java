package braid.web;

import braid.http.ProxySettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import braid.web.NewsFetchException.Kind;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redirects, gzip, limits, timeouts and typed failures, against a real loopback server. */
class HttpBehaviourTest {
    private static final byte[] FEED = LoopbackSite.resource("web-corpus/feeds/heise-developer.xml");
    private final LoopbackSite site;
    private final NewsReader reader = NewsReader.builder().noWindow()
            .requestTimeout(Duration.ofSeconds(10)).maxBytes(512 * 1024).build();

    HttpBehaviourTest() throws Exception {
        site = new LoopbackSite();
    }

    @AfterEach
    void close() {
        reader.close();
        site.close();
    }

    @Test
    void followsRedirectsAndReportsTheFinalUrl() throws Exception {
        site.route("/old-news", ex -> {
            ex.getResponseHeaders().set("Location", "/news/feed.xml");
            LoopbackSite.send(ex, 301, null, null);
        });
        site.route("/news/feed.xml", ex -> LoopbackSite.send(ex, 200, "application/atom+xml", FEED));

        NewsResult r = reader.read(site.uri("/old-news"));

        assertThat(r.fetchedFrom()).isEqualTo(site.uri("/news/feed.xml"));
        assertThat(r.items()).hasSize(15);
    }

    @Test
    void redirectLoopFailsInsteadOfSpinning() {
        site.route("/a", ex -> {
            ex.getResponseHeaders().set("Location", "/b");
            LoopbackSite.send(ex, 302, null, null);
        });
        site.route("/b", ex -> {
            ex.getResponseHeaders().set("Location", "/a");
            LoopbackSite.send(ex, 302, null, null);
        });

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/a")));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.status()).isEqualTo(302);
        assertThat(e.detail()).contains("redirect not followed");
        assertThat(site.requests.size()).isLessThan(20);
    }

    @Test
    void asksForGzipAndDecompressesTheBody() throws Exception {
        site.route("/feed", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LoopbackSite.send(ex, 200, "application/atom+xml", LoopbackSite.gzip(FEED));
        });

        NewsResult r = reader.read(site.uri("/feed"));

        assertThat(r.items()).hasSize(15);
        assertThat(site.requests.getFirst().header("Accept-Encoding")).isEqualTo("gzip");
    }

    @Test
    void gzipBombIsStoppedAtTheDecompressedLimit() {
        byte[] bomb = LoopbackSite.gzip(new byte[50 * 1024 * 1024]); // ~50 KB on the wire, 50 MB inflated
        site.route("/bomb", ex -> {
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            LoopbackSite.send(ex, 200, "application/rss+xml", bomb);
        });

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/bomb")));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.isTransient()).isFalse();
        assertThat(bomb.length).isLessThan(512 * 1024);
    }

    @Test
    void hugeBodyWithContentLengthIsRefusedBeforeReadingIt() {
        byte[] huge = new byte[2 * 1024 * 1024];
        site.route("/huge", ex -> LoopbackSite.send(ex, 200, "text/html", huge));

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/huge")));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
        assertThat(e.uri()).isEqualTo(site.uri("/huge"));
    }

    @Test
    void hugeChunkedBodyIsCutOffAtTheLimit() {
        site.route("/endless", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, 0); // chunked, no length announced
            byte[] chunk = "<p>news news news news news news news news</p>\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 200; i++) out.write(chunk);
            }
        });

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/endless")));

        assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
    }

    @Test
    void slowResponseTimesOutAsTransientFailure() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        site.route("/slow", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LoopbackSite.send(ex, 200, "application/atom+xml", FEED);
        });
        try (NewsReader impatient = NewsReader.builder().requestTimeout(Duration.ofMillis(300)).build()) {
            NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> impatient.read(site.uri("/slow")));

            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains(site.uri("/slow").toString());
        } finally {
            release.countDown();
        }
    }

    @Test
    void bodyTricklingPastTheDeadlineTimesOut() throws Exception {
        site.route("/trickle", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/atom+xml");
            ex.sendResponseHeaders(200, FEED.length);
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < FEED.length; i += 100) {
                out.write(FEED, i, Math.min(100, FEED.length - i));
                out.flush();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (NewsReader impatient = NewsReader.builder().requestTimeout(Duration.ofMillis(500)).build()) {
            NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> impatient.read(site.uri("/trickle")));

            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
        }
    }

    @Test
    void serverErrorIsTypedWithStatusAndUrlAndIsTransient() {
        site.route("/broken", ex -> LoopbackSite.send(ex, 500, "text/html", "<h1>Internal Server Error</h1>".getBytes()));

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/broken")));

        assertThat(e.kind()).isEqualTo(Kind.HTTP_STATUS);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.uri()).isEqualTo(site.uri("/broken"));
        assertThat(e.isTransient()).isTrue();
        assertThat(e).hasMessageContaining("500").hasMessageContaining(site.uri("/broken").toString());
    }

    @Test
    void notFoundIsNotTransient() {
        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/nowhere")));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.isTransient()).isFalse();
    }

    @Test
    void serviceUnavailableCarriesRetryAfter() {
        site.route("/busy", ex -> {
            ex.getResponseHeaders().set("Retry-After", "7");
            LoopbackSite.send(ex, 503, "text/plain", "busy".getBytes());
        });

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/busy")));

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void refusedConnectionIsTypedConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI down = URI.create("http://127.0.0.1:" + port + "/news");

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(down));

        assertThat(e.kind()).isEqualTo(Kind.CONNECT);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.uri()).isEqualTo(down);
    }

    @Test
    void unknownHostIsTypedDns() {
        URI nowhere = URI.create("http://no-such-host.invalid/news");

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(nowhere));

        assertThat(e.kind()).isEqualTo(Kind.DNS);
        assertThat(e.getMessage()).contains("no-such-host.invalid");
    }

    @Test
    void malformedFeedIsTypedParse() {
        site.route("/bad.xml", ex -> LoopbackSite.send(ex, 200, "application/rss+xml",
                "<rss><channel><item><title>unclosed</channel></rss>".getBytes()));

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/bad.xml")));

        assertThat(e.kind()).isEqualTo(Kind.PARSE);
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <rss version="2.0"><channel><title>t</title>
                <item><title>leak &xxe; here</title><link>http://example.com/1</link></item>
                </channel></rss>""";
        site.route("/xxe.xml", ex -> LoopbackSite.send(ex, 200, "application/rss+xml", xxe.getBytes()));

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/xxe.xml")));

        assertThat(e.kind()).isEqualTo(Kind.PARSE);
        assertThat(e).hasMessageNotContaining("root:");
    }

    @Test
    void entityExpansionBombIsRefused() {
        String lol = """
                <?xml version="1.0"?>
                <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
                <rss version="2.0"><channel><item><title>&d;&d;&d;&d;</title></item></channel></rss>""";
        site.route("/lol.xml", ex -> LoopbackSite.send(ex, 200, "application/rss+xml", lol.getBytes()));

        NewsFetchException e = catchThrowableOfType(NewsFetchException.class, () -> reader.read(site.uri("/lol.xml")));

        assertThat(e.kind()).isEqualTo(Kind.PARSE);
    }

    @Test
    void htmlEntitiesInRss091AreDecodedWithoutTheNetscapeDtd() throws Exception {
        String rss = """
                <?xml version="1.0" encoding="ISO-8859-1"?>
                <!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
                <rss version="0.91"><channel><title>t</title><link>http://example.com/</link>
                <item><title>Caf&eacute;&nbsp;opening &amp; more&hellip;</title><link>http://example.com/1</link></item>
                </channel></rss>""";
        site.route("/091.xml", ex -> LoopbackSite.send(ex, 200, "text/xml", rss.getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(reader.read(site.uri("/091.xml")).items().getFirst().title()).isEqualTo("Café opening & more…");
    }

    @Test
    void interruptCancelsAWaitingReadPromptly() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        site.route("/hang", ex -> {
            arrived.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                reader.read(site.uri("/hang"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        try {
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            t.interrupt();
            t.join(Duration.ofSeconds(5));

            assertThat(t.isAlive()).isFalse();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        } finally {
            release.countDown();
        }
    }

    @Test
    void goesThroughTheConfiguredProxy() throws Exception {
        // The loopback site plays an HTTP proxy: it receives the absolute URI in the request line.
        site.route("/feed", ex -> LoopbackSite.send(ex, 200, "application/atom+xml", FEED));
        try (NewsReader proxied = NewsReader.builder().noWindow()
                .proxy(ProxySettings.of("http://127.0.0.1:" + site.port())).build()) {
            NewsResult r = proxied.read(URI.create("http://news.example.test/feed"));

            assertThat(r.items()).hasSize(15);
            assertThat(site.requests.getFirst().target()).isEqualTo("http://news.example.test/feed");
        }
    }

    @Test
    void rejectsNonHttpUrls() {
        assertThatThrownBy(() -> reader.read(URI.create("file:///etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file:///etc/passwd");
    }
}
