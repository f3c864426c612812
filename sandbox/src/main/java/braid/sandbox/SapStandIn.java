package braid.sandbox;

import org.jspecify.annotations.Nullable;

import braid.sandbox.internal.sap.ODataHandler;
import braid.sandbox.internal.sap.PartnerGenerator;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntPredicate;
import javax.net.ssl.SSLContext;

/**
 * An embedded OData V2 server that serves SAP's {@code API_BUSINESS_PARTNER} service from generated or
 * caller-supplied data, for the demo, the tests and the bench.
 *
 * <pre>{@code
 * try (SapStandIn sap = SapStandIn.builder().generate(500, 42).pageSize(100).basicAuth("u", "p").start()) {
 *     URI root = sap.serviceRoot();   // http://127.0.0.1:port/sap/opu/odata/sap/API_BUSINESS_PARTNER
 * }
 * }</pre>
 *
 * <p>Serves {@code $metadata} (the real EDMX), {@code A_BusinessPartner} with {@code $select}, {@code $expand},
 * {@code $top}, {@code $skip}, {@code $skiptoken}, {@code $inlinecount}, {@code $filter} and a server page-size
 * limit that produces {@code __next}; Basic auth, an OAuth 2.0 client-credentials token endpoint, the
 * {@code APIKey} header and {@code sap-client}. Each request runs on its own virtual thread. A started stand-in
 * is thread-safe; the builder is not.
 */
public final class SapStandIn implements AutoCloseable {

    /** The service root path of the real service. */
    public static final String SERVICE_PATH = "/sap/opu/odata/sap/API_BUSINESS_PARTNER";
    /** The path of the OAuth 2.0 token endpoint. */
    public static final String TOKEN_PATH = "/oauth/token";

