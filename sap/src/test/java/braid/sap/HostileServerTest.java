package braid.sap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.Clock;
import braid.sap.internal.Urls;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Answers an outside attack found (issue 18): a service whose {@code __next} names another origin, and one that
 * ignores {@code $skip} and {@code $inlinecount}. Real HTTP servers on loopback, not the stand-in, so the answers
 * can be exactly as hostile as needed.
 */
class HostileServerTest {

    /** A JDK HTTP server that answers every request with what {@code page} makes of its URI and records headers. */
    static final class Server implements AutoCloseable {
        final HttpServer http;
        final List<Headers> requests = new CopyOnWriteArrayList<>();

        Server(String address, Function<URI, String> page) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
            http.createContext("/", ex -> {
                requests.add(ex.getRequestHeaders());
                byte[] body = page.apply(ex.getRequestURI()).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            http.start();
        }

        URI root(String host) {
            return URI.create("http://" + host + ":" + http.getAddress().getPort() + "/sap/opu/odata/sap/API_BUSINESS_PARTNER");
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }

    private final List<Server> servers = new CopyOnWriteArrayList<>();

    private Server server(String address, Function<URI, String> page) throws IOException {
        Server s = new Server(address, page);
        servers.add(s);
        return s;
    }

    @AfterEach
    void stop() {
        servers.forEach(Server::close);
    }

    static String partner(int id) {
        return """
                {"BusinessPartner":"%d","BusinessPartnerCategory":"2","OrganizationBPName1":"Firm %d",
                 "BusinessPartnerIsBlocked":false,"IsMarkedForArchiving":false,
                 "to_BusinessPartnerAddress":{"results":[{"to_EmailAddress":{"results":[
                   {"EmailAddress":"c%d@example.com","IsDefaultEmailAddress":true}]},
                   "to_URLAddress":{"results":[]}}]}}""".formatted(id, id, id);
    }

    static String page(String next, int... ids) {
        StringBuilder b = new StringBuilder("{\"d\":{\"results\":[");
        for (int i = 0; i < ids.length; i++) {
            b.append(i == 0 ? "" : ",").append(partner(ids[i]));
        }
        b.append(']');
        if (next != null) {
            b.append(",\"__next\":\"").append(next).append('"');
        }
        return b.append("}}").toString();
    }

    private static SapSettings.Builder settings(URI root) {
        return SapSettings.builder(root).pageSize(100).concurrency(2).pageTimeout(Duration.ofSeconds(10))
                .basicAuth("REPORT_USER", "s3cret-pass").sapClient("100")
                .header("X-Secret-Header", "do-not-leak");
    }

    @Test
    void nextToAnotherPortIsNotFollowedAndNoCredentialReachesIt() throws Exception {
        Server foreign = server("127.0.0.1", uri -> page(null, 666));
        String next = foreign.root("127.0.0.1") + "/A_BusinessPartner?$skip=1";
        Server sap = server("127.0.0.1", uri -> page(next, 1));
        assertForeignRefused(sap.root("127.0.0.1"), foreign, "http://127.0.0.1:" + foreign.http.getAddress().getPort());
    }

    @Test
    void nextToAnotherHostOnTheSamePortIsNotFollowed() throws Exception {
        // The service is addressed as "localhost"; the link names 127.0.0.1: another host by name, same socket.
        Server[] self = new Server[1];
        self[0] = server("127.0.0.1", uri -> uri.getQuery() != null && uri.getQuery().contains("$skip=0")
                ? page("http://127.0.0.1:" + self[0].http.getAddress().getPort()
                        + "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$skiptoken=1", 1)
                : page(null, 666));
        URI root = self[0].root("localhost");
        assertThatThrownBy(() -> Fetch.run(Clock.virtual(), settings(root).build()))
                .isInstanceOfSatisfying(SapException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SapException.Kind.FOREIGN_ORIGIN);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains("http://127.0.0.1:", "http://localhost:")
                            .doesNotContain("s3cret");
                });
        assertThat(self[0].requests).hasSize(1);
    }

