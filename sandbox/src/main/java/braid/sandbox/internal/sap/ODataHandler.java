package braid.sandbox.internal.sap;

import braid.sandbox.SapStandIn.Config;
import braid.sandbox.SapStandIn.Email;
import braid.sandbox.SapStandIn.Fault;
import braid.sandbox.SapStandIn.Partner;
import braid.sandbox.SapStandIn.RecordedRequest;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Serves the stand-in's routes: {@code $metadata}, {@code A_BusinessPartner}, the service document and the
 * OAuth token endpoint. Thread-safe: one instance serves all requests.
 *
 * <p>Behaviours follow SAP's documentation of OData V2 in SAP Gateway and the fixtures: the verbose JSON shape
 * {@code {"d":{"results":[…],"__count":"N","__next":"…"}}} with {@code __metadata} and {@code __deferred}
 * (fixture sample-response.json), {@code /Date(ms)/} for Edm.DateTime and {@code /Date(ms+0000)/} for
 * Edm.DateTimeOffset (same fixture), {@code __count} as a string (OData V2 JSON format, section 2.2.6.3.1),
 * server-driven paging with {@code $skiptoken} in {@code __next} (SAP Gateway "Server-Side Paging"), and the
 * error body {@code {"error":{"code":…,"message":{"lang":…,"value":…}}}} (SAP Gateway error response).
 */
public final class ODataHandler implements HttpHandler {

    /** Properties of A_BusinessPartnerType the stand-in fills; names as in the EDMX. */
    static final Set<String> PARTNER_PROPERTIES = Set.of("BusinessPartner", "Customer", "Supplier",
            "BusinessPartnerCategory", "BusinessPartnerFullName", "BusinessPartnerGrouping", "BusinessPartnerName",
            "FirstName", "LastName", "OrganizationBPName1", "OrganizationBPName2", "CreationDate",
            "LastChangeDate", "BusinessPartnerIsBlocked", "IsMarkedForArchiving");
    private static final String TYPE_PREFIX = "API_BUSINESS_PARTNER.";
    private static final long CREATION = Instant.parse("2018-02-12T00:00:00Z").toEpochMilli();

    private final Config config;
    private final String servicePath;
    private final String tokenPath;
    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicInteger dataRequests = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, ByteBuffer> renderedPages = new ConcurrentHashMap<>();
    private @Nullable Path pageDirectory;

    public ODataHandler(Config config, String servicePath, String tokenPath) {
        this.config = config;
        this.servicePath = servicePath;
        this.tokenPath = tokenPath;
    }

