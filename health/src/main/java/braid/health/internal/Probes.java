package braid.health.internal;

import braid.core.Clock;
import braid.core.Failures;
import braid.health.CheckResult;
import braid.health.HealthCheck;
import braid.health.Status;
import braid.http.HttpFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import braid.http.Http1Client;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Runs one check and words its result. */
public final class Probes {
    /** Measurement of an https check whose TLS handshake failed (1). */
    public static final String TLS_FAILED = "tls_failed";
    /**
     * Measurement of a check that failed at the proxy on this side (unreachable, its credentials, its rules: 1): the
     * check is UNKNOWN, nothing being known of the site.
     */
    public static final String PROXY_FAILED = "proxy_failed";
    /** Measurement of an https check whose certificate had expired (1; with {@link #TLS_FAILED}). */
    public static final String CERTIFICATE_EXPIRED = "certificate_expired";

    /** The most of a body an HTTP check reads (to look for expectBody). */
    public static final long MAX_BODY = 8L << 20;

    private final Http1Client client;
    private final Clock clock;
    private final braid.health.HealthSources sources;

    private final javax.net.ssl.@Nullable SSLContext sslContext;

    public Probes(Http1Client client, Clock clock, braid.health.HealthSources sources) {
        this(client, clock, sources, null);
    }

    /** With {@code sslContext} (null: the JDK's) for the checks that speak TLS themselves ({@code smtp}). */
    public Probes(Http1Client client, Clock clock, braid.health.HealthSources sources, javax.net.ssl.@Nullable SSLContext sslContext) {
        this.client = client;
        this.clock = clock;
        this.sources = sources;
        this.sslContext = sslContext;
    }

    public CheckResult probe(HealthCheck c) throws InterruptedException {
        return switch (c) {
            case HealthCheck.Http h -> http(h);
            case HealthCheck.Tcp t -> tcp(t);
            case HealthCheck.Smtp t -> smtp(t);
            case HealthCheck.Disk d -> disk(d);
            case HealthCheck.FileAge f -> fileAge(f);
            case HealthCheck.Prometheus p -> prometheus(p);
            case HealthCheck.ErrorLog e -> errorLog(e);
            case HealthCheck.Journal j -> journal(j);
            case HealthCheck.AccessLog a -> accessLog(a);
            case HealthCheck.ClientWebsites w -> throw new IllegalArgumentException("clientWebsites is run by HealthRunner, site by site");
        };
    }

    /**
     * One client's site, as an HTTP check named by the client id. An {@code https://} site without a port where nothing
     * listens on 443 is tried once more over {@code http://}, as browsers do with a typed address (SAP's website field
     * is often a bare host, which braid reads as https): a site that serves only http is up for its visitors.
     */
    public CheckResult site(HealthCheck.ClientWebsites w, braid.health.HealthSources.Site site) throws InterruptedException {
        return http(new HealthCheck.Http(site.clientId(), site.url(), 0, null, w.maxLatency(), w.certificateMinDays(),
                w.certificateCriticalDays(), w.followRedirects(), w.timeout()), true);
    }

    private CheckResult errorLog(HealthCheck.ErrorLog e) throws InterruptedException {
        Map<String, Double> m = new LinkedHashMap<>();
        Instant to = clock.instant();
        Map<String, Long> levels;
        try {
            levels = sources.errorLevels(e.path(), to.minus(e.window()), to);
        } catch (UnsupportedOperationException x) {
            return new CheckResult(e.name(), Status.UNKNOWN, String.valueOf(x.getMessage()), m);
        } catch (IOException x) {
            return new CheckResult(e.name(), Status.UNKNOWN, Failures.cannotRead(e.path(), x), m);
        }
        return levels(e.name(), levels, e.max(), e.warn(), e.window(), "of " + e.path(), false, m);
    }

    private CheckResult journal(HealthCheck.Journal j) throws InterruptedException {
        Instant to = clock.instant();
        Journal.Counted counted = Journal.count(j, to.minus(j.window()), to);
        if (counted instanceof Journal.Unreadable u) return new CheckResult(j.name(), Status.UNKNOWN, u.why(), new LinkedHashMap<>());
        String of = (j.unit() == null ? "of the journal" : "of " + j.unit() + " in the journal")
                + (j.directory() == null ? "" : " in " + j.directory())
                + (j.match() == null ? "" : " matching /" + j.match().pattern() + "/");
        return levels(j.name(), ((Journal.Levels) counted).levels(), j.max(), j.warn(), j.window(), of, true, new LinkedHashMap<>());
    }