    @Test
    void sameOriginNextWithTheDefaultPortWrittenOutOrAnotherCaseIsFollowed() throws Exception {
        Server[] self = new Server[1];
        self[0] = server("127.0.0.1", uri -> {
            String q = uri.getRawQuery() == null ? "" : uri.getRawQuery();
            int port = self[0].http.getAddress().getPort();
            if (q.contains("$skip=0")) {
                return page("HTTP://LocalHost:" + port + "/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner?$skiptoken=1", 1);
            }
            if (q.contains("$skiptoken=1")) {
                return page("A_BusinessPartner?$skiptoken=2", 2); // relative
            }
            return page(null, 3);
        });
        ClientList list = Fetch.run(Clock.virtual(), settings(self[0].root("localhost")).build());
        assertThat(list.clients()).extracting(SapClient::id).containsExactly("1", "2", "3");
    }

    @Test
    void originsFollowRfc6454() {
        assertThat(Urls.sameOrigin(URI.create("https://sap.example.com/a"), URI.create("https://SAP.example.com:443/b")))
                .isTrue();
        assertThat(Urls.sameOrigin(URI.create("https://sap.example.com/a"), URI.create("http://sap.example.com/a")))
                .as("a downgrade to plain http is another origin").isFalse();
        assertThat(Urls.sameOrigin(URI.create("https://sap.example.com/a"), URI.create("https://sap.example.com:8443/a")))
                .isFalse();
        assertThat(Urls.sameOrigin(URI.create("https://sap.example.com/a"), URI.create("https://sap.example.com.evil/a")))
                .isFalse();
        assertThat(Urls.sameOrigin(URI.create("https://sap.example.com/a"), URI.create("https://evil@sap.example.com/a")))
                .isTrue();
    }

    private void assertForeignRefused(URI root, Server foreign, String foreignOrigin) {
        assertThatThrownBy(() -> Fetch.run(Clock.virtual(), settings(root).build()))
                .isInstanceOfSatisfying(SapException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SapException.Kind.FOREIGN_ORIGIN);
                    assertThat(e.isTransient()).isFalse();
                    assertThat(e.getMessage()).contains(foreignOrigin, Urls.origin(root)).doesNotContain("s3cret");
                });
        assertThat(foreign.requests).as("the foreign host saw no request at all").isEmpty();
    }

    @Test
    void aServerIgnoringSkipAndInlinecountFailsAfterOneRepeatedWindowInsteadOfPagingForever() throws Exception {
        int[] full = new int[100];
        for (int i = 0; i < full.length; i++) {
            full[i] = i + 1;
        }
        Server sap = server("127.0.0.1", uri -> page(null, full));
        assertThatThrownBy(() -> Fetch.run(Clock.virtual(), settings(sap.root("127.0.0.1")).build()))
                .isInstanceOfSatisfying(SapException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SapException.Kind.INCONSISTENT);
                    assertThat(e.getMessage()).contains("$skip");
                });
        assertThat(sap.requests).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void aServerThatAlwaysHasAnotherNewPageIsCutAtTheMaximumNumberOfPages() throws Exception {
        // Without __count nothing bounds the walk but the server; a fresh full page forever must still end.
        int[] counter = {0};
        Server sap = server("127.0.0.1", uri -> {
            int[] ids = new int[100];
            synchronized (counter) {
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = ++counter[0];
                }
            }
            return page(null, ids);
        });
        assertThatThrownBy(() -> Fetch.run(Clock.virtual(), settings(sap.root("127.0.0.1")).maxPages(50).build()))
                .isInstanceOfSatisfying(SapException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SapException.Kind.INCONSISTENT);
                    assertThat(e.getMessage()).contains("50 pages");
                });
        assertThat(sap.requests).hasSize(50);
    }
}