    /** One e-mail address of a partner; {@code isDefault} maps to {@code IsDefaultEmailAddress}. */
    public record Email(String address, boolean isDefault) {
        public Email {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * One business partner as the stand-in serves it.
     *
     * @param id          {@code BusinessPartner}
     * @param category    {@code BusinessPartnerCategory}: "1" person, "2" organization, "3" group
     * @param firstName   {@code FirstName} (persons)
     * @param lastName    {@code LastName} (persons)
     * @param orgName1    {@code OrganizationBPName1}
     * @param orgName2    {@code OrganizationBPName2}
     * @param fullName    {@code BusinessPartnerFullName}
     * @param customer    {@code Customer}: the customer number, empty if the partner is not a customer
     * @param emails      e-mail addresses of the partner's (single) address
     * @param website     {@code WebsiteURL} of the default URL, or null
     * @param blocked     {@code BusinessPartnerIsBlocked}
     * @param archived    {@code IsMarkedForArchiving}
     * @param lastChange  {@code LastChangeDate}, or null
     */
    public record Partner(String id, String category, String firstName, String lastName, String orgName1,
                          String orgName2, String fullName, String customer, List<Email> emails, @Nullable String website,
                          boolean blocked, boolean archived, @Nullable Instant lastChange) {
        public Partner {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(category, "category");
            firstName = Objects.requireNonNullElse(firstName, "");
            lastName = Objects.requireNonNullElse(lastName, "");
            orgName1 = Objects.requireNonNullElse(orgName1, "");
            orgName2 = Objects.requireNonNullElse(orgName2, "");
            fullName = Objects.requireNonNullElse(fullName, "");
            customer = Objects.requireNonNullElse(customer, "");
            emails = List.copyOf(emails);
        }

        /** A person (category 1) who is a customer, without e-mail or website. */
        public static Partner person(String id, String firstName, String lastName) {
            return new Partner(id, "1", firstName, lastName, "", "", (firstName + " " + lastName).strip(), id,
                    List.of(), null, false, false, null);
        }

        /** An organization (category 2) that is a customer, without e-mail or website. */
        public static Partner organization(String id, String name1, String name2) {
            return new Partner(id, "2", "", "", name1, name2, (name1 + " " + name2).strip(), id,
                    List.of(), null, false, false, null);
        }

        public Partner withEmails(Email... emails) {
            return new Partner(id, category, firstName, lastName, orgName1, orgName2, fullName, customer,
                    List.of(emails), website, blocked, archived, lastChange);
        }

        /** This partner with one default e-mail address. */
        public Partner withEmail(String address) {
            return withEmails(new Email(address, true));
        }

        public Partner withWebsite(String url) {
            return new Partner(id, category, firstName, lastName, orgName1, orgName2, fullName, customer, emails,
                    url, blocked, archived, lastChange);
        }

        public Partner withBlocked(boolean blocked) {
            return new Partner(id, category, firstName, lastName, orgName1, orgName2, fullName, customer, emails,
                    website, blocked, archived, lastChange);
        }

        public Partner withArchived(boolean archived) {
            return new Partner(id, category, firstName, lastName, orgName1, orgName2, fullName, customer, emails,
                    website, blocked, archived, lastChange);
        }

        public Partner withCustomer(String customer) {
            return new Partner(id, category, firstName, lastName, orgName1, orgName2, fullName, customer, emails,
                    website, blocked, archived, lastChange);
        }

        public Partner withLastChange(Instant lastChange) {
            return new Partner(id, category, firstName, lastName, orgName1, orgName2, fullName, customer, emails,
                    website, blocked, archived, lastChange);
        }
    }

    /** Misbehaviours for reliability tests; each applies to the data requests its predicate selects. */
    public enum Fault {
        /** {@code __next} points back to a page already served. */
        NEXT_LOOPS_BACK,
        /** {@code __count} is larger than the number of partners the pages deliver. */
        COUNT_TOO_HIGH,
        /** The connection is closed half-way through the body (declared length not reached). */
        DROP_CONNECTION,
        /** The body is cut off JSON with a proper length: a syntax error, not a transport error. */
        MALFORMED_JSON,
        /** Half the body is sent, then the server stalls for a minute: a timeout mid-page. */
        SLOW_BODY,
        /** An HTML logon page with status 200, as an SSO proxy in front of SAP answers. */
        HTML_LOGIN_PAGE,
        /** HTTP 429 with {@code Retry-After}. */
        TOO_MANY_REQUESTS,
        /** HTTP 503 with {@code Retry-After}. */
        SERVICE_UNAVAILABLE,
        /** HTTP 500 with SAP's JSON error body. */
        SERVER_ERROR,
        /** Half the page with a correct {@code __next} for the rest, as servers with varying page sizes do. */
        SHORT_PAGE
    }

    /** One request as the stand-in received it, to check what a client really sent. */
    public record RecordedRequest(String method, URI uri, Map<String, List<String>> headers) {
        /** The first value of a header (case-insensitive name), or null. */
        public @Nullable String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().getFirst();
                }
            }
            return null;
        }
    }

    /** Settings of a stand-in; internal code reads them, callers use {@link Builder}. */
    public record Config(List<Partner> partners, int pageSize, Duration latency, @Nullable String user,
                         @Nullable String password, @Nullable String apiKey, @Nullable String clientId,
                         @Nullable String clientSecret, Duration tokenLifetime,
                         @Nullable String sapClient, Map<Fault, IntPredicate> faults, Duration retryAfter,
                         boolean relativeNext, int countSurplus, boolean inlineCount,
                         boolean pagesRenderedOnce) {}

    static {
        // The JDK server leaves Nagle's algorithm on by default; with the client's delayed ACKs every response
        // then stalls about 40 ms, which would swamp the latency the stand-in is asked to simulate. The
        // property is read once, when the first HttpServer starts in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ODataHandler handler;
    private final String scheme;

    private SapStandIn(Config config, @Nullable SSLContext tls) throws IOException {
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
            scheme = "https";
        } else {
            server = HttpServer.create(address, 0);
            scheme = "http";
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        handler = new ODataHandler(config, SERVICE_PATH, TOKEN_PATH);
        server.createContext("/", handler);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URI, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The service root, {@code <base>/sap/opu/odata/sap/API_BUSINESS_PARTNER}. */
    public URI serviceRoot() {
        return URI.create(baseUri() + SERVICE_PATH);
    }

    /** The OAuth 2.0 token endpoint. */
    public URI tokenUri() {
        return URI.create(baseUri() + TOKEN_PATH);
    }

    /** Number of requests to {@code A_BusinessPartner} so far (the ones faults count). */
    public int dataRequests() {
        return handler.dataRequests();
    }

    /** Number of token requests so far. */
    public int tokenRequests() {
        return handler.tokenRequests();
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return handler.recorded();
    }

    /** The data requests currently being served at the same time, and the most at once so far. */
    public int maxConcurrentDataRequests() {
        return handler.maxConcurrent();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        handler.close();
    }

    /** Collects the options of a stand-in; not thread-safe. */
    public static final class Builder {
        private final List<Partner> partners = new ArrayList<>();
        private int pageSize = 1000;
        private Duration latency = Duration.ZERO;
        private @Nullable String user;
        private @Nullable String password;
        private @Nullable String apiKey;
        private @Nullable String clientId;
        private @Nullable String clientSecret;
        private Duration tokenLifetime = Duration.ofHours(1);
        private @Nullable String sapClient;
        private final Map<Fault, IntPredicate> faults = new EnumMap<>(Fault.class);
        private Duration retryAfter = Duration.ofSeconds(1);
        private boolean relativeNext;
        private int countSurplus = 7;
        private boolean inlineCount = true;
        private boolean pagesRenderedOnce;
        private @Nullable SSLContext tls;

        private Builder() {}

        /** Serves these partners (after any added before), in the order given. */
        public Builder partners(List<Partner> list) {
            partners.addAll(list);
            return this;
        }

        /** Adds {@code n} generated partners, deterministic for a seed, with all the awkward cases. */
        public Builder generate(int n, long seed) {
            if (n < 0) {
                throw new IllegalArgumentException("n must be >= 0: " + n);
            }
            partners.addAll(PartnerGenerator.generate(n, seed));
            return this;
        }

        /** The server-side page limit; a larger {@code $top} (or none) gets {@code __next}. */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be >= 1: " + pageSize);
            }
            this.pageSize = pageSize;
            return this;
        }

        /** Waits this long before answering each request (on the request's own virtual thread). */
        public Builder latency(Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must be >= 0: " + latency);
            }
            this.latency = latency;
            return this;
        }

        public Builder basicAuth(String user, String password) {
            this.user = Objects.requireNonNull(user);
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /** Requires the {@code APIKey} header, as SAP's API Business Hub sandbox does. */
        public Builder apiKey(String key) {
            this.apiKey = Objects.requireNonNull(key);
            return this;
        }

        /** Requires a bearer token from the client-credentials endpoint at {@link #tokenUri()}. */
        public Builder oauth(String clientId, String clientSecret, Duration tokenLifetime) {
            this.clientId = Objects.requireNonNull(clientId);
            this.clientSecret = Objects.requireNonNull(clientSecret);
            this.tokenLifetime = Objects.requireNonNull(tokenLifetime);
            return this;
        }

        /** Rejects requests whose {@code sap-client} differs (a missing one means the default client). */
        public Builder sapClient(String client) {
            this.sapClient = Objects.requireNonNull(client);
            return this;
        }

        /** Misbehaves on the data requests (1-based count) the predicate accepts. */
        public Builder fault(Fault fault, IntPredicate onRequest) {
            faults.put(Objects.requireNonNull(fault), Objects.requireNonNull(onRequest));
            return this;
        }

        /** Misbehaves on exactly the n-th data request. */
        public Builder faultOnce(Fault fault, int n) {
            return fault(fault, r -> r == n);
        }

        /** Misbehaves on every n-th data request (n, 2n, ...). */
        public Builder faultEvery(Fault fault, int n) {
            if (n < 1) {
                throw new IllegalArgumentException("n must be >= 1: " + n);
            }
            return fault(fault, r -> r % n == 0);
        }

        /** The {@code Retry-After} sent with 429 and 503 (whole seconds, rounded up). */
        public Builder retryAfter(Duration retryAfter) {
            this.retryAfter = Objects.requireNonNull(retryAfter);
            return this;
        }

        /** Sends {@code __next} relative to the service root instead of absolute. */
        public Builder relativeNext(boolean relative) {
            this.relativeNext = relative;
            return this;
        }

        /** How much {@link Fault#COUNT_TOO_HIGH} inflates {@code __count}. */
        public Builder countSurplus(int surplus) {
            this.countSurplus = surplus;
            return this;
        }

        /** Ignores {@code $inlinecount} (no {@code __count}), as some services and proxies do. */
        public Builder ignoreInlineCount() {
            this.inlineCount = false;
            return this;
        }

        /**
         * Renders each distinct page of partners once, the first time it is asked for, into a temporary file
         * mapped into memory, and serves it from there afterwards (with a Content-Length). For benchmarks on one
         * machine: a real SAP system renders its JSON on its own hardware, so a client measured beside a stand-in
         * that renders every page anew would pay for the server's CPU too. Answers with faults are never cached.
         */
        public Builder renderPagesOnce() {
            this.pagesRenderedOnce = true;
            return this;
        }

        /** Serves HTTPS with this context (e.g. from a keystore holding a generated test certificate). */
        public Builder tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context);
            return this;
        }

        /** Starts the server on 127.0.0.1 and a free port. */
        public SapStandIn start() {
            var config = new Config(List.copyOf(partners), pageSize, latency, user, password, apiKey, clientId,
                    clientSecret, tokenLifetime, sapClient, Map.copyOf(faults), retryAfter, relativeNext,
                    countSurplus, inlineCount, pagesRenderedOnce);
            try {
                return new SapStandIn(config, tls);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the SAP stand-in", e);
            }
        }
    }
}