    public int dataRequests() {
        return dataRequests.get();
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    public List<RecordedRequest> recorded() {
        return List.copyOf(recorded);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            recorded.add(new RecordedRequest(ex.getRequestMethod(), ex.getRequestURI(),
                    Map.copyOf(new TreeMap<>(ex.getRequestHeaders()))));
            if (!config.latency().isZero()) {
                Thread.sleep(config.latency());
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals(tokenPath)) {
                token(ex);
            } else if (path.startsWith(servicePath)) {
                service(ex, path.substring(servicePath.length()));
            } else {
                error(ex, 404, "/IWFND/MED/170", "No service found for namespace '', name '"
                        + path + "', version '0001'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away or a fault cut the connection: nothing left to answer.
        }
    }

    private void service(HttpExchange ex, String rest) throws IOException, InterruptedException {
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            // The stand-in is read-only, like the client that talks to it.
            error(ex, 405, "/IWFND/CM_MGW/004", "Method " + ex.getRequestMethod() + " not allowed");
            return;
        }
        Map<String, String> query = parseQuery(ex.getRequestURI().getRawQuery());
        if (!authorized(ex, query)) {
            return;
        }
        switch (rest) {
            case "", "/" -> serviceDocument(ex);
            case "/$metadata" -> metadata(ex);
            case "/A_BusinessPartner" -> partners(ex, query);
            default -> error(ex, 404, "/IWBEP/CM_MGW_RT/021", "Resource not found for segment '" + rest + "'");
        }
    }

    private boolean authorized(HttpExchange ex, Map<String, String> query) throws IOException {
        String client = query.getOrDefault("sap-client", ex.getRequestHeaders().getFirst("sap-client"));
        if (config.sapClient() != null && client != null && !client.equals(config.sapClient())) {
            error(ex, 401, "/IWFND/CM_LOGON/001", "Logon failed: client " + client + " is not available");
            return false;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (config.user() != null) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(
                    (config.user() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(auth)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"SAP NetWeaver Application Server\"");
                error(ex, 401, "/IWFND/CM_LOGON/001", "Logon failed: wrong user name or password");
                return false;
            }
        }
        if (config.clientId() != null) {
            Instant expiry = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
            if (expiry == null || !Instant.now().isBefore(expiry)) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                error(ex, 401, "/IWFND/CM_LOGON/002", expiry == null ? "Missing or unknown bearer token"
                        : "Bearer token expired");
                return false;
            }
        }
        if (config.apiKey() != null && !config.apiKey().equals(ex.getRequestHeaders().getFirst("APIKey"))) {
            // SAP API Business Hub answers a missing key with 401 and a JSON fault (not OData's error shape).
            send(ex, 401, "application/json", ("{\"fault\":{\"faultstring\":\"Failed to resolve API Key variable "
                    + "request.header.apikey\",\"detail\":{\"errorcode\":\"steps.oauth.v2.FailedToResolveAPIKey\"}}}")
                    .getBytes(StandardCharsets.UTF_8));
            return false;
        }
        return true;
    }

    private void serviceDocument(HttpExchange ex) throws IOException {
        send(ex, 200, "application/json", "{\"d\":{\"EntitySets\":[\"A_BusinessPartner\",\"A_BusinessPartnerAddress\",\"A_AddressEmailAddress\",\"A_AddressHomePageURL\"]}}"
                .getBytes(StandardCharsets.UTF_8));
    }

    private void metadata(HttpExchange ex) throws IOException {
        try (InputStream in = ODataHandler.class.getResourceAsStream("/braid/sandbox/sap/API_BUSINESS_PARTNER.edmx")) {
            if (in == null) {
                throw new IOException("EDMX resource missing");
            }
            send(ex, 200, "application/xml", in.readAllBytes());
        }
    }

