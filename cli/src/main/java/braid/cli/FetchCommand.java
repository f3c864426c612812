package braid.cli;

import org.jspecify.annotations.Nullable;
import braid.fetch.FetchRequest;
import braid.fetch.FetchResult;
import braid.fetch.FetchSummary;
import braid.fetch.Fetcher;
import braid.fetch.RequestReader;
import braid.fetch.ResultsFile;
import braid.timeline.HtmlTimeline;
import braid.timeline.RunRecord;
import braid.timeline.RunRecorder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code braid fetch}: many URLs at once, with limits in all, per host and per second, retries and resume. */
@Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetches many URLs at once and writes one JSON line per URL as each completes.",
                "At most --concurrency requests run at once, --per-host per host and --rate-per-host a second per host; "
                        + "a timeout, a closed connection, 408, 429 and 5xx are tried again with backoff, and a "
                        + "Retry-After (seconds or a date) makes the whole host wait. Every input ends with a result line.",
                "Input: URLs as arguments, or --input FILE (- for standard input): a URL per line, or a JSON object "
                        + "per line with url and optional id, method, headers and body. Blank lines and lines starting "
                        + "with # are skipped; a bad line is named with its number.",
                "Output: url, id, line, status, ms, attempts, bytes, contentType, finalUrl, error, errorKind, and the body "
                        + "(text), the extraction (--select, --json-pointer) or the saved file (--save-dir)."},
        footerHeading = "%nExamples:%n",
        footer = {"  braid fetch --input urls.txt --output results.jsonl --per-host 2",
                "  braid fetch -i urls.txt -o results.jsonl --resume    # after a crash",
                "  braid fetch https://example.com/ --select 'h1'",
                "  braid fetch --input shops.txt --select '.price' --robots --rate-per-host 1",
                "  braid fetch https://example.com/ --crawl 2 --max-pages 100 --select 'a@href'"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every request got an answer (any HTTP status, unless --fail-on-status)",
                "1:some requests failed after their retries (or got 4xx/5xx with --fail-on-status)",
                "2:bad usage or bad input (the message names the line)"})