    /**
     * Entries per level against thresholds per level ({@code errorLog} and {@code journal}): CRITICAL when a level's
     * entries and those of every worse level exceed its {@code max}, WARNING when they exceed its {@code warn}; {@code of}
     * says where, in every message or ({@code ofWhenOk} false) only in those that are not OK.
     */
    private static CheckResult levels(String name, Map<String, Long> levels, Map<String, Long> max, Map<String, Long> warn,
                                      Duration window, String of, boolean ofWhenOk, Map<String, Double> m) {
        // a level's count is its entries and those of every worse level
        Map<String, Long> atLeast = new LinkedHashMap<>();
        long sum = 0;
        for (String level : braid.health.HealthChecks.LEVELS) {
            sum += levels.getOrDefault(level, 0L);
            atLeast.put(level, sum);
            if (levels.containsKey(level)) m.put("entries_" + level, (double) levels.get(level));
        }
        m.put("entries", (double) levels.values().stream().mapToLong(Long::longValue).sum());
        String in = " in the last " + span(window);
        StringBuilder over = new StringBuilder();
        Status s = Status.OK;
        for (var t : max.entrySet()) {
            long n = atLeast.getOrDefault(t.getKey(), 0L);
            if (n > t.getValue()) {
                s = Status.CRITICAL;
                over.append(over.length() == 0 ? "" : "; ").append(n).append(' ').append(t.getKey()).append(" or worse (at most ")
                        .append(t.getValue()).append(')');
            }
        }
        for (var t : warn.entrySet()) {
            long n = atLeast.getOrDefault(t.getKey(), 0L);
            if (n > t.getValue() && n <= max.getOrDefault(t.getKey(), Long.MAX_VALUE)) {
                s = s.worse(Status.WARNING);
                over.append(over.length() == 0 ? "" : "; ").append(n).append(' ').append(t.getKey()).append(" or worse (warn above ")
                        .append(t.getValue()).append(')');
            }
        }
        if (s != Status.OK) return new CheckResult(name, s, over + in + " " + of, m);
        StringBuilder counts = new StringBuilder();
        for (String level : braid.health.HealthChecks.LEVELS) {
            if (levels.getOrDefault(level, 0L) > 0) counts.append(counts.length() == 0 ? "" : ", ").append(levels.get(level)).append(' ').append(level);
        }
        return new CheckResult(name, Status.OK, (counts.length() == 0 ? "no entries" : counts.toString()) + in
                + (ofWhenOk ? " " + of : "") + " (within the limits)", m);
    }

    private CheckResult accessLog(HealthCheck.AccessLog a) throws InterruptedException {
        Map<String, Double> m = new LinkedHashMap<>();
        Instant to = clock.instant();
        braid.health.HealthSources.Traffic t;
        try {
            t = sources.traffic(a.path(), a.format(), to.minus(a.window()), to);
        } catch (UnsupportedOperationException x) {
            return new CheckResult(a.name(), Status.UNKNOWN, String.valueOf(x.getMessage()), m);
        } catch (IOException x) {
            return new CheckResult(a.name(), Status.UNKNOWN, Failures.cannotRead(a.path(), x), m);
        }
        m.put("requests", (double) t.requests());
        m.put("server_errors", (double) t.serverErrors());
        String in = " in the last " + span(a.window());
        if (t.requests() == 0) return new CheckResult(a.name(), Status.OK, "no requests" + in + " of " + a.path(), m);
        double rate = t.serverErrors() / (double) t.requests();
        m.put("server_error_ratio", rate);
        String words = String.format(Locale.ROOT, "%d of %d requests answered 5xx (%s %%)%s", t.serverErrors(), t.requests(),
                fmt2(100 * rate), in);
        if (rate > a.max5xxRate()) return new CheckResult(a.name(), Status.CRITICAL, words + String.format(Locale.ROOT,
                " (more than %s %%)", fmt2(100 * a.max5xxRate())), m);
        if (a.warn5xxRate() > 0 && rate > a.warn5xxRate()) return new CheckResult(a.name(), Status.WARNING, words
                + String.format(Locale.ROOT, " (more than %s %%)", fmt2(100 * a.warn5xxRate())), m);
        return new CheckResult(a.name(), Status.OK, words, m);
    }