    private void partners(HttpExchange ex, Map<String, String> query) throws IOException, InterruptedException {
        int n = dataRequests.incrementAndGet();
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            partnersCounted(ex, query, n);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    private boolean fault(Fault f, int n) {
        var p = config.faults().get(f);
        return p != null && p.test(n);
    }

    private void partnersCounted(HttpExchange ex, Map<String, String> query, int n)
            throws IOException, InterruptedException {
        if (fault(Fault.HTML_LOGIN_PAGE, n)) {
            send(ex, 200, "text/html; charset=utf-8", LOGIN_PAGE.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (fault(Fault.TOO_MANY_REQUESTS, n) || fault(Fault.SERVICE_UNAVAILABLE, n)) {
            long seconds = Math.max(0, (config.retryAfter().toMillis() + 999) / 1000);
            ex.getResponseHeaders().set("Retry-After", String.valueOf(seconds));
            int status = fault(Fault.TOO_MANY_REQUESTS, n) ? 429 : 503;
            error(ex, status, status == 429 ? "/IWFND/CM_BEC/026" : "/IWFND/MED/203",
                    status == 429 ? "Too many requests, rate limit exceeded" : "Service temporarily unavailable");
            return;
        }
        if (fault(Fault.SERVER_ERROR, n)) {
            error(ex, 500, "/IWBEP/CM_MGW_RT/000", "In the context of Data Services an unknown internal server error occurred");
            return;
        }
        String format = query.get("$format");
        String accept = ex.getRequestHeaders().getFirst("Accept");
        if (!"json".equals(format) && (accept == null || !accept.contains("application/json"))) {
            error(ex, 406, "/IWBEP/CM_MGW_RT/011", "The stand-in serves JSON only; use $format=json");
            return;
        }
        boolean cut = fault(Fault.MALFORMED_JSON, n) || fault(Fault.DROP_CONNECTION, n) || fault(Fault.SLOW_BODY, n);
        // a page a fault changes is neither served from nor kept among the pages rendered once
        boolean keepable = config.pagesRenderedOnce() && !cut && !fault(Fault.NEXT_LOOPS_BACK, n)
                && !fault(Fault.SHORT_PAGE, n) && !fault(Fault.COUNT_TOO_HIGH, n);
        ByteBuffer rendered = keepable ? renderedPages.get(ex.getRequestURI().toString()) : null;
        if (rendered != null) {
            serve(ex, rendered);
            return;
        }
        List<Partner> selected;
        int skip;
        int top;
        int start;
        Select select;
        Expand expand;
        try {
            selected = filter(query.get("$filter"));
            skip = nonNegative(query, "$skip", 0);
            top = nonNegative(query, "$top", Integer.MAX_VALUE);
            start = nonNegative(query, "$skiptoken", skip);
            select = Select.parse(query.get("$select"));
            expand = Expand.parse(query.get("$expand"));
        } catch (IllegalArgumentException e) {
            error(ex, 400, "/IWBEP/CM_MGW_RT/022", e.getMessage());
            return;
        }
        int total = selected.size();
        int end = (int) Math.min(total, (long) skip + top);
        int pageEnd = (int) Math.min(end, (long) start + config.pageSize());
        boolean loop = fault(Fault.NEXT_LOOPS_BACK, n);
        if ((loop || fault(Fault.SHORT_PAGE, n)) && pageEnd - start > 1) {
            pageEnd = start + (pageEnd - start) / 2;
        }
        String next = null;
        if (pageEnd < end) {
            // A looping server points back at the page it just served.
            next = nextLink(ex, loop ? start : pageEnd);
        }
        Integer count = null;
        if (config.inlineCount() && "allpages".equals(query.get("$inlinecount"))) {
            count = total + (fault(Fault.COUNT_TOO_HIGH, n) ? config.countSurplus() : 0);
        }
        String base = base(ex);
        List<Partner> slice = start < pageEnd ? selected.subList(start, pageEnd) : List.of();
        if (keepable) {
            var buffer = new ByteArrayOutputStream(Math.max(256, slice.size() * 1700));
            page(buffer, base, slice, count, next, select, expand);
            serve(ex, renderedPages.computeIfAbsent(ex.getRequestURI().toString(), k -> keep(buffer)));
            return;
        }
        if (!cut) {
            // Streamed (chunked) so the stand-in holds no page in memory, like a real server.
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.getResponseHeaders().set("DataServiceVersion", "2.0");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream body = new java.io.BufferedOutputStream(ex.getResponseBody(), 64 * 1024)) {
                page(body, base, slice, count, next, select, expand);
            }
            return;
        }
        var buffer = new ByteArrayOutputStream(Math.max(256, slice.size() * 1700));
        page(buffer, base, slice, count, next, select, expand);
        byte[] body = buffer.toByteArray();
        OutputStream out;
        if (fault(Fault.MALFORMED_JSON, n)) {
            send(ex, 200, "application/json; charset=utf-8", java.util.Arrays.copyOf(body, body.length / 2));
        } else if (fault(Fault.DROP_CONNECTION, n)) {
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            // Closing short of the declared length makes the JDK server drop the connection.
        } else if (fault(Fault.SLOW_BODY, n)) {
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            out = ex.getResponseBody();
            out.write(body, 0, body.length / 2);
            out.flush();
            Thread.sleep(Duration.ofMinutes(1));
            out.write(body, body.length / 2, body.length - body.length / 2);
        }
    }

    private static final String LOGIN_PAGE = """
            <!DOCTYPE html>
            <html><head><title>Logon</title></head>
            <body><form method="post" action="/sap/bc/ui5_ui5/ui2/ushell/shells/abap/FioriLaunchpad.html">
            <label>User <input name="sap-user"></label><label>Password <input type="password" name="sap-password"></label>
            <button>Log On</button></form></body></html>
            """;

    private static int nonNegative(Map<String, String> query, String name, int dflt) {
        String v = query.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + name);
        }
    }