public final class FetchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "URL", description = "URLs to fetch (besides or instead of --input).")
    List<String> urls = new ArrayList<>();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "One URL or JSON object per line; - reads standard input.")
    @Nullable String input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "JSON lines, appended as results complete (default: standard output).")
    @Nullable Path output;

    @Option(names = "--resume", description = "Keep the results already in --output and fetch only what has none (a line cut off by a crash is fetched again).")
    boolean resume;

    @Option(names = "--ordered", description = "Write results in input order instead of as they complete; with --crawl each page after the first page that links to it.")
    boolean ordered;

    @Option(names = "--skip-bad", description = "Skip bad input lines (each gets a result line with its error) instead of refusing the input.")
    boolean skipBad;

    @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "50", description = "Requests at once in all (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--per-host", paramLabel = "N", defaultValue = "5", description = "Requests at once per host (default: ${DEFAULT-VALUE}).")
    int perHost;

    @Option(names = "--rate-per-host", paramLabel = "R", defaultValue = "0", description = "Requests started per second per host; 0: no rate limit (default).")
    double ratePerHost;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = NewsCommand.DurationConverter.class,
            description = "Limit for one attempt, redirects and body included, such as 10s or 500ms (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "2", description = "Tries after the first, with exponential backoff and jitter (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--backoff", paramLabel = "DURATION", defaultValue = "500ms", converter = NewsCommand.DurationConverter.class,
            description = "The first wait before a retry; it doubles each time (default: ${DEFAULT-VALUE}).")
    Duration backoff;

    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "10M", converter = NewsCommand.SizeConverter.class,
            description = "Largest body accepted, after decompression; suffixes k, M, G (default: ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--max-redirects", paramLabel = "N", defaultValue = "5", description = "Redirects followed per request (default: ${DEFAULT-VALUE}).")
    int maxRedirects;

    @Option(names = {"-H", "--header"}, paramLabel = "HEADER", description = "A header for every request, as 'Name: value' (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--user-agent", paramLabel = "TEXT", description = "The User-Agent (default: braid-fetch/0.1 with a link to braid).")
    @Nullable String userAgent;

    @Option(names = "--robots", description = "Obey each site's robots.txt (RFC 9309) and its Crawl-delay.")
    boolean robots;

    @Option(names = "--select", paramLabel = "CSS", description = "Keep what a CSS selector finds: each element's text, or CSS@attr for an attribute (a@href: links).")
    @Nullable String select;

    @Option(names = "--json-pointer", paramLabel = "POINTER", description = "Keep what a JSON pointer finds in a JSON body, such as /items/0/name.")
    @Nullable String jsonPointer;

    @Option(names = "--save-dir", paramLabel = "DIR", description = "Save each body to a file there (named by id, else a hash of the URL) instead of writing it into the output.")
    @Nullable Path saveDir;

    @Option(names = "--crawl", paramLabel = "DEPTH", defaultValue = "0", description = "Follow same-site links up to DEPTH steps from the inputs, each page once.")
    int crawl;

    @Option(names = "--follow", paramLabel = "CSS", defaultValue = "a[href]", description = "The links --crawl follows (default: ${DEFAULT-VALUE}).")
    String follow;

    @Option(names = "--max-pages", paramLabel = "N", defaultValue = "1000", description = "Pages fetched at most when crawling (default: ${DEFAULT-VALUE}).")
    long maxPages;

    @Option(names = "--fail-on-status", description = "Count 4xx and 5xx answers as failures for the exit code.")
    boolean failOnStatus;

    @Option(names = "--json-summary", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
    @Nullable Path jsonSummary;

    @Option(names = "--record", paramLabel = "DIR", description = "Write the run's record (run.json) and timeline page (timeline.html) into DIR.")
    @Nullable Path record;

    @Option(names = "--progress", negatable = true, description = "A live progress line on standard error (default: when it is a terminal).")
    @Nullable Boolean progress;

    @Option(names = "--proxy", paramLabel = "URL|none", description = CommandLineProxy.HELP)
    @Nullable String proxy;

    @Option(names = "--cacert", paramLabel = "FILE", description = "Also trust the CA certificates in this PEM file "
            + "(https sites behind a company CA); the JDK's trusted CAs stay trusted.")
    @Nullable Path cacert;

    Map<String, String> environment = System.getenv();
    /** Standard input (tests set their own). */
    java.io.InputStream stdin = System.in;
    /** Standard output, where results go without --output (tests set their own). */
    java.io.OutputStream stdout = System.out;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter err = spec.commandLine().getErr();
        String usage = usageProblem();
        if (usage != null) {
            err.println("braid fetch: " + usage);
            err.println("Try 'braid fetch --help'.");
            return 2;
        }
        Fetcher.Builder b;
        try {
            b = Fetcher.builder().concurrency(concurrency).perHost(perHost).ratePerHost(ratePerHost).timeout(timeout)
                    .retries(retries).backoff(backoff).maxBytes(maxBytes).maxRedirects(maxRedirects).robots(robots)
                    .saveDir(saveDir);
            if (userAgent != null) b.userAgent(userAgent);
            for (String h : headers) {
                int colon = h.indexOf(':');
                if (colon <= 0) throw new IllegalArgumentException("--header needs 'NAME: VALUE', got '" + h + "'");
                b.header(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
            }
            if (select != null) b.select(select);
            if (jsonPointer != null) b.jsonPointer(jsonPointer);
            if (crawl > 0) b.crawl(crawl, follow, maxPages);
            b.ordered(ordered);
            CommandLineProxy.resolve(proxy, environment).applyTo(b);
            if (cacert != null) {
                try {
                    b.sslContext(braid.http.TrustedCertificates.plus(cacert));
                } catch (IOException e) {
                    throw new IllegalArgumentException("--cacert " + cacert + ": " + e.getMessage());
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("braid fetch: " + e.getMessage());
            err.println("Try 'braid fetch --help'.");
            return 2;
        }

        // Input: a file is checked whole before anything is fetched; standard input as it is read.
        Input in;
        try {
            in = Input.open(urls, input, new InputStreamReader(stdin, StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("braid fetch: " + braid.core.Failures.cannotRead(String.valueOf(input), e));
            return 2;
        }
        if (in.badLines() > 0 && !skipBad) {
            err.println("braid fetch: " + in.describeBad() + (in.badLines() > 10 ? "\n  … " + (in.badLines() - 10) + " more" : ""));
            err.println("Nothing was fetched. Fix the lines, or add --skip-bad to skip them.");
            return 2;
        }

        ResultsFile out;
        try {
            out = output != null ? ResultsFile.open(output, resume) : ResultsFile.to(stdout);
        } catch (IOException e) {
            err.println("braid fetch: " + e.getMessage());
            return 2;
        }
        RunRecorder recorder = record != null ? new RunRecorder() : null;
        if (recorder != null) b.listener(recorder);
        boolean live = progress != null ? progress : System.console() != null;
        Progress bar = new Progress(err, live, in.total());
        AtomicLong skipped = new AtomicLong();
        AtomicLong badWritten = new AtomicLong();
        List<String> lateBad = new ArrayList<>();
        java.io.PrintWriter errOut = err;
        Iterator<FetchRequest> requests = new Iterator<>() {
            private @Nullable FetchRequest next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    RequestReader.Line l = in.next();
                    if (l == null) return false;
                    if (l.request() == null) {
                        if (!skipBad) {
                            lateBad.add(l.describe());
                            return false; // standard input: stop reading at the first bad line
                        }
                        writeBad(out, l);
                        badWritten.incrementAndGet();
                        continue;
                    }
                    if (out.has(l.request())) {
                        skipped.incrementAndGet();
                        continue;
                    }
                    next = l.request();
                }
                return true;
            }

            @Override
            public FetchRequest next() {
                if (!hasNext()) throw new NoSuchElementException();
                FetchRequest r = java.util.Objects.requireNonNull(next); // hasNext() read it
                next = null;
                goodRead++;
                return r;
            }
        };
        long[] failures = {0};
        long[] tlsFailures = {0};
        FetchSummary summary;
        try (bar; out) {
            summary = b.build().run(requests, r -> {
                bar.add(r);
                if (!r.fetched() || failOnStatus && r.status() >= 400) failures[0]++;
                if (r.errorKind() == braid.http.HttpFailure.Kind.TLS) tlsFailures[0]++;
                try {
                    if (ordered && r.request().depth() == 0) {
                        inputsWritten++;
                        writeBadBefore(out, inputsWritten);
                    }
                    out.write(r);
                } catch (IOException e) {
                    throw new UncheckedIOException(String.valueOf(e.getMessage()), e);
                }
            });
            try {
                writeBadBefore(out, Long.MAX_VALUE);
            } catch (IOException e) {
                throw new UncheckedIOException(String.valueOf(e.getMessage()), e);
            }
        } catch (UncheckedIOException | braid.core.RunFailedException e) {
            Throwable io = e;
            while (io != null && !(io instanceof UncheckedIOException)) io = io.getCause();
            if (io == null) throw e;
            errOut.println("braid fetch: cannot write " + (output != null ? output : "the output") + ": "
                    + braid.core.Failures.inWords(io.getCause()));
            errOut.println("The results written before are kept; --resume continues from them.");
            return 1;
        }
        if (!lateBad.isEmpty()) {
            err.println("braid fetch: " + lateBad.getFirst());
            err.println("Stopped reading the input there; the requests before it were fetched. Fix the line, or add --skip-bad.");
            return 2;
        }
        printSummary(err, summary, skipped.get(), badWritten.get(), out);
        if (tlsFailures[0] > 0 && cacert == null) {
            // the TLS words speak of a trust store, which braid fetch takes as a PEM file
            err.println("  a site behind a company CA? --cacert FILE trusts the CA certificates of a PEM file");
        }
        if (jsonSummary != null) writeJsonSummary(summary, skipped.get(), badWritten.get());
        if (recorder != null && recorder.finished()) writeRecord(err, recorder.record());
        return failures[0] > 0 ? 1 : 0;
    }

    private @Nullable String usageProblem() {
        if (urls.isEmpty() && input == null) return "give URLs, or --input FILE (- for standard input)";
        if (resume && output == null) return "--resume needs --output FILE (the results to continue)";
        if (select != null && jsonPointer != null) return "choose --select or --json-pointer, not both";
        if (concurrency < 1 || perHost < 1) return "--concurrency and --per-host must be at least 1";
        if (retries < 0 || maxRedirects < 0 || crawl < 0) return "--retries, --max-redirects and --crawl must not be negative";
        return null;
    }

    // --ordered: the fetcher hands results over in input order (a crawled page after the first page that links to it); a
    // skipped bad line waits here for the result of the input read after it, so it is written in its place
    private long goodRead;
    private long inputsWritten;
    private final java.util.ArrayDeque<Map.Entry<Long, FetchResult>> badWaiting = new java.util.ArrayDeque<>();

    private void writeBadBefore(ResultsFile out, long input) throws IOException {
        while (!badWaiting.isEmpty() && badWaiting.peekFirst().getKey() < input) out.write(badWaiting.pollFirst().getValue());
    }

    /** A skipped bad line still gets its result line (in its place with --ordered): no input is silently dropped. */
    private void writeBad(ResultsFile out, RequestReader.Line l) {
        try {
            URI u = URI.create("about:invalid");
            FetchRequest q = new FetchRequest(u, null, "GET", Map.of(), null, l.number(), 0);
            FetchResult r = FetchResult.failed(q, 0, 0, "bad input line " + l.number() + ": " + l.problem(), null);
            // read after goodRead inputs: written after their results, before the next input's
            if (ordered) badWaiting.addLast(Map.entry(goodRead, r));
            else out.write(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void printSummary(java.io.PrintWriter err, FetchSummary s, long skipped, long bad, ResultsFile out) {
        StringBuilder line = new StringBuilder("braid fetch: ").append(String.format(Locale.ROOT, "%,d", s.requests()))
                .append(s.requests() == 1 ? " request in " : " requests in ").append(braid.core.Failures.duration(s.wall()))
                .append(String.format(Locale.ROOT, " (%,.0f/s)", s.rate()));
        s.byStatus().forEach((k, v) -> line.append(" · ").append(k).append(' ').append(String.format(Locale.ROOT, "%,d", v)));
        line.append(" · failed ").append(String.format(Locale.ROOT, "%,d", s.failed()));
        err.println(line);
        if (s.requests() > 0) {
            err.println("  time per request: p50 " + braid.core.Failures.duration(s.p50()) + " · p95 " + braid.core.Failures.duration(s.p95()));
            List<String> slow = s.slowestHosts().stream().limit(3)
                    .map(e -> e.getKey() + " (mean " + braid.core.Failures.duration(e.getValue()) + ")").toList();
            err.println("  slowest hosts: " + String.join(", ", slow));
        }
        int shown = 0;
        for (var e : s.errorsByHost().entrySet()) {
            if (shown++ == 5) {
                err.println("  … errors at " + (s.errorsByHost().size() - 5) + " more hosts (see the output's error fields)");
                break;
            }
            err.println("  errors at " + e.getKey() + ": " + String.join("; ",
                    e.getValue().stream().map(x -> x.getKey() + " (" + x.getValue() + ")").toList()));
        }
        if (skipped > 0 || out.kept() > 0) {
            err.println("  resumed: " + String.format(Locale.ROOT, "%,d", out.kept()) + " results were already in " + output
                    + (out.cutOff() > 0 ? " (a cut-off last line was removed and fetched again)" : "")
                    + "; " + String.format(Locale.ROOT, "%,d", skipped) + " inputs not fetched again");
        }
        if (bad > 0) err.println("  skipped " + bad + " bad input line" + (bad == 1 ? "" : "s") + " (each has a result line with its error)");
        if (output != null) err.println("  results: " + output.toAbsolutePath());
    }

    private void writeJsonSummary(FetchSummary s, long skipped, long bad) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode o = m.createObjectNode();
        o.put("requests", s.requests());
        o.put("failed", s.failed());
        o.put("skippedAlreadyDone", skipped);
        o.put("badLines", bad);
        ObjectNode st = o.putObject("byStatus");
        s.byStatus().forEach(st::put);
        o.put("wallSeconds", s.wall().toMillis() / 1000.0);
        o.put("perSecond", Math.round(s.rate() * 10) / 10.0);
        o.put("p50Ms", s.p50().toMillis());
        o.put("p95Ms", s.p95().toMillis());
        ObjectNode slow = o.putObject("slowestHostsMeanMs");
        s.slowestHosts().forEach(e -> slow.put(e.getKey(), e.getValue().toMillis()));
        ObjectNode errs = o.putObject("errorsByHost");
        s.errorsByHost().forEach((h, l) -> {
            ObjectNode x = errs.putObject(h);
            l.forEach(e -> x.put(e.getKey(), e.getValue()));
        });
        Files.writeString(jsonSummary, m.writeValueAsString(o) + "\n");
    }

    private void writeRecord(java.io.PrintWriter err, RunRecord r) throws IOException {
        Path record = java.util.Objects.requireNonNull(this.record, "--record");
        Files.createDirectories(record);
        r.write(record.resolve("run.json"));
        // one lane per host: thousands of requests read as a row each (the tasks are named "#n URL")
        braid.timeline.PageContext page = braid.timeline.PageContext.UTC.withLanes("Hosts", t -> {
            int space = t.name().indexOf(' ');
            try {
                String host = URI.create(t.name().substring(space + 1)).getHost();
                return host != null ? host : "other";
            } catch (IllegalArgumentException e) {
                return "other";
            }
        });
        Files.writeString(record.resolve("timeline.html"), HtmlTimeline.render(r, page), StandardCharsets.UTF_8);
        err.println("  timeline: " + record.resolve("timeline.html").toAbsolutePath());
    }

    /** The input: URLs from the command line, then a file (checked whole first) or standard input. */
    private static final class Input {
        private final List<RequestReader.Line> args;
        private final RequestReader reader;
        private final long total;
        private final List<RequestReader.Line> bad;
        private int argIndex;

        private Input(List<RequestReader.Line> args, RequestReader reader, long total, List<RequestReader.Line> bad) {
            this.args = args;
            this.reader = reader;
            this.total = total;
            this.bad = bad;
        }

        static Input open(List<String> urls, @Nullable String input, java.io.Reader stdin) throws IOException {
            List<RequestReader.Line> args = new ArrayList<>();
            List<RequestReader.Line> bad = new ArrayList<>();
            for (int i = 0; i < urls.size(); i++) {
                RequestReader.Line l = RequestReader.parse(urls.get(i).strip(), i + 1);
                l = new RequestReader.Line(l.number(), l.text(), l.request(), l.problem() == null ? null : "argument " + (i + 1) + ": " + l.problem());
                args.add(l);
                if (l.request() == null) bad.add(l);
            }
            long total = args.size() - bad.size();
            RequestReader reader;
            if (input == null) {
                reader = new RequestReader(new BufferedReader(new java.io.StringReader("")));
            } else if (input.equals("-")) {
                reader = new RequestReader(new BufferedReader(stdin));
                total = -1; // unknown: read as it comes
            } else {
                Path file = Path.of(input);
                long good = 0;
                try (RequestReader check = new RequestReader(Files.newBufferedReader(file, StandardCharsets.UTF_8))) {
                    for (RequestReader.Line l; (l = check.next()) != null; ) {
                        if (l.request() == null) bad.add(l);
                        else good++;
                    }
                } catch (java.nio.charset.MalformedInputException e) {
                    throw new IOException("it is not UTF-8 text");
                }
                total += good;
                reader = new RequestReader(Files.newBufferedReader(file, StandardCharsets.UTF_8));
            }
            // URLs given as arguments are numbered after the file's lines would be: keep them apart in --ordered
            return new Input(args, reader, total, bad);
        }

        long total() {
            return total;
        }

        int badLines() {
            return bad.size();
        }

        String describeBad() {
            List<String> l = bad.stream().limit(10).map(x -> x.problem() != null && x.problem().startsWith("argument")
                    ? x.problem() : x.describe()).toList();
            return l.size() == 1 ? l.getFirst() : bad.size() + " bad input lines:\n  " + String.join("\n  ", l);
        }

        RequestReader.@Nullable Line next() {
            if (argIndex < args.size()) {
                RequestReader.Line l = args.get(argIndex++);
                if (l.request() == null) return l;
                FetchRequest q = l.request();
                // arguments come first; their positions are negative so that file lines keep their own numbers
                return new RequestReader.Line(l.number(), l.text(), new FetchRequest(q.url(), q.id(), q.method(), q.headers(),
                        q.body(), -(args.size() - argIndex + 1), 0), null);
            }
            try {
                return reader.next();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The live line on standard error, and nothing when it is off. */
    private static final class Progress implements AutoCloseable {
        private final java.io.PrintWriter err;
        private final boolean live;
        private final long total;
        private final long start = System.nanoTime();
        private long done;
        private long failed;
        private long lastPaint;
        private final Map<String, long[]> hostMs = new java.util.HashMap<>();

        Progress(java.io.PrintWriter err, boolean live, long total) {
            this.err = err;
            this.live = live;
            this.total = total;
        }

        synchronized void add(FetchResult r) {
            done++;
            if (!r.fetched()) failed++;
            long[] h = hostMs.computeIfAbsent(String.valueOf(r.request().url().getHost()), k -> new long[2]);
            h[0] += r.ms();
            h[1]++;
            long now = System.nanoTime();
            if (live && now - lastPaint > 200_000_000L) {
                lastPaint = now;
                paint(now);
            }
        }

        private void paint(long now) {
            double secs = Math.max(1e-3, (now - start) / 1e9);
            String slow = hostMs.entrySet().stream().filter(e -> e.getValue()[1] > 0)
                    .sorted((a, b) -> Long.compare(b.getValue()[0] / b.getValue()[1], a.getValue()[0] / a.getValue()[1]))
                    .limit(2).map(e -> e.getKey() + " " + (e.getValue()[0] / e.getValue()[1]) + " ms").reduce((a, b) -> a + ", " + b).orElse("");
            String of = total > 0 ? String.format(Locale.ROOT, "%,d/%,d", done, total) : String.format(Locale.ROOT, "%,d", done);
            err.print(String.format(Locale.ROOT, "\r\u001b[2K  %s · %,.0f/s · %,d failed%s", of, done / secs, failed,
                    slow.isEmpty() ? "" : " · slowest: " + slow));
            err.flush();
        }

        @Override
        public synchronized void close() {
            if (live && done > 0) {
                paint(System.nanoTime());
                err.println();
            }
        }
    }
}