    /** A window as an operator wrote it: "1 h", "90 min", "45 s". */
    static String span(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) return s / 3600 + " h";
        if (s % 60 == 0) return s / 60 + " min";
        return s + " s";
    }

    private static String fmt2(double d) {
        String s = String.format(Locale.ROOT, "%.2f", d);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private CheckResult prometheus(HealthCheck.Prometheus p) throws InterruptedException {
        Map<String, Double> m = new LinkedHashMap<>();
        Http1Client.Response resp;
        try {
            resp = get(p.url(), "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5", p.timeout());
        } catch (Unanswered e) {
            return new CheckResult(p.name(), Status.UNKNOWN, "cannot read the metrics: " + e.words, m);
        }
        if (resp.status() != 200) {
            return new CheckResult(p.name(), Status.UNKNOWN, "the metrics endpoint answered " + HttpFailure.status(resp.status()), m);
        }
        braid.health.PrometheusText.Exposition e;
        try {
            e = braid.health.PrometheusText.parse(new String(resp.body(), StandardCharsets.UTF_8));
        } catch (braid.health.PrometheusText.FormatException x) {
            return new CheckResult(p.name(), Status.UNKNOWN, "not metrics in Prometheus's text format: " + x.getMessage(), m);
        }
        var series = p.rule().series(e);
        if (series.isEmpty()) {
            return new CheckResult(p.name(), Status.UNKNOWN, "no series matches " + p.rule().metric()
                    + (p.rule().matchers().isEmpty() ? "" : " with those labels") + " (" + e.samples().size() + " samples read)", m);
        }
        int firing = 0;
        StringBuilder which = new StringBuilder();
        for (var s : series) {
            if (p.rule().fires(s.value())) {
                if (firing++ < 3) which.append(which.length() == 0 ? "" : ", ").append(s.labels()).append(" = ").append(number(s.value()));
            }
        }
        m.put("series", (double) series.size());
        m.put("firing", (double) firing);
        if (series.size() == 1) m.put("value", series.getFirst().value());
        if (firing == 0) {
            return new CheckResult(p.name(), Status.OK, "rule " + p.rule() + " holds for none of " + series.size() + " series", m);
        }
        return new CheckResult(p.name(), p.severity(), "rule " + p.rule() + " fires for " + firing + " of " + series.size()
                + " series: " + which + (firing > 3 ? ", …" : ""), m);
    }

    private CheckResult http(HealthCheck.Http h) throws InterruptedException {
        return http(h, false);
    }

    /**
     * @param site a client's website: tried over http:// when nothing listens on 443, and an answer that refuses the
     *             checker ({@link braid.health.SiteHealth#REFUSALS}) is UNKNOWN, not the site down
     */
    private CheckResult http(HealthCheck.Http h, boolean site) throws InterruptedException {
        Map<String, Double> m = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        long deadline = t0 + h.timeout().toNanos();
        Http1Client.Response resp;
        URI at = h.url();
        int redirects = 0;
        boolean plain = false;
        try {
            while (true) {
                try {
                    resp = get(at, null, h.timeout(), deadline);
                } catch (Unanswered e) {
                    URI http = redirects == 0 && site ? plainInstead(at, e) : null;
                    if (http == null) throw e;
                    try {
                        resp = get(http, null, h.timeout(), deadline);
                    } catch (Unanswered e2) {
                        throw e; // nothing over http either: the https failure is the one to tell
                    }
                    at = http;
                    plain = true;
                }
                URI next = h.followRedirects() ? redirect(at, resp) : null;
                if (next == null) break;
                if (redirects == HealthCheck.Http.MAX_REDIRECTS) {
                    m.put("redirects", (double) redirects);
                    return new CheckResult(h.name(), Status.CRITICAL, "more than " + redirects + " redirects (a loop?), the last to "
                            + braid.http.HostPort.shortUrl(next), m);
                }
                redirects++;
                at = next;
            }
        } catch (BadRedirect e) {
            m.put("redirects", (double) redirects);
            return new CheckResult(h.name(), Status.CRITICAL, e.words, m);
        } catch (Unanswered e) {
            if (redirects > 0) m.put("redirects", (double) redirects);
            String after = redirects == 0 ? "" : "after " + redirects(redirects) + " to " + braid.http.HostPort.shortUrl(at) + ": ";
            if (proxyFailedHere(e)) {
                m.put(PROXY_FAILED, 1.0);
                return new CheckResult(h.name(), Status.UNKNOWN, "cannot check: " + after + e.words, m);
            }
            // TLS refused: the site answered, its certificate did not pass (expired: its owner's to renew; not trusted or
            // for another name: possibly this side's trust store) — told apart for the client's e-mail (SiteHealth)
            tlsRefusal(e.getCause(), m);
            return new CheckResult(h.name(), Status.CRITICAL, after + e.words, m);
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - t0);
        m.put("latency_seconds", latency.toNanos() / 1e9);
        m.put("status_code", (double) resp.status());
        if (redirects > 0) m.put("redirects", (double) redirects);
        Status s = Status.OK;
        StringBuilder words = new StringBuilder(HttpFailure.status(resp.status()) + " in " + Failures.duration(latency));
        if (plain) {
            m.put("plain_http", 1.0);
            words.append(" over http:// (nothing answers https on port 443)");
        }
        if (redirects > 0) {
            words.append(" after ").append(redirects(redirects)).append(" to ").append(braid.http.HostPort.shortUrl(at));
        }
        boolean statusOk = h.expectStatus() > 0 ? resp.status() == h.expectStatus() : resp.status() < 400;
        if (!statusOk && site && braid.health.SiteHealth.REFUSALS.contains(resp.status())) {
            // a bot protection's challenge (Cloudflare answers 403), a login, a rate limit: the site refused this
            // checker, which says nothing of how its visitors fare — not checked, as when the proxy here refuses
            s = Status.UNKNOWN;
            words = new StringBuilder("it answered " + HttpFailure.status(resp.status()) + (redirects == 0 ? "" : " after "
                    + redirects(redirects)) + ": it refuses automated checks (a bot"
                    + " protection, a login or a rate limit), so how its visitors fare is not known");
        } else if (!statusOk) {
            s = Status.CRITICAL;
            words.append(h.expectStatus() > 0 ? " (expected " + h.expectStatus() + ")" : " (an error status)");
        }
        if (h.expectBody() != null && !new String(resp.body(), StandardCharsets.UTF_8).contains(h.expectBody())) {
            s = Status.CRITICAL;
            words.append("; the body does not contain '").append(h.expectBody()).append("'");
        }
        if (h.maxLatency() != null && latency.compareTo(h.maxLatency()) > 0) {
            s = s.worse(Status.WARNING);
            words.append("; slower than ").append(Failures.duration(h.maxLatency()));
        }
        var ssl = resp.session();
        if (ssl != null) s = s.worse(certificate(ssl, h.certificateMinDays(), h.certificateCriticalDays(), words, m));
        return new CheckResult(h.name(), s, words.toString(), m);
    }

    /**
     * The {@code http://} form of {@code url} when it is {@code https://} without a port and the connection to 443 was
     * refused (nothing listens there, or the proxy says so), else null.
     */
    private static @Nullable URI plainInstead(URI url, Unanswered e) {
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getPort() != -1 || e.getCause() == null
                || HttpFailure.kind(e.getCause()) != HttpFailure.Kind.REFUSED || proxyFailedHere(e)) {
            return null;
        }
        return URI.create("http://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    /** Whether the request failed at the proxy on this side (unreachable, its credentials, its rules). */
    private static boolean proxyFailedHere(Unanswered e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof braid.http.ProxyFailureException p && p.onThisSide()) return true;
        }
        return false;
    }

    /** "1 redirect", "2 redirects". */
    private static String redirects(int n) {
        return n + (n == 1 ? " redirect" : " redirects");
    }

    /** A redirect that cannot be followed: why, in words (CRITICAL: visitors cannot follow it either). */
    private static final class BadRedirect extends Exception {
        private static final long serialVersionUID = 1L;

        final String words;

        BadRedirect(String words) {
            super(words, null, false, false);
            this.words = words;
        }
    }

    /**
     * Where a redirect of {@code resp} (301, 302, 303, 307, 308 with a Location) leads, resolved against {@code from};
     * null when it is not one.
     */
    private static @Nullable URI redirect(URI from, Http1Client.Response resp) throws BadRedirect {
        int st = resp.status();
        if (st != 301 && st != 302 && st != 303 && st != 307 && st != 308) return null;
        String location = resp.headers().firstValue("Location").orElse("").strip();
        if (location.isEmpty()) return null; // a 3xx without a place to go: its status is the answer
        URI next;
        try {
            next = from.resolve(new URI(location));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new BadRedirect(HttpFailure.status(st) + " to a location that is not a URL: '"
                    + (location.length() > 80 ? location.substring(0, 80) + "…" : location) + "'");
        }
        if (next.getHost() == null || !("http".equalsIgnoreCase(next.getScheme()) || "https".equalsIgnoreCase(next.getScheme()))) {
            throw new BadRedirect(HttpFailure.status(st) + " to '" + braid.http.HostPort.shortUrl(next) + "', not an http or https URL");
        }
        return next;
    }

    /** No (complete) answer: why, in words. */
    private static final class Unanswered extends Exception {
        private static final long serialVersionUID = 1L;

        final String words;

        Unanswered(String words) {
            this(words, null);
        }

        Unanswered(String words, @Nullable Throwable cause) {
            super(words, cause, false, false);
            this.words = words;
        }
    }

    /**
     * A GET within {@code timeout} (connection, TLS handshake, head and body), body and all; a body larger than
     * {@link #MAX_BODY} is a failure.
     */
    private Http1Client.Response get(URI url, @Nullable String accept, Duration timeout) throws Unanswered, InterruptedException {
        return get(url, accept, timeout, System.nanoTime() + timeout.toNanos());
    }

    /** As {@link #get(URI, String, Duration)}, by {@code deadline} ({@link System#nanoTime()}): a chain of redirects shares one. */
    private Http1Client.Response get(URI url, @Nullable String accept, Duration timeout, long deadline)
            throws Unanswered, InterruptedException {
        Map<String, List<String>> headers = accept == null ? Map.of("User-Agent", USER_AGENT)
                : Map.of("User-Agent", USER_AGENT, "Accept", List.of(accept));
        try {
            return client.send("GET", url, headers, null, MAX_BODY, deadline, timeout);
        } catch (braid.http.BodyTooLargeException e) {
            throw new Unanswered("the answer of " + braid.http.HostPort.of(url) + " is larger than "
                    + bytes(MAX_BODY) + ", the most a health check reads");
        } catch (IOException | RuntimeException e) {
            throw new Unanswered(HttpFailure.describe(e, url, timeout), e);
        }
    }

    /**
     * The days left on the certificate {@code session}'s peer showed: added to {@code words} ("; certificate valid 54
     * more days", "; the certificate expires in 9 days (2026-12-15)") and {@code m}; WARNING below {@code minDays},
     * CRITICAL below {@code criticalDays}.
     */
    private Status certificate(javax.net.ssl.SSLSession session, int minDays, int criticalDays, StringBuilder words,
                               Map<String, Double> m) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x)) return Status.OK;
            Instant notAfter = x.getNotAfter().toInstant();
            double secs = (notAfter.toEpochMilli() - clock.instant().toEpochMilli()) / 1000.0;
            m.put("certificate_expiry_seconds", secs);
            long days = (long) Math.floor(secs / 86_400);
            String when = notAfter.atZone(ZoneOffset.UTC).toLocalDate().toString();
            // less than a day left: the hour it ends (UTC), not "in 0 days"
            String expires = days == 0 ? "; the certificate expires today (" + notAfter.truncatedTo(java.time.temporal.ChronoUnit.MINUTES) + ")"
                    : "; the certificate expires in " + days + (days == 1 ? " day (" : " days (") + when + ")";
            if (days < criticalDays) {
                words.append(expires);
                return Status.CRITICAL;
            }
            if (days < minDays) {
                words.append(expires);
                return Status.WARNING;
            }
            words.append("; certificate valid ").append(days).append(days == 1 ? " more day" : " more days");
            return Status.OK;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return Status.OK; // no certificate to read
        }
    }

    /**
     * An SMTP dialogue up to TLS and back out: greeting, EHLO, STARTTLS (or TLS from the start), the handshake with the
     * certificate checked as an https site's, EHLO again, QUIT. No mail is sent.
     */
    private CheckResult smtp(HealthCheck.Smtp c) {
        Map<String, Double> m = new LinkedHashMap<>();
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, c.timeout().toMillis());
        long t0 = System.nanoTime();
        String at = c.hostName() + ":" + c.port();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(c.hostName(), c.port()), timeoutMs);
            raw.setSoTimeout(timeoutMs);
            Socket s = raw;
            javax.net.ssl.SSLSession session = null;
            if (c.security() == HealthCheck.Smtp.Security.SMTPS) {
                javax.net.ssl.SSLSocket t = tls(raw, c);
                session = t.getSession();
                s = t;
            }
            SmtpReply greeting = SmtpReply.read(s.getInputStream());
            if (greeting.code() != 220) {
                return new CheckResult(c.name(), Status.CRITICAL, at + " answered '" + greeting.first() + "' instead of a greeting (220)", m);
            }
            SmtpReply ehlo = SmtpReply.command(s, EHLO);
            if (ehlo.code() != 250) {
                return new CheckResult(c.name(), Status.CRITICAL, at + " refused EHLO: '" + ehlo.first() + "'", m);
            }
            if (c.security() == HealthCheck.Smtp.Security.STARTTLS) {
                if (!ehlo.offers("STARTTLS")) {
                    return new CheckResult(c.name(), Status.CRITICAL, at + " does not offer STARTTLS (its EHLO answer lists "
                            + String.join(", ", ehlo.extensions()) + "); set security: none to check it without TLS", m);
                }
                SmtpReply go = SmtpReply.command(s, "STARTTLS");
                if (go.code() != 220) {
                    return new CheckResult(c.name(), Status.CRITICAL, at + " refused STARTTLS: '" + go.first() + "'", m);
                }
                javax.net.ssl.SSLSocket t = tls(raw, c);
                session = t.getSession();
                s = t;
                SmtpReply again = SmtpReply.command(s, EHLO);
                if (again.code() != 250) {
                    return new CheckResult(c.name(), Status.CRITICAL, at + " refused EHLO after STARTTLS: '" + again.first() + "'", m);
                }
            }
            try {
                SmtpReply.command(s, "QUIT");
            } catch (IOException ignored) {
                // the answer was had; a server that closes at once is fine
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - t0);
            m.put("latency_seconds", latency.toNanos() / 1e9);
            StringBuilder words = new StringBuilder(greeting.first());
            words.append(switch (c.security()) {
                case STARTTLS -> "; STARTTLS";
                case SMTPS -> "; TLS (smtps)";
                case NONE -> "; no TLS";
            });
            Status st = session == null ? Status.OK : certificate(session, c.certificateMinDays(), c.certificateCriticalDays(), words, m);
            words.append("; in ").append(Failures.duration(latency));
            if (c.maxLatency() != null && latency.compareTo(c.maxLatency()) > 0) {
                st = st.worse(Status.WARNING);
                words.append(" (slower than ").append(Failures.duration(c.maxLatency())).append(')');
            }
            return new CheckResult(c.name(), st, words.toString(), m);
        } catch (IOException | RuntimeException e) {
            tlsRefusal(e, m);
            return new CheckResult(c.name(), Status.CRITICAL, Failures.network(e, c.hostName(), c.port(), c.timeout()), m);
        }
    }

    /** Marks in {@code m} a TLS handshake that {@code failure} (or a cause of it) refused, and whether for an expired certificate. */
    private static void tlsRefusal(@Nullable Throwable failure, Map<String, Double> m) {
        for (Throwable x = failure; x != null; x = x.getCause()) {
            if (x instanceof javax.net.ssl.SSLException) m.put(TLS_FAILED, 1.0);
            if (x instanceof java.security.cert.CertificateExpiredException) m.put(CERTIFICATE_EXPIRED, 1.0);
        }
    }

    /** TLS over {@code raw}, its certificate checked for the host as an https site's; the handshake done. */
    private javax.net.ssl.SSLSocket tls(Socket raw, HealthCheck.Smtp c) throws IOException {
        javax.net.ssl.SSLContext ctx;
        try {
            ctx = sslContext != null ? sslContext : javax.net.ssl.SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException("no TLS here: " + e.getMessage(), e);
        }
        javax.net.ssl.SSLSocket t = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket(raw, c.hostName(), c.port(), false);
        javax.net.ssl.SSLParameters params = t.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the host name must be the certificate's (RFC 2818's rules)
        t.setSSLParameters(params);
        t.startHandshake();
        return t;
    }

    /** EHLO's argument: a name, not this machine's (which may not be public). */
    private static final String EHLO = "EHLO braid-health.localdomain";

    private static final List<String> USER_AGENT = List.of("braid-health/0.1");

    private CheckResult tcp(HealthCheck.Tcp t) {
        Map<String, Double> m = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(t.hostName(), t.port()), (int) Math.min(Integer.MAX_VALUE, t.timeout().toMillis()));
            Duration d = Duration.ofNanos(System.nanoTime() - t0);
            m.put("latency_seconds", d.toNanos() / 1e9);
            return new CheckResult(t.name(), Status.OK, "connected to " + t.hostName() + ":" + t.port() + " in " + Failures.duration(d), m);
        } catch (IOException e) {
            return new CheckResult(t.name(), Status.CRITICAL, Failures.network(e, t.hostName(), t.port(), t.timeout()), m);
        }
    }

    private CheckResult disk(HealthCheck.Disk d) {
        Map<String, Double> m = new LinkedHashMap<>();
        try {
            FileStore store = Files.getFileStore(d.path());
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            m.put("free_bytes", (double) free);
            m.put("size_bytes", (double) total);
            double pct = total == 0 ? 0 : 100.0 * free / total;
            String words = String.format(Locale.ROOT, "%s free of %s (%.1f %%) on %s", bytes(free), bytes(total), pct, d.path());
            Status s;
            if (d.minFreePercent() > 0) {
                s = pct < d.minFreePercent() / 2 ? Status.CRITICAL : pct < d.minFreePercent() ? Status.WARNING : Status.OK;
                if (s != Status.OK) words += String.format(Locale.ROOT, " (less than %s %%)", number(s == Status.CRITICAL ? d.minFreePercent() / 2 : d.minFreePercent()));
            } else {
                s = free < d.minFreeBytes() / 2 ? Status.CRITICAL : free < d.minFreeBytes() ? Status.WARNING : Status.OK;
                if (s != Status.OK) words += " (less than " + bytes(s == Status.CRITICAL ? d.minFreeBytes() / 2 : d.minFreeBytes()) + ")";
            }
            return new CheckResult(d.name(), s, words, m);
        } catch (NoSuchFileException e) {
            return new CheckResult(d.name(), Status.UNKNOWN, "no such file or directory: " + d.path(), m);
        } catch (IOException | SecurityException e) {
            return new CheckResult(d.name(), Status.UNKNOWN, "cannot read the file system of " + d.path() + ": " + Failures.inWords(e), m);
        }
    }

    private CheckResult fileAge(HealthCheck.FileAge f) {
        Map<String, Double> m = new LinkedHashMap<>();
        try {
            Instant changed = Files.getLastModifiedTime(f.path()).toInstant();
            Duration age = Duration.between(changed, clock.instant());
            if (age.isNegative()) age = Duration.ZERO;
            m.put("age_seconds", age.toMillis() / 1000.0);
            boolean old = age.compareTo(f.maxAge()) > 0;
            return new CheckResult(f.name(), old ? Status.CRITICAL : Status.OK, f.path() + " last changed " + Failures.duration(age)
                    + " ago" + (old ? " (more than " + Failures.duration(f.maxAge()) + ")" : ""), m);
        } catch (NoSuchFileException e) {
            return new CheckResult(f.name(), Status.CRITICAL, "no such file: " + f.path(), m);
        } catch (IOException | SecurityException e) {
            return new CheckResult(f.name(), Status.UNKNOWN, Failures.cannotRead(f.path(), e), m);
        }
    }

    /**
     * A sample value or threshold as an operator writes it, not as Java prints a double: {@code 2e9} rather than
     * {@code 2.0E9}, {@code 1346634547} rather than {@code 1.346634547E9}, {@code 0.5}, {@code NaN}, {@code +Inf}.
     * The shorter of the plain and the exponent form (the plain one when equal); both read back as the same value.
     */
    public static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        String s = Double.toString(v); // the shortest digits that read back as v
        int e = s.indexOf('E');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.endsWith(".0")) mantissa = mantissa.substring(0, mantissa.length() - 2);
        String exponent = e < 0 ? mantissa : mantissa + "e" + s.substring(e + 1);
        String plain = new java.math.BigDecimal(s).stripTrailingZeros().toPlainString();
        return plain.length() <= exponent.length() ? plain : exponent;
    }

    static String bytes(long b) {
        if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        if (b >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        return b + " bytes";
    }
}