    private List<Partner> filter(@Nullable String filter) {
        if (filter == null || filter.isBlank()) {
            return config.partners();
        }
        ODataFilter f = ODataFilter.parse(filter, PARTNER_PROPERTIES);
        List<Partner> out = new ArrayList<>();
        for (Partner p : config.partners()) {
            if (f.test(properties(p))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Properties in EDMX order, as SAP writes them. */
    private static final List<String> PROPERTY_ORDER = List.of("BusinessPartner", "Customer", "Supplier",
            "BusinessPartnerCategory", "BusinessPartnerFullName", "BusinessPartnerGrouping", "BusinessPartnerName",
            "CreationDate", "FirstName", "LastChangeDate", "LastName", "OrganizationBPName1", "OrganizationBPName2",
            "BusinessPartnerIsBlocked", "IsMarkedForArchiving");

    private static @Nullable Object property(Partner p, String name) {
        return switch (name) {
            case "BusinessPartner" -> p.id();
            case "Customer" -> p.customer();
            case "Supplier" -> "";
            case "BusinessPartnerCategory" -> p.category();
            case "BusinessPartnerFullName", "BusinessPartnerName" -> p.fullName();
            case "BusinessPartnerGrouping" -> p.category().equals("1") ? "BP02" : "BP03";
            case "FirstName" -> p.firstName();
            case "LastName" -> p.lastName();
            case "OrganizationBPName1" -> p.orgName1();
            case "OrganizationBPName2" -> p.orgName2();
            case "CreationDate" -> Instant.ofEpochMilli(CREATION);
            case "LastChangeDate" -> p.lastChange();
            case "BusinessPartnerIsBlocked" -> p.blocked();
            case "IsMarkedForArchiving" -> p.archived();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private Map<String, Object> properties(Partner p) {
        // Computed per use, not cached: a cache of 100,000 maps would dominate the bench's heap.
        {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("BusinessPartner", p.id());
            m.put("Customer", p.customer());
            m.put("Supplier", "");
            m.put("BusinessPartnerCategory", p.category());
            m.put("BusinessPartnerFullName", p.fullName());
            m.put("BusinessPartnerGrouping", p.category().equals("1") ? "BP02" : "BP03");
            m.put("BusinessPartnerName", p.fullName());
            m.put("FirstName", p.firstName());
            m.put("LastName", p.lastName());
            m.put("OrganizationBPName1", p.orgName1());
            m.put("OrganizationBPName2", p.orgName2());
            m.put("CreationDate", Instant.ofEpochMilli(CREATION));
            m.put("LastChangeDate", p.lastChange());
            m.put("BusinessPartnerIsBlocked", p.blocked());
            m.put("IsMarkedForArchiving", p.archived());
            return m;
        }
    }

    private String nextLink(HttpExchange ex, int token) {
        StringBuilder q = new StringBuilder();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String part : raw.split("&")) {
                if (!part.isEmpty() && !part.startsWith("$skiptoken=") && !part.startsWith("%24skiptoken=")) {
                    q.append(part).append('&');
                }
            }
        }
        q.append("$skiptoken=").append(token);
        String relative = "A_BusinessPartner?" + q;
        return config.relativeNext() ? relative : base(ex) + "/" + relative;
    }

    private String base(HttpExchange ex) {
        String host = ex.getRequestHeaders().getFirst("Host");
        String scheme = ex instanceof com.sun.net.httpserver.HttpsExchange ? "https" : "http";
        if (host == null) {
            host = "127.0.0.1:" + ex.getLocalAddress().getPort();
        }
        return scheme + "://" + host + servicePath;
    }

    private void page(OutputStream out, String base, List<Partner> partners, @Nullable Integer count, @Nullable String next,
                      Select select, Expand expand) throws IOException {
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("d");
            g.writeArrayFieldStart("results");
            for (Partner p : partners) {
                writePartner(g, base, p, select, expand);
            }
            g.writeEndArray();
            if (count != null) {
                g.writeStringField("__count", String.valueOf(count));
            }
            if (next != null) {
                g.writeStringField("__next", next);
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    private static void metadataField(JsonGenerator g, String uri, String type) throws IOException {
        g.writeObjectFieldStart("__metadata");
        g.writeStringField("id", uri);
        g.writeStringField("uri", uri);
        g.writeStringField("type", TYPE_PREFIX + type);
        g.writeEndObject();
    }

    private static void value(JsonGenerator g, String name, @Nullable Object v) throws IOException {
        switch (v) {
            case null -> g.writeNullField(name);
            case Boolean b -> g.writeBooleanField(name, b);
            case Instant i -> g.writeStringField(name, "/Date(" + i.toEpochMilli() + ")/");
            default -> g.writeStringField(name, v.toString());
        }
    }

    private void writePartner(JsonGenerator g, String base, Partner p, Select select, Expand expand)
            throws IOException {
        String uri = base + "/A_BusinessPartner('" + p.id() + "')";
        g.writeStartObject();
        metadataField(g, uri, "A_BusinessPartnerType");
        for (String name : PROPERTY_ORDER) {
            if (select.has(name)) {
                value(g, name, property(p, name));
            }
        }
        if (select.all()) {
            // An extension field that is not in the EDMX, as in the fixture: clients must ignore it.
            g.writeNullField("YY1_AddrLastCheckedOn_bus");
        }
        navigation(g, uri, "to_BuPaIdentification", select, expand, null);
        String addressId = "9" + p.id();
        String addressUri = base + "/A_BusinessPartnerAddress(BusinessPartner='" + p.id() + "',AddressID='"
                + addressId + "')";
        navigation(g, uri, "to_BusinessPartnerAddress", select, expand, (sel, exp) -> {
            g.writeStartObject();
            metadataField(g, addressUri, "A_BusinessPartnerAddressType");
            scalar(g, sel, "BusinessPartner", p.id());
            scalar(g, sel, "AddressID", addressId);
            if (sel.has("ValidityStartDate")) {
                g.writeStringField("ValidityStartDate", "/Date(" + CREATION + "+0000)/");
            }
            if (sel.has("ValidityEndDate")) {
                g.writeStringField("ValidityEndDate", "/Date(253402300799000+0000)/");
            }
            scalar(g, sel, "CityName", "");
            scalar(g, sel, "Country", "");
            navigation(g, addressUri, "to_EmailAddress", sel, exp, (s2, e2) -> {
                int ordinal = 1;
                for (Email mail : p.emails()) {
                    g.writeStartObject();
                    String mailUri = base + "/A_AddressEmailAddress(AddressID='" + addressId
                            + "',Person='',OrdinalNumber='" + ordinal + "')";
                    metadataField(g, mailUri, "A_AddressEmailAddressType");
                    scalar(g, s2, "AddressID", addressId);
                    scalar(g, s2, "Person", "");
                    scalar(g, s2, "OrdinalNumber", String.valueOf(ordinal++));
                    if (s2.has("IsDefaultEmailAddress")) {
                        g.writeBooleanField("IsDefaultEmailAddress", mail.isDefault());
                    }
                    scalar(g, s2, "EmailAddress", mail.address());
                    scalar(g, s2, "SearchEmailAddress", mail.address().toUpperCase(java.util.Locale.ROOT)
                            .substring(0, Math.min(20, mail.address().length())));
                    g.writeEndObject();
                }
            }, true);
            navigation(g, addressUri, "to_URLAddress", sel, exp, (s2, e2) -> {
                if (p.website() == null) {
                    return;
                }
                g.writeStartObject();
                metadataField(g, base + "/A_AddressHomePageURL(AddressID='" + addressId
                        + "',Person='',OrdinalNumber='1',ValidityStartDate=datetime'2018-02-12T00%3A00%3A00',"
                        + "IsDefaultURLAddress=true)", "A_AddressHomePageURLType");
                scalar(g, s2, "AddressID", addressId);
                scalar(g, s2, "Person", "");
                scalar(g, s2, "OrdinalNumber", "1");
                if (s2.has("ValidityStartDate")) {
                    g.writeStringField("ValidityStartDate", "/Date(" + CREATION + ")/");
                }
                if (s2.has("IsDefaultURLAddress")) {
                    g.writeBooleanField("IsDefaultURLAddress", true);
                }
                scalar(g, s2, "WebsiteURL", p.website());
                g.writeEndObject();
            }, true);
            g.writeEndObject();
        }, true);
        g.writeEndObject();
    }

    private static void scalar(JsonGenerator g, Select sel, String name, String value) throws IOException {
        if (sel.has(name)) {
            g.writeStringField(name, value);
        }
    }

    private interface Body {
        void write(Select select, Expand expand) throws IOException;
    }

    private static void navigation(JsonGenerator g, String owner, String name, Select select, Expand expand,
                                   @Nullable Body body) throws IOException {
        navigation(g, owner, name, select, expand, body, body != null);
    }

    /** Writes an expanded navigation as {@code {"results":[…]}}, an unexpanded one as {@code __deferred}. */
    private static void navigation(JsonGenerator g, String owner, String name, Select select, Expand expand,
                                   @Nullable Body body, boolean expandable) throws IOException {
        Expand inner = expand.child(name);
        if (inner != null && expandable && body != null) { // expandable: there is a body
            // OData V2: with $select present, an expanded navigation property appears only when selected.
            Select s = select.child(name);
            if (s == null) {
                return;
            }
            g.writeObjectFieldStart(name);
            g.writeArrayFieldStart("results");
            body.write(s, inner);
            g.writeEndArray();
            g.writeEndObject();
        } else if (select.has(name)) {
            g.writeObjectFieldStart(name);
            g.writeObjectFieldStart("__deferred");
            g.writeStringField("uri", owner + "/" + name);
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** A parsed $select: a tree of names; {@code all} when the level selects every property. */
    record Select(boolean all, Map<String, Select> children) {
        static final Select ALL = new Select(true, Map.of());

        static Select parse(@Nullable String text) {
            if (text == null || text.isBlank()) {
                return ALL;
            }
            Map<String, Select> root = new LinkedHashMap<>();
            for (String item : text.split(",")) {
                String[] parts = item.strip().split("/");
                if (parts.length == 1 && parts[0].equals("*")) {
                    return ALL;
                }
                Map<String, Select> level = root;
                for (int i = 0; i < parts.length; i++) {
                    String part = parts[i];
                    if (part.isEmpty()) {
                        throw new IllegalArgumentException("Invalid $select: " + text);
                    }
                    if (part.equals("*")) {
                        break;
                    }
                    Select s = level.computeIfAbsent(part, k -> new Select(false, new LinkedHashMap<>()));
                    level = s.children();
                }
            }
            return new Select(false, root);
        }

        boolean has(String name) {
            return all || children.containsKey(name);
        }

        /** The selection below a navigation property, or null when it is not selected. */
        @Nullable Select child(String name) {
            if (all) {
                return ALL;
            }
            Select s = children.get(name);
            if (s == null) {
                return null;
            }
            return s.children().isEmpty() ? ALL : s;
        }
    }

    /** A parsed $expand: a tree of navigation property names. */
    record Expand(Map<String, Expand> children) {
        static Expand parse(@Nullable String text) {
            Map<String, Expand> root = new LinkedHashMap<>();
            if (text != null && !text.isBlank()) {
                for (String item : text.split(",")) {
                    Map<String, Expand> level = root;
                    for (String part : item.strip().split("/")) {
                        if (!part.startsWith("to_")) {
                            throw new IllegalArgumentException("Property " + part + " is not a navigation property");
                        }
                        level = level.computeIfAbsent(part, k -> new Expand(new LinkedHashMap<>())).children();
                    }
                }
            }
            return new Expand(root);
        }

        @Nullable Expand child(String name) {
            return children.get(name);
        }
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = parseQuery(body);
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                id = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        if (!ex.getRequestMethod().equals("POST") || !"client_credentials".equals(form.get("grant_type"))) {
            send(ex, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (config.clientId() == null || !config.clientId().equals(id) || !java.util.Objects.equals(config.clientSecret(), secret)) {
            send(ex, 401, "application/json", "{\"error\":\"invalid_client\",\"error_description\":\"Bad credentials\"}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        String token = UUID.randomUUID().toString();
        tokens.put(token, Instant.now().plus(config.tokenLifetime()));
        var answer = new LinkedHashMap<String, Object>();
        answer.put("access_token", token);
        answer.put("token_type", "bearer");
        answer.put("expires_in", config.tokenLifetime().toSeconds());
        answer.put("scope", "API_BUSINESS_PARTNER");
        send(ex, 200, "application/json", mapper.writeValueAsBytes(answer));
    }

    private void error(HttpExchange ex, int status, String code, @Nullable String message) throws IOException {
        var inner = new LinkedHashMap<String, Object>();
        inner.put("transactionid", UUID.randomUUID().toString().replace("-", "").toUpperCase(java.util.Locale.ROOT));
        inner.put("errordetails", List.of());
        var msg = new LinkedHashMap<String, Object>();
        msg.put("lang", "en");
        msg.put("value", message);
        var error = new LinkedHashMap<String, Object>();
        error.put("code", code);
        error.put("message", msg);
        error.put("innererror", inner);
        send(ex, status, "application/json", mapper.writeValueAsBytes(Map.of("error", error)));
    }

    private static void serve(HttpExchange ex, ByteBuffer page) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("DataServiceVersion", "2.0");
        ex.sendResponseHeaders(200, page.remaining());
        // In pieces of 256 KiB through one pooled array: Channels.newChannel's 8 KiB steps (each an interruptible
        // begin/end) cost the stand-in a tenth of the benchmark's CPU, which a remote SAP system would not take
        // from the client's cores.
        byte[] chunk = chunks.poll();
        if (chunk == null) {
            chunk = new byte[256 * 1024];
        }
        try {
            ByteBuffer src = page.duplicate();
            OutputStream out = ex.getResponseBody();
            while (src.hasRemaining()) {
                int n = Math.min(chunk.length, src.remaining());
                src.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        } finally {
            chunks.offer(chunk);
        }
    }

    /** Arrays {@link #serve} copies a kept page through (as many as pages were served at once). */
    private static final java.util.concurrent.ConcurrentLinkedQueue<byte[]> chunks =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Keeps a rendered page outside the heap: in a temporary file mapped into memory (deleted on close). */
    private synchronized ByteBuffer keep(ByteArrayOutputStream rendered) {
        try {
            if (pageDirectory == null) {
                pageDirectory = Files.createTempDirectory("braid-sap-pages");
            }
            Path file = pageDirectory.resolve(UUID.randomUUID() + ".json");
            try (OutputStream out = Files.newOutputStream(file)) {
                rendered.writeTo(out);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a rendered page", e);
        }
    }

    /** Deletes the pages {@link SapStandIn.Builder#renderPagesOnce()} kept. */
    public synchronized void close() {
        renderedPages.clear();
        if (pageDirectory != null) {
            try (var files = Files.list(pageDirectory)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(pageDirectory);
            } catch (IOException e) {
                // Left in the temporary directory; nothing else depends on it.
            }
            pageDirectory = null;
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("DataServiceVersion", "2.0");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    /** Splits a raw query or form body into decoded name/value pairs (last one wins). */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }
}
