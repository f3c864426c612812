package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.web.NewsFetchException;
import braid.web.NewsItem;
import braid.web.NewsReader;
import braid.web.NewsResult;
import braid.web.PageSelectors;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code braid news URL}: reads a website's news (its feed when it links one) and prints the items. */
@Command(name = "news", mixinStandardHelpOptions = true,
        description = {"Reads the news items of a website and prints them.",
                "A feed linked from the page (RSS or Atom) is preferred; otherwise the page is scraped with the CSS selectors.",
                "ETag and Last-Modified are remembered in the state directory, so an unchanged site is not downloaded again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the news was read", "1:fetching failed (the message names the URL and the cause)", "2:bad usage"})
public final class NewsCommand implements Callable<Integer> {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "The news page or feed (http or https); with --config, website.url.")
    @Nullable String url;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "braid.yaml: read the website as the daily"
            + " report does (website.url, its selectors, window, timeout, size limit and proxy), so it shows the report's news.")
    @Nullable Path config;

    @Option(names = "--json", description = "Print JSON for machines instead of text.")
    boolean json;

    @Option(names = "--days", paramLabel = "N", defaultValue = "30",
            description = "Drop items older than N days; 0 keeps all (default: ${DEFAULT-VALUE}). Undated items are always kept.")
    int days;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "Limit for each whole request including the body, such as 20s, 500ms or PT1M (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "Limit for establishing a connection (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "5M", converter = SizeConverter.class,
            description = "Largest body accepted, after decompression; suffixes k, M, G (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--item-selector", paramLabel = "CSS", defaultValue = "article",
            description = "Selects each news item on a page without feed (default: ${DEFAULT-VALUE}).")
    String itemSelector;

    @Option(names = "--title-selector", paramLabel = "CSS", defaultValue = "h2 a",
            description = "Selects the title (a link) inside an item (default: ${DEFAULT-VALUE}).")
    String titleSelector;

    @Option(names = "--date-selector", paramLabel = "CSS", defaultValue = "time",
            description = "Selects the date inside an item (default: ${DEFAULT-VALUE}).")
    String dateSelector;

    @Option(names = "--summary-selector", paramLabel = "CSS", defaultValue = "p",
            description = "Selects the summary inside an item (default: ${DEFAULT-VALUE}).")
    String summarySelector;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Remember ETag/Last-Modified in DIR/http-cache/ (braid's state directory: the daily run's cache) for conditional GETs. Without it nothing is written.")
    @Nullable Path stateDir;

    @Option(names = "--no-cache", description = "Neither send nor remember ETag/Last-Modified.")
    boolean noCache;

    @Option(names = "--proxy", paramLabel = "URL|none", description = CommandLineProxy.HELP)
    @Nullable String proxy;

    /** Only for tests: the environment the proxy default is read from. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI uri;
        NewsReader.Builder builder;
        if (config != null) {
            if (url != null) {
                err.println("braid news: --config gives the URL (website.url); leave out URL");
                err.println("Try 'braid news --help'.");
                err.flush();
                return 2;
            }
            braid.report.config.BraidConfig cfg = ReportCommand.load(config, System.err);
            if (cfg == null) return 2;
            if (cfg.website().isEmpty()) {
                err.println("braid news: " + config + " has no website section");
                err.flush();
                return 2;
            }
            var w = cfg.website().get();
            uri = w.url();
            builder = NewsReader.builder().requestTimeout(w.timeout()).maxBytes(w.maxBytes()).window(w.window())
                    .selectors(new PageSelectors(w.selectors().item(), w.selectors().title(), w.selectors().date(),
                            w.selectors().summary()));
            braid.report.internal.Wiring.proxy(builder, w.proxy());
            if (!noCache && stateDir != null) builder.cacheDir(stateDir.resolve("http-cache"));
            return read(builder, uri, out, err);
        }
        if (url == null) {
            err.println("braid news: give a URL, or --config FILE");
            err.println("Try 'braid news --help'.");
            err.flush();
            return 2;
        }
        try {
            uri = parseUrl(url);
            if (days < 0) throw new IllegalArgumentException("--days must be 0 or more: " + days);
            builder = NewsReader.builder()
                    .connectTimeout(connectTimeout)
                    .requestTimeout(timeout)
                    .maxBytes(maxBytes)
                    .selectors(new PageSelectors(itemSelector, titleSelector, dateSelector, summarySelector));
            if (days == 0) builder.noWindow();
            else builder.window(Duration.ofDays(days));
            // the cache only where asked for: a one-off `braid news URL` leaves no folder behind
            if (!noCache && stateDir != null) builder.cacheDir(stateDir.resolve("http-cache"));
            CommandLineProxy.resolve(proxy, environment).applyTo(builder);
            if (CommandLineProxy.passwordOnCommandLine(proxy))
                err.println("warning: the proxy password in --proxy is visible to other users in ps; set "
                        + CommandLineProxy.PASSWORD_ENV + " (with --proxy http://user@host:port) or https_proxy instead");
        } catch (IllegalArgumentException e) {
            err.println("braid news: " + e.getMessage());
            err.println("Try 'braid news --help'.");
            err.flush();
            return 2;
        }
        return read(builder, uri, out, err);
    }

    private int read(NewsReader.Builder builder, URI uri, PrintWriter out, PrintWriter err) {
        try (NewsReader reader = builder.build()) {
            NewsResult result = reader.read(uri);
            if (json) printJson(out, result);
            else printText(out, result);
            out.flush();
            return 0;
        } catch (NewsFetchException e) {
            err.println("braid news: cannot read " + e.uri() + ": " + describe(e));
            err.flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("braid news: interrupted while reading " + uri);
            err.flush();
            return 1;
        }
    }

    private static URI parseUrl(String text) {
        try {
            URI u = new URI(text.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) return u;
        } catch (URISyntaxException e) {
            // reported below with the value
        }
        throw new IllegalArgumentException("URL must be an absolute http or https URL: '" + text + "'");
    }

    private static String describe(NewsFetchException e) {
        String cause = switch (e.kind()) {
            case DNS -> "host name not found";
            case CONNECT -> "connection failed";
            case TLS -> "TLS handshake failed";
            case TIMEOUT -> "timed out";
            case NETWORK -> "connection broken";
            case HTTP_STATUS -> e.status() / 100 == 3 ? e.detail() : "HTTP status " + e.status();
            case PROXY_AUTH -> e.detail(); // names the proxy and what went wrong
            case TOO_LARGE -> "response too large";
            case PARSE -> "unreadable content";
        };
        String tail = e.kind() == NewsFetchException.Kind.HTTP_STATUS || e.kind() == NewsFetchException.Kind.PROXY_AUTH
                ? "" : " (" + e.detail() + ")";
        return cause + tail + (e.isTransient() ? "; may succeed if retried" : "");
    }

    private void printText(PrintWriter out, NewsResult r) {
        String from = switch (r.source()) {
            case FEED -> "feed";
            case PAGE -> "page";
            case CACHE -> "unchanged since the last run";
        };
        out.printf("%d news item%s from %s (%s%s)%n", r.items().size(), r.items().size() == 1 ? "" : "s", r.fetchedFrom(), from,
                days == 0 ? "" : days == 1 ? ", last day" : ", last " + days + " days");
        for (NewsItem i : r.items()) {
            out.println();
            out.printf("%-10s  %s%n", i.date() == null ? "(no date)" : DAY.format(i.date()), i.title());
            out.printf("%-10s  %s%n", "", i.link());
            if (!i.summary().isEmpty()) out.printf("%-10s  %s%n", "", i.summary());
        }
    }

    private static void printJson(PrintWriter out, NewsResult r) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("source", r.source().name().toLowerCase(Locale.ROOT));
        root.put("fetchedFrom", r.fetchedFrom().toString());
        ArrayNode items = root.putArray("items");
        for (NewsItem i : r.items()) {
            ObjectNode n = items.addObject();
            n.put("title", i.title());
            n.put("link", i.link().toString());
            if (i.date() == null) n.putNull("date");
            else n.put("date", i.date().toString());
            n.put("summary", i.summary());
        }
        try {
            out.println(mapper.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e); // a tree of strings always serializes
        }
    }

    /** Accepts 30s, 500ms, 2m, 1h and ISO-8601 (PT30S). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            // the same durations as braid.yaml (braid.core.Durations): 30s, 500ms, 2m, 1h30m, PT30S
            Duration d = braid.core.Durations.parse(value);
            if (d == null) throw new CommandLine.TypeConversionException("not a duration (try 30s, 500ms, 2m): '" + value + "'");
            if (d.isZero()) throw new CommandLine.TypeConversionException("must be positive: '" + value + "'");
            return d;
        }
    }

    /** Accepts 1048576, 512k, 5M, 1G (binary multiples). */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)i?b?");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
            if (!m.matches()) throw new CommandLine.TypeConversionException("not a size (try 5M, 512k): '" + value + "'");
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "k" -> n << 10;
                case "m" -> n << 20;
                case "g" -> n << 30;
                default -> n;
            };
        }
    }
}
