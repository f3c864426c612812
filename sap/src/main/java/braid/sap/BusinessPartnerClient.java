package braid.sap;

import org.jspecify.annotations.Nullable;
import braid.core.Engine;
import braid.core.Fork;
import braid.core.Policy;
import braid.core.RunFailedException;
import braid.core.TaskContext;
import braid.core.TaskFailedException;
import braid.sap.SapException.Kind;
import braid.sap.internal.PageParser;
import braid.sap.internal.PageParser.PageInfo;
import braid.sap.internal.PartnerMapper;
import braid.sap.internal.PartnerMapper.Mapped;
import braid.sap.internal.SapHttp;
import braid.sap.internal.Urls;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads clients from SAP's Business Partner API ({@code A_BusinessPartner}, OData V2) with pages fetched
 * concurrently under the engine's resource limits.
 *
 * <pre>{@code
 * try (var sap = BusinessPartnerClient.create(settings)) {
 *     Engine engine = Engine.builder().limit("sap", settings.concurrency()).build();
 *     ClientList list = engine.scope("clients", s -> s.fork("sap", ctx -> sap.fetchClients(ctx)).join());
 * }
 * }</pre>
 *
 * <p>The first page is read with {@code $inlinecount=allpages}. When the server caps it (a {@code __next}
 * came back, or fewer than {@code $top} arrived), the length it returned is the window size; the remaining
 * windows are read concurrently with {@code $skip}/{@code $top} (by {@link SapSettings#concurrency()} lanes,
 * each reading one window after another as a task of its own that holds the engine resource
 * {@link SapSettings#resource()}), following {@code __next} inside a
 * window. Partners are deduplicated by id; a total that disagrees with {@code __count} fails the fetch rather
 * than returning a short list. Without {@code __count}, pages are read one after another along
 * {@code __next}. One instance shares one HTTP client and token cache; it is thread-safe. Close it when done.
 */
public final class BusinessPartnerClient implements AutoCloseable {

    /** The fields the mapping needs, so SAP sends nothing else. */
    static final String SELECT = String.join(",", "BusinessPartner", "BusinessPartnerCategory",
            "BusinessPartnerFullName", "FirstName", "LastName", "OrganizationBPName1", "OrganizationBPName2",
            "BusinessPartnerIsBlocked", "IsMarkedForArchiving",
            "to_BusinessPartnerAddress/to_EmailAddress/EmailAddress",
            "to_BusinessPartnerAddress/to_EmailAddress/IsDefaultEmailAddress",
            "to_BusinessPartnerAddress/to_URLAddress/WebsiteURL",
            "to_BusinessPartnerAddress/to_URLAddress/IsDefaultURLAddress");
    static final String EXPAND = "to_BusinessPartnerAddress/to_EmailAddress,to_BusinessPartnerAddress/to_URLAddress";

    private final SapSettings settings;
    private final SapHttp http;
    private final PageParser parser = new PageParser();
    private static final ObjectMapper PROBE_JSON = new ObjectMapper();

    private BusinessPartnerClient(SapSettings settings) {
        this.settings = settings;
        this.http = new SapHttp(settings);
    }

    /** A client for these settings; it opens no connection yet. */
    public static BusinessPartnerClient create(SapSettings settings) {
        return new BusinessPartnerClient(java.util.Objects.requireNonNull(settings, "settings"));
    }

    public SapSettings settings() {
        return settings;
    }

    /**
     * Reads every client in a run of its own: an engine with the limit {@code resource = concurrency}.
     * For the command line; inside a larger run use {@link #fetchClients(TaskContext)}.
     */
    public ClientList fetchClients() throws SapException, InterruptedException {
        Engine engine = Engine.builder().limit(settings.resource(), settings.concurrency()).build();
        try {
            return engine.scope("sap clients", scope -> scope.fork("fetch clients", this::fetchClients).join());
        } catch (RunFailedException e) {
            throw unwrap(e);
        }
    }

    /**
     * Reads every client, forking page fetches as children of {@code ctx} under the resource
     * {@link SapSettings#resource()} (the engine must have a limit for it) and reporting progress in pages.
     *
     * @throws SapException when SAP failed after the retries, or the pages are inconsistent
     */
    public ClientList fetchClients(TaskContext ctx) throws SapException, InterruptedException {
        Policy policy = Policy.DEFAULT.withLimit(settings.resource()).withRetry(settings.retry());
        int size = settings.pageSize();
        URI firstUri = pageUri(0, size, true);
        Fork<Window> firstFork = ctx.fork("sap page 1", policy, c -> readWindow(firstUri, Integer.MAX_VALUE, true));
        AtomicLong pagesDone = new AtomicLong(1);
        AtomicLong totalPages = new AtomicLong(-1); // known once the first page has told __count
        // sap.pagesAhead: the windows [k·size, (k+1)·size) asked for beside the first page, before the count is known
        List<WindowAt> ahead = new ArrayList<>();
        for (int k = 1; k <= settings.pagesAhead(); k++) {
            long skip = (long) k * size;
            URI uri = pageUri(skip, size, false);
            ahead.add(new WindowAt(skip, ctx.fork("sap page " + (k + 1) + " (ahead)", policy,
                    c -> counted(ctx, uri, size, pagesDone, totalPages))));
        }
        Window first = join(firstFork);
        Long count = first.info().count();
        List<Window> windows = new ArrayList<>();
        windows.add(first);
        if (count == null) {
            // No __count: nothing to split by; walk __next (or $skip) one page after another. Pages read ahead are
            // not used (the walk's windows depend on what each page held); they are waited for, whatever they did.
            for (WindowAt a : ahead) {
                a.fork().joinOptional();
            }
            Fork<List<Window>> rest = ctx.fork("sap pages", policy, c -> sequential(c, first));
            windows.clear();
            windows.addAll(join(rest));
        } else if (first.info().size() > 0 && count > first.info().size()) {
            int window = first.info().size();
            // The windows that cover [window, count): those read ahead, which cover [aheadStart, aheadEnd), and windows of
            // `window` partners (the server's cap, if it has one below the page size) before and after them.
            long aheadStart = ahead.isEmpty() ? Long.MAX_VALUE : size;
            long aheadEnd = (long) (ahead.size() + 1) * size;
            List<long[]> plan = new ArrayList<>(); // {skip, top} of each window still to read
            long skip = window;
            while (skip < count) {
                if (skip >= aheadStart && skip < aheadEnd) {
                    skip = aheadEnd;
                    continue;
                }
                long top = skip < aheadStart ? Math.min(window, aheadStart - skip) : window;
                plan.add(new long[]{skip, top});
                skip += top;
            }
            long total = 1 + ahead.size() + plan.size(); // the pages read (pages ahead beyond the count too)
            if (total > settings.maxPages()) {
                throw inconsistent("SAP announced __count " + count + ", which at " + window + " partners a page is "
                        + total + " pages, more than the limit of " + settings.maxPages()
                        + " pages (sap.maxPages)", firstUri);
            }
            totalPages.set(total);
            ctx.progress(pagesDone.get(), total, "pages");
            // At most `concurrency` pages in flight: as many lanes, each reading one window after another through
            // ctx.call, so the next request goes out at once from the thread that has just parsed a page. (With a
            // fork per page, forked here as another ended, each next request first waited for this thread and then
            // for its own to get a carrier, behind the parsing of the pages that had arrived with it: on 2 cores
            // 10–20 ms a round, and the rounds stayed in step; bench/results/sap.md, session 14.)
            Queue<Planned> todo = new ConcurrentLinkedQueue<>();
            int page = 1 + ahead.size();
            for (long[] w : plan) {
                todo.add(new Planned("sap page " + (++page), w[0], (int) w[1], true));
            }
            // Nothing may lie beyond __count: one probe, the last window read, catches a count that is too low.
            URI probeUri = pageUri(count, 1, false);
            todo.add(new Planned("sap probe beyond count", count, 1, false));
            Map<Long, Window> got = new ConcurrentHashMap<>(); // by $skip
            List<Fork<Void>> lanes = new ArrayList<>();
            for (int l = 1; l <= Math.min(settings.concurrency(), todo.size()); l++) {
                lanes.add(ctx.fork("sap pages (lane " + l + ")", Policy.DEFAULT, lane -> {
                    while (todo.poll() instanceof Planned w) {
                        URI uri = pageUri(w.skip(), w.top(), false);
                        got.put(w.skip(), lane.call(w.name(), policy, c -> w.counted()
                                ? counted(ctx, uri, w.top(), pagesDone, totalPages) : readWindow(uri, w.top(), false)));
                    }
                    return null;
                }));
            }
            for (Fork<Void> lane : lanes) {
                join(lane);
            }
            Window beyond = Objects.requireNonNull(got.remove(count), "the probe's window");
            SortedMap<Long, Window> bySkip = new TreeMap<>(got); // every window after the first, in the order of $skip
            for (WindowAt a : ahead) {
                if (a.skip() < count) {
                    bySkip.put(a.skip(), join(a.fork()));
                }
            }
            windows.addAll(bySkip.values());
            if (beyond.info().size() > 0) {
                throw inconsistent("SAP reported __count " + count + " but has partners beyond it", probeUri);
            }
        }
        if (count != null) {
            requireEmptyBeyond(ahead, count);
        }
        ClientList list = merge(windows, count, firstUri);
        ctx.progress(pagesDone.get(), pagesDone.get(), "pages");
        return list;
    }

    /** A window after the first, counted as a page done for the progress ({@code total} is -1 while unknown). */
    private Window counted(TaskContext ctx, URI uri, int size, AtomicLong done, AtomicLong total)
            throws SapException, InterruptedException {
        Window w = readWindow(uri, size, false);
        ctx.progress(done.incrementAndGet(), total.get(), "pages");
        return w;
    }

    /** A window planned from the count, read by a lane: its task's name, where it starts, its size, whether a page of the progress. */
    private record Planned(String name, long skip, int top, boolean counted) {}

    /** A window read ahead of the count: where it starts, and its fork. */
    private record WindowAt(long skip, Fork<Window> fork) {}

    /**
     * Pages read ahead that start at or beyond {@code __count} must be empty, like the probe: partners there mean a
     * count that is too low. Their failures do not matter (nothing was missing there).
     */
    private void requireEmptyBeyond(List<WindowAt> ahead, long count) throws SapException, InterruptedException {
        for (WindowAt a : ahead) {
            if (a.skip() >= count) {
                var w = a.fork().joinOptional();
                if (w.isPresent() && w.get().info().size() > 0) {
                    throw inconsistent("SAP reported __count " + count + " but has partners beyond it", w.get().uri());
                }
            }
        }
    }

    /** Reads window after window of the page size, each along its __next chain, until one is not full. */
    private List<Window> sequential(TaskContext ctx, Window first) throws SapException, InterruptedException {
        List<Window> out = new ArrayList<>();
        int size = settings.pageSize();
        Window current = continueWindow(first, size);
        out.add(current);
        Set<String> ids = new HashSet<>();
        current.partners().forEach(m -> ids.add(m.id()));
        long skip = 0;
        while (current.partners().size() >= size) {
            if (out.size() >= settings.maxPages()) {
                throw inconsistent("SAP still had full pages after " + out.size() + " pages (the limit, sap.maxPages),"
                        + " without announcing a __count; stopping rather than paging forever", current.uri());
            }
            skip += current.partners().size();
            current = readWindow(pageUri(skip, size, false), size, false);
            boolean anyNew = false;
            for (Mapped m : current.partners()) {
                anyNew |= ids.add(m.id());
            }
            if (!anyNew && !current.partners().isEmpty()) {
                // A server that ignores $skip answers the first page again and again: never page forever.
                throw inconsistent("the page at $skip=" + skip + " repeats partners already read: SAP ignores $skip"
                        + " (and sent no __count to page by)", current.uri());
            }
            out.add(current);
            ctx.progress(out.size(), -1, "windows");
        }
        return out;
    }

    /** One window: a page and the pages its {@code __next} chain adds, until {@code size} or an empty page. */
    private record Window(URI uri, PageInfo info, List<Mapped> partners) {}

    private Window readWindow(URI uri, int size, boolean firstOnly) throws SapException, InterruptedException {
        Window page = readPage(uri);
        return firstOnly ? page : continueWindow(page, size);
    }

    /** Follows {@code __next} from a window's first page until the window holds {@code size} or ends. */
    private Window continueWindow(Window page, int size) throws SapException, InterruptedException {
        if (page.info().next() == null || page.info().size() >= size) {
            return page;
        }
        List<Mapped> all = new ArrayList<>(page.partners());
        Set<URI> visited = new HashSet<>();
        visited.add(page.uri());
        Set<String> ids = new HashSet<>();
        page.partners().forEach(m -> ids.add(m.id()));
        Window current = page;
        while (current.info().next() != null && all.size() < size) {
            URI next = Urls.resolve(current.uri(), current.info().next());
            if (!Urls.sameOrigin(next, settings.serviceRoot())) {
                throw foreignNext(next);
            }
            if (!visited.add(next)) {
                throw inconsistent("__next loops back to a page already read", next);
            }
            current = readPage(next);
            if (current.info().size() == 0) {
                break;
            }
            boolean anyNew = false;
            for (Mapped m : current.partners()) {
                anyNew |= ids.add(m.id());
            }
            if (!anyNew) {
                throw inconsistent("__next loops back to a page already read", next);
            }
            all.addAll(current.partners());
        }
        return new Window(page.uri(), page.info(), all);
    }

    private Window readPage(URI uri) throws SapException, InterruptedException {
        List<Mapped> partners = new ArrayList<>();
        // Each partner is mapped as it is parsed; the raw JSON of a page is never held.
        PageInfo info = http.get(uri, in -> parser.parse(in, raw -> partners.add(PartnerMapper.map(raw))));
        return new Window(uri, info, partners);
    }

    private ClientList merge(List<Window> windows, @Nullable Long count, URI firstUri) throws SapException {
        int read = 0;
        for (Window w : windows) {
            read += w.partners().size();
        }
        // sized once: this runs after the last page, so its rehashing and copying would add to the fetch's time
        Set<String> seen = HashSet.newHashSet(read);
        List<SapClient> clients = new ArrayList<>(read);
        List<InvalidEmail> invalid = new ArrayList<>();
        int blocked = 0;
        int archived = 0;
        int withoutEmail = 0;
        for (Window w : windows) {
            for (Mapped m : w.partners()) {
                if (!seen.add(m.id())) {
                    continue;
                }
                switch (m.exclusion()) {
                    case BLOCKED -> blocked++;
                    case ARCHIVED -> archived++;
                    case NONE -> {
                        clients.add(m.client());
                        if (m.invalid() != null) {
                            invalid.add(m.invalid());
                        }
                        if (m.noEmail()) {
                            withoutEmail++;
                        }
                    }
                }
            }
        }
        if (count != null && seen.size() != count) {
            throw inconsistent("SAP reported __count " + count + " but the pages held " + seen.size()
                    + " distinct partners", firstUri);
        }
        return new ClientList(clients, seen.size(), blocked, archived, invalid, withoutEmail);
    }

    /**
     * Reads one partner ({@code $top=1} with the configured filter and sap-client, asking for {@code __count})
     * through the same HTTP client, authentication, proxy and error handling as {@link #fetchClients}: a
     * preflight check that passes here exercises what the run will. Reads nothing else and writes nothing.
     *
     * @throws SapException when SAP (or the proxy) refused or failed; never retried here
     */
    public Probe probe() throws SapException, InterruptedException {
        return http.get(probeUri(), in -> {
            JsonNode d = PROBE_JSON.readTree(in).path("d");
            // OData V2 wraps a collection in d.results; V1-style servers answer with d as the array.
            JsonNode results = d.isArray() ? d : d.path("results");
            if (!results.isArray()) {
                throw new java.io.IOException("no d.results array in SAP's answer");
            }
            JsonNode count = d.path("__count");
            return new Probe(results.size(), count.isMissingNode() || count.isNull() ? OptionalLong.empty()
                    : OptionalLong.of(Long.parseLong(count.asText())));
        });
    }

    /** {@code A_BusinessPartner?$top=1} with the configured filter, asking for the total as well. */
    URI probeUri() {
        StringBuilder q = new StringBuilder("$select=BusinessPartner&$top=1&$inlinecount=allpages");
        String filter = settings.filter().toODataFilter();
        if (filter != null) {
            q.append("&$filter=").append(Urls.encode(filter));
        }
        q.append("&$format=json");
        if (settings.sapClient() != null) {
            q.append("&sap-client=").append(settings.sapClient());
        }
        String root = settings.serviceRoot().toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + "A_BusinessPartner?" + q);
    }

    /** A {@code __next} to another origin: named with both origins, never requested. */
    private SapException foreignNext(URI next) {
        return new SapException(Kind.FOREIGN_ORIGIN, "SAP's __next link leads to " + Urls.origin(next)
                + ", another origin than the service root " + Urls.origin(settings.serviceRoot())
                + "; braid does not follow it, so no credential or header leaves the service's origin"
                + " (a misconfigured gateway or a tampered answer; check the SAP system's external URL settings)",
                0, null, null, Urls.sanitize(next), null, null);
    }

    private static SapException inconsistent(String detail, URI uri) {
        return new SapException(Kind.INCONSISTENT, detail, 0, null, null, Urls.sanitize(uri), null, null);
    }

    /** The URL of one page: fixed $select/$expand/$format, the configured filter and sap-client. */
    URI pageUri(long skip, long top, boolean inlineCount) {
        StringBuilder q = new StringBuilder();
        q.append("$select=").append(Urls.encode(SELECT));
        q.append("&$expand=").append(Urls.encode(EXPAND));
        String filter = settings.filter().toODataFilter();
        if (filter != null) {
            q.append("&$filter=").append(Urls.encode(filter));
        }
        if (inlineCount) {
            q.append("&$inlinecount=allpages");
        }
        q.append("&$skip=").append(skip).append("&$top=").append(top);
        q.append("&$format=json");
        if (settings.sapClient() != null) {
            q.append("&sap-client=").append(settings.sapClient());
        }
        String root = settings.serviceRoot().toString();
        return URI.create((root.endsWith("/") ? root : root + "/") + "A_BusinessPartner?" + q);
    }

    private static <T> T join(Fork<T> fork) throws SapException, InterruptedException {
        try {
            return fork.join();
        } catch (TaskFailedException e) {
            throw unwrap(e);
        }
    }

    private static SapException unwrap(Exception e) {
        Throwable t = e;
        Throwable root = e;
        while (t != null) {
            if (t instanceof SapException s) {
                return s;
            }
            root = t;
            t = t.getCause();
        }
        if (root instanceof RuntimeException r) {
            throw r; // a bug, not a remote failure: do not disguise it as one
        }
        if (root instanceof braid.core.TaskTimeoutException) {
            return new SapException(Kind.TIMEOUT, "reading from SAP timed out: " + root.getMessage(), 0, null,
                    null, null, null, e);
        }
        String what = e.getCause() != null ? e.getCause().toString() : e.toString();
        return new SapException(Kind.CONNECTION, "reading from SAP failed: " + what, 0, null, null, null, null, e);
    }

    @Override
    public void close() {
        http.close();
    }
}
