package braid.report.config;

import org.jspecify.annotations.Nullable;
import braid.logs.LogFormat;
import braid.report.config.ConfigReader.Scalar;
import braid.report.config.ConfigReader.Section;
import braid.report.config.YamlTree.MapNode;
import braid.report.config.YamlTree.Node;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/** Reads {@code braid.yaml} into a {@link BraidConfig}, collecting all problems. Stateless. */
final class ConfigLoader {

    private static final Set<String> HTTP = orderedSet("https", "http");
    private static final Set<String> UNSUBSCRIBE = orderedSet("https"); // RFC 8058 one-click needs https
    private static final Pattern SAP_CLIENT = Pattern.compile("\\d{3}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** The placeholders the mailer fills in an unsubscribe URL (URL-encoded). */
    private static final Pattern UNSUBSCRIBE_PLACEHOLDER = Pattern.compile("\\{(clientId|email|messageId)}");
    private static final String NONE = "none";

    private ConfigLoader() {
    }

    static BraidConfig load(Path file, Map<String, String> env) throws ConfigException {
        Path absolute = file.toAbsolutePath().normalize();
        Path baseDir = absolute.getParent() == null ? absolute : absolute.getParent();
        ConfigReader reader = new ConfigReader(file, baseDir, env);
        String text;
        try {
            text = Files.readString(absolute, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(file, "configuration file does not exist (looked for " + absolute + ")");
        } catch (MalformedInputException e) {
            throw single(file, "configuration file is not valid UTF-8");
        } catch (IOException e) {
            if (Files.isDirectory(absolute))
                throw single(file, "is a directory; --config names the YAML file (such as " + absolute.resolve("braid.yaml") + ")");
            throw single(file, "cannot read configuration file: " + braid.core.Failures.inWords(e));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);  // a byte-order mark, as some Windows editors write
        }
        List<YamlTree.Issue> issues = new ArrayList<>();
        Node root;
        try {
            root = YamlTree.parse(text, issues);
        } catch (YamlTree.SyntaxError e) {
            throw new ConfigException(List.of(new ConfigProblem(file, e.mark.line(), e.mark.column(), "", String.valueOf(e.getMessage()))));
        }
        if (root == null) {
            throw single(file, "configuration file is empty; see docs/configuration.md for a minimal example");
        }
        if (!(root instanceof MapNode map)) {
            throw new ConfigException(List.of(new ConfigProblem(file, root.mark().line(), root.mark().column(), "",
                    "expected a mapping of keys to values at the top level, found " + ConfigReader.describe(root))));
        }
        for (YamlTree.Issue issue : issues) {
            reader.problem(issue.mark(), issue.path(), issue.message());
        }
        BraidConfig config = new ConfigLoader.Sections(reader).read(reader.root(map), absolute);
        if (reader.failed() || config == null) {
            throw new ConfigException(reader.problems());
        }
        // The company's own templates, rendered against sample clients before anything runs (issue 12): a typo such
        // as {{client.nme}} would otherwise send "Hello ," to every client.
        List<ConfigProblem> templates = new ArrayList<>();
        for (var p : braid.report.internal.TemplateCheck.problems(config)) {
            templates.add(new ConfigProblem(p.file(), p.line(), 0, "mail.templates", p.message()));
        }
        if (!templates.isEmpty()) {
            throw new ConfigException(templates);
        }
        return config;
    }

    private static ConfigException single(Path file, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, 0, 0, "", message)));
    }

    @SafeVarargs
    private static <T> Set<T> orderedSet(T... values) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(values)));
    }

    /** The schema: one method per section. Each returns null once any problem was found anywhere. */
    private record Sections(ConfigReader r) {
        /**
         * A value read with {@code required} (or checked like it) once the reader has found no problem: absent or
         * invalid, it would have been one.
         */
        private static <T> T known(@Nullable T value) {
            return java.util.Objects.requireNonNull(value, "a required value without a problem reported");
        }

        @Nullable BraidConfig read(Section root, Path file) {
            CompanyConfig company = company(root.requiredSection("company", "a mapping with at least 'name'"));
            Path stateDir = root.optional("stateDir", r.baseDir.resolve("braid-state").normalize(),
                    "a directory path", sc -> {
                        Path p = Values.path(r).apply(sc);
                        if (Files.exists(p) && !Files.isDirectory(p)) {
                            throw new IllegalArgumentException("a directory (" + p + " exists and is not one)");
                        }
                        return p;
                    });
            String unwritable = stateDir == null ? null : unwritable(stateDir);
            if (unwritable != null) {
                r.problem(root.valueMark("stateDir"), "stateDir", "the state directory " + stateDir + " " + unwritable
                        + " (journal, locks and run records live there; set stateDir, e.g. /var/lib/braid with systemd's"
                        + " StateDirectory=braid)");
            }
            Optional<WebsiteConfig> website = root.section("website").map(this::website);
            LogsConfig logs = logs(root.requiredSection("logs", "a mapping with at least 'access'"));
            SapConfig sap = sap(root.requiredSection("sap", "a mapping with at least 'url' and 'auth'"));
            MailConfig mail = mail(root.requiredSection("mail", "a mapping with at least 'smtp' and 'from'"));
            ReportConfig report = root.section("report").map(this::report).orElse(ReportConfig.DEFAULT);
            OperatorConfig operator = root.section("operator").map(this::operator).orElse(OperatorConfig.DEFAULT);
            RetentionConfig retention = root.section("retention").map(this::retention).orElse(RetentionConfig.DEFAULT);
            Optional<braid.health.HealthChecks> health = root.section("health").isPresent() ? health(root, file) : Optional.empty();
            if (report.clientHealth() && health.stream().flatMap(h -> h.checks().stream())
                    .noneMatch(c -> c instanceof braid.health.HealthCheck.ClientWebsites)) {
                r.problem(root.has("report") ? root.valueMark("report") : root.keyMark("report"), "report.clientHealth",
                        "clientHealth: true needs a check with clientWebsites: true in health.checks (it is what the e-mails tell)");
            }
            root.finish();
            if (r.failed()) {
                return null;
            }
            return new BraidConfig(file, known(company), stateDir, website, known(logs), known(sap), known(mail), report, operator,
                    retention, health);
        }

        /**
         * Why a run could not write {@code dir}, or null: it (or, if missing, the first folder above it that exists)
         * must be a writable directory on a file system that is not read-only or virtual (/proc, /sys).
         */
        private static @Nullable String unwritable(Path dir) {
            Path p = dir.toAbsolutePath();
            while (p != null && !Files.exists(p)) p = p.getParent();
            if (p == null) return "cannot be created";
            String where = p.equals(dir.toAbsolutePath()) ? "" : " (it does not exist, and " + p + " ";
            try {
                java.nio.file.FileStore store = Files.getFileStore(p);
                if (store.isReadOnly()) return where.isEmpty() ? "is on a read-only file system" : where + "is on a read-only file system)";
                if (java.util.Set.of("proc", "sysfs", "devtmpfs", "cgroup2", "cgroup").contains(store.type()))
                    return where.isEmpty() ? "is on the virtual file system " + store.type() : where + "is on the virtual file system " + store.type() + ")";
            } catch (java.io.IOException e) {
                return "cannot be inspected: " + e.getMessage();
            }
            if (!Files.isDirectory(p)) return where.isEmpty() ? "is not a directory" : where + "is not a directory)";
            if (!Files.isWritable(p)) return where.isEmpty() ? "is not writable by this user" : where + "is not writable by this user)";
            return null;
        }

        @Nullable CompanyConfig company(Section s) {
            String name = s.required("name", "the company name", Values.string("a non-empty company name"));
            ZoneId zone = s.optional("timeZone", ZoneId.systemDefault(), "a time zone ID", Values.zone());
            java.util.Locale locale = s.optional("locale", java.util.Locale.ENGLISH, "a BCP 47 language tag", sc -> {
                String tag = sc.text().strip();
                java.util.Locale l = java.util.Locale.forLanguageTag(tag.replace('_', '-'));
                if (tag.isEmpty() || l.getLanguage().isEmpty()) {
                    throw new IllegalArgumentException("a BCP 47 language tag such as en, de or de-AT");
                }
                return l;
            });
            String address = s.optionalOrNull("address", "the company's postal address",
                    Values.string("a non-empty postal address"));
            URI website = s.optionalOrNull("website", "the company's website URL", Values.url(HTTP));
            s.finish();
            return r.failed() ? null : new CompanyConfig(known(name), zone, locale, Optional.ofNullable(address),
                    Optional.ofNullable(website));
        }

        @Nullable WebsiteConfig website(Section s) {
            URI url = s.required("url", "the news page URL", Values.url(HTTP));
            boolean required = s.optional("required", false, "true or false", Values.bool());
            Duration timeout = s.optional("timeout", braid.web.NewsReader.DEFAULT_REQUEST_TIMEOUT, Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            int retries = s.optional("retries", 2, "a whole number", Values.integer(0, 10));
            Duration window = s.optional("window", braid.web.NewsReader.DEFAULT_WINDOW, Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            long maxBytes = s.optional("maxBytes", braid.web.NewsReader.DEFAULT_MAX_BYTES, Values.SIZE, Values.size(1L << 10, 1L << 30));
            int maxItems = s.optional("maxItems", 5, "a whole number", Values.integer(1, 100));
            WebsiteConfig.Selectors selectors = s.section("selectors").map(this::selectors)
                    .orElse(WebsiteConfig.Selectors.DEFAULT);
            Optional<ProxyConfig> proxy = proxy(s, url);
            s.finish();
            return r.failed() ? null : new WebsiteConfig(known(url), required, timeout, retries, window, maxBytes, maxItems,
                    selectors, proxy);
        }

        WebsiteConfig.Selectors selectors(Section s) {
            WebsiteConfig.Selectors d = WebsiteConfig.Selectors.DEFAULT;
            String item = s.optional("item", d.item(), "a CSS selector", cssSelector());
            String title = s.optional("title", d.title(), "a CSS selector", cssSelector());
            String date = s.optional("date", d.date(), "a CSS selector", cssSelector());
            String summary = s.optional("summary", d.summary(), "a CSS selector", cssSelector());
            s.finish();
            return r.failed() ? d : new WebsiteConfig.Selectors(item, title, date, summary);
        }

        /** Parsed with jsoup, which the web module selects with, so a bad selector fails here, not at 6 am. */
        private static Function<Scalar, String> cssSelector() {
            return sc -> {
                String q = sc.text().strip();
                if (q.isEmpty()) {
                    throw new IllegalArgumentException("a CSS selector such as 'article' or 'h2 a'");
                }
                try {
                    QueryParser.parse(q);
                } catch (Selector.SelectorParseException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("a valid CSS selector (jsoup syntax)");
                }
                return q;
            };
        }

        @Nullable LogsConfig logs(Section s) {
            boolean required = s.optional("required", true, "true or false", Values.bool());
            List<Path> access = s.requiredList("access", "a non-empty list of access log paths", "an access log path", Values.path(r));
            List<Path> errors = s.optionalList("errors", "a list of error log paths", "an error log path", Values.path(r));
            String format = s.optional("format", "auto", "a log format", sc -> {
                String f = sc.text().strip();
                if (!f.contains("%")) {
                    try {
                        return LogFormat.of(f).name();   // normalizes aliases such as clf
                    } catch (IllegalArgumentException e) {
                        throw new Values.Mistake("one of " + String.join(", ", LogsConfig.NAMED_FORMATS)
                                + ", or a GoAccess log-format string containing %",
                                ConfigReader.closest(f, LogsConfig.NAMED_FORMATS).orElse(null));
                    }
                }
                try {
                    // The analyser's own parser, so that a specifier it cannot use fails now.
                    LogFormat.of(sc.text());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("a GoAccess log-format string the log analyser understands"
                            + (sc.references().isEmpty() && e.getMessage() != null ? " (" + e.getMessage() + ")" : ""));
                }
                return sc.text();
            });
            Duration timeout = s.optional("timeout", Duration.ofMinutes(30), Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            Duration maxGap = s.optional("maxGap", Duration.ofHours(1), Values.DURATION,
                    Values.duration(Duration.ofSeconds(1)));
            String engine = s.optional("engine", "local", "local or spark", Values.choice(Map.of("local", "local", "spark", "spark")));
            LogsConfig.Spark spark = s.section("spark").map(this::spark).orElse(LogsConfig.Spark.DEFAULT);
            s.finish();
            return r.failed() ? null : new LogsConfig(required, known(access), errors == null ? List.of() : errors, format, timeout,
                    maxGap, engine, spark);
        }

        LogsConfig.Spark spark(Section s) {
            String master = s.optional("master", "local[2]", "local[N], spark://HOST:PORT, yarn or k8s://URL", sc -> {
                String m = sc.text().strip();
                if (!m.matches("local(\\[(\\d+|\\*)])?|spark://.+|yarn|k8s://.+|mesos://.+")) {
                    throw new IllegalArgumentException("local[N], spark://HOST:PORT, yarn or k8s://URL");
                }
                return m;
            });
            Map<String, Scalar> raw = s.freeMap("properties", false, "a Spark property value");
            Map<String, String> properties = new LinkedHashMap<>();
            if (raw != null) raw.forEach((k, v) -> properties.put(k, v.text()));
            s.finish();
            return new LogsConfig.Spark(master == null ? "local[2]" : master, properties);
        }

        @Nullable SapConfig sap(Section s) {
            URI url = s.required("url", "the OData service root URL", sc -> {
                URI u = Values.url(HTTP).apply(sc);
                if (u.getRawQuery() != null || u.getRawFragment() != null) {
                    throw new IllegalArgumentException("the OData service root URL without '?' or '#' (the client goes"
                            + " in sapClient, the $filter in filter)");
                }
                String t = u.toString();
                // copied from the browser or the Gateway client after opening the metadata or the entity set
                for (String tail : new String[]{"/$metadata", "/A_BusinessPartner"}) {
                    if (t.endsWith(tail) || t.endsWith(tail + "/")) {
                        throw new IllegalArgumentException("the OData service root URL, without " + tail.substring(1)
                                + " (braid adds it): " + t.substring(0, t.lastIndexOf(tail)));
                    }
                }
                return t.endsWith("/") ? URI.create(t.substring(0, t.length() - 1)) : u;
            });
            Optional<String> sapClient = Optional.ofNullable(s.optionalOrNull("sapClient", "a client", sc -> {
                String c = sc.text().strip();
                if (!SAP_CLIENT.matcher(c).matches()) {
                    throw new IllegalArgumentException("a three-digit SAP client such as \"100\"");
                }
                return c;
            }));
            SapAuthConfig auth = sapAuth(s.requiredSection("auth", "a mapping with at least 'type'"));
            // Values are treated as secret while validating; only ${...} values stay secret afterwards,
            // so that harmless literal headers are not scrubbed from every output file.
            Map<String, Scalar> rawHeaders = s.freeMap("headers", true, "a header value");
            Map<String, String> headers = new LinkedHashMap<>();
            Map<String, Secret> secretHeaders = new LinkedHashMap<>();
            if (rawHeaders != null) {
                rawHeaders.forEach((name, value) -> {
                    if (!HEADER_NAME.matcher(name).matches()) {
                        r.problem(value.mark(), value.path(), "expected an HTTP header name (letters, digits, '-'), found '"
                                + name + "'");
                    } else if (name.equalsIgnoreCase("x-csrf-token")) {
                        r.problem(value.mark(), value.path(), "the SAP client only reads and never sends a CSRF token;"
                                + " remove this header");
                    } else if (value.references().isEmpty()) {
                        headers.put(name, value.text());
                    } else {
                        secretHeaders.put(name, Secret.of(value.text()));
                    }
                });
            }
            Optional<String> filter = Optional.ofNullable(s.optionalOrNull("filter", "an OData $filter expression",
                    Values.string("a non-empty OData $filter expression")));
            int pageSize = s.optional("pageSize", braid.sap.SapSettings.DEFAULT_PAGE_SIZE, "a whole number", Values.integer(1, 100_000));
            int concurrency = s.optional("concurrency", braid.sap.SapSettings.DEFAULT_CONCURRENCY, "a whole number", Values.integer(1, 64));
            Duration timeout = s.optional("timeout", braid.sap.SapSettings.DEFAULT_PAGE_TIMEOUT, Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            int retries = s.optional("retries", braid.sap.SapSettings.DEFAULT_RETRY.maxAttempts() - 1, "a whole number", Values.integer(0, 10));
            Optional<TrustStoreConfig> trustStore = s.section("trustStore").map(this::trustStore);
            Optional<ProxyConfig> proxy = proxy(s, url);
            Duration totalTimeout = s.optional("totalTimeout", Duration.ofMinutes(30), Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            int maxPages = s.optional("maxPages", braid.sap.SapSettings.DEFAULT_MAX_PAGES, "a whole number", Values.integer(1, 1_000_000));
            java.util.OptionalInt pagesAhead = s.optional("pagesAhead", java.util.OptionalInt.empty(), "a whole number or auto",
                    Values.integerOrAuto(0, 63));
            s.finish();
            return r.failed() ? null : new SapConfig(known(url), sapClient, known(auth), headers, secretHeaders, filter, pageSize, concurrency, timeout,
                    retries, trustStore, proxy, totalTimeout, maxPages, pagesAhead);
        }

        private static final Map<String, String> AUTH_TYPES = orderedMap(
                "basic", "basic", "oauth2", "oauth2", "apikey", "apikey", "none", "none");
        private static final Map<String, Set<String>> AUTH_KEYS = Map.of(
                "basic", Set.of("user", "password"),
                "oauth2", Set.of("tokenUrl", "clientId", "clientSecret", "scope"),
                "apikey", Set.of("apiKey", "header"),
                "none", Set.of());

        @Nullable SapAuthConfig sapAuth(Section s) {
            String type = s.required("type", "one of basic, oauth2, apikey, none",
                    Values.choice(AUTH_TYPES));
            SapAuthConfig auth = null;
            if (type != null) {
                switch (type) {
                    case "basic" -> {
                        String user = s.required("user", "the SAP user name", Values.string("a non-empty user name"));
                        Secret password = secret(s, "password", true, "SAP password");
                        auth = user == null || password == null ? null : new SapAuthConfig.Basic(user, password);
                    }
                    case "oauth2" -> {
                        URI tokenUrl = s.required("tokenUrl", "the OAuth token endpoint URL", Values.url(HTTP));
                        String clientId = s.required("clientId", "the OAuth client id",
                                Values.string("a non-empty client id"));
                        Secret clientSecret = secret(s, "clientSecret", true, "OAuth client secret");
                        Optional<String> scope = Optional.ofNullable(s.optionalOrNull("scope", "an OAuth scope",
                                Values.string("a non-empty scope")));
                        auth = tokenUrl == null || clientId == null || clientSecret == null ? null
                                : new SapAuthConfig.OAuth2(tokenUrl, clientId, clientSecret, scope);
                    }
                    case "apikey" -> {
                        Secret key = secret(s, "apiKey", true, "API key");
                        String header = s.optional("header", "APIKey", "an HTTP header name", sc -> {
                            String h = sc.text().strip();
                            if (!HEADER_NAME.matcher(h).matches()) {
                                throw new IllegalArgumentException("an HTTP header name such as APIKey");
                            }
                            return h;
                        });
                        auth = key == null ? null : new SapAuthConfig.ApiKey(header, key);
                    }
                    default -> auth = new SapAuthConfig.None();
                }
                for (String key : s.presentKeys()) {
                    if (!key.equals("type") && !AUTH_KEYS.getOrDefault(type, Set.of()).contains(key)) {
                        String owner = AUTH_KEYS.entrySet().stream().filter(e -> e.getValue().contains(key))
                                .map(Map.Entry::getKey).findFirst().orElse(null);
                        if (owner != null) {
                            s.reject(key, "key '" + key + "' belongs to auth type " + owner
                                    + ", but type is " + type);
                        }
                    }
                }
            } else {
                // The type is missing or wrong (already reported); don't also report its keys as unknown.
                AUTH_KEYS.values().forEach(keys -> keys.forEach(s::has));
            }
            s.finish();
            return auth;
        }

        /** A secret value; an empty one is refused (an unset-but-exported variable is the usual cause). */
        private @Nullable Secret secret(Section s, String key, boolean required, String noun) {
            String value = s.secret(key, required, "the " + noun, sc -> {
                if (sc.text().isEmpty()) {
                    throw new IllegalArgumentException("a non-empty " + noun);
                }
                return sc.text();
            });
            return value == null ? null : Secret.of(value);
        }

        @Nullable TrustStoreConfig trustStore(Section s) {
            Path path = s.required("path", "the trust store file", sc -> {
                Path p = Values.path(r).apply(sc);
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    throw new IllegalArgumentException("a readable trust store file (" + p + " is not one)");
                }
                return p;
            });
            Secret password = secret(s, "password", false, "trust store password");
            // without a type, a file of PEM certificates (a company CA as it is handed out) is read as one
            String type = s.optional("type", path != null && braid.http.TrustedCertificates.looksLikePem(path) ? "PEM" : "PKCS12",
                    "PKCS12, JKS or PEM", Values.choice(orderedMap("pkcs12", "PKCS12", "jks", "JKS", "pem", "PEM")));
            if (path != null && type != null && !(password == null && s.has("password"))) {
                // Opening the store now turns a wrong password or format into a config error instead
                // of a TLS failure halfway through the run.
                try {
                    TrustStoreConfig.open(path, Optional.ofNullable(password), type);
                } catch (java.io.IOException | java.security.GeneralSecurityException e) {
                    r.problem(s.valueMark("path"), s.child("path"), type.equals("PEM")
                            ? "type PEM: " + e.getMessage()
                            : "expected a " + type + " trust store that opens"
                            + (password == null ? " without a password" : " with the configured password")
                            + ", found a file that does not" + (braid.http.TrustedCertificates.looksLikePem(path)
                            ? ": it holds PEM text (set type: PEM, or leave type out)" : ""));
                }
            }
            s.finish();
            return r.failed() ? null : new TrustStoreConfig(known(path), Optional.ofNullable(password), type);
        }

        /**
         * The section's {@code proxy} key: a URL, {@code none}, or (absent) the conventional
         * environment variables, https_proxy first because both connectors speak HTTPS, unless
         * {@code no_proxy} names the section's host. A loopback host (localhost, 127.0.0.0/8, ::1) goes direct either way.
         */
        Optional<ProxyConfig> proxy(Section s, @Nullable URI target) {
            Scalar sc = s.scalar("proxy", false, false, "a proxy URL");
            if (sc != null) {
                if (sc.text().strip().equalsIgnoreCase(NONE)) {
                    return Optional.empty();
                }
                Optional<String> unsupported = braid.http.ProxySettings.unsupported(sc.text());
                if (unsupported.isPresent()) {
                    r.problem(sc.mark(), sc.path(), unsupported.get());
                    return Optional.empty();
                }
                ProxyConfig p = parseProxy(sc.text().strip(), sc.path());
                if (p == null) {
                    r.problem(sc.mark(), sc.path(), "expected a proxy URL with a port such as http://proxy:3128, or none; found "
                            + (sc.references().isEmpty() ? "a value that is not one (not shown: it may hold a password)" : sc.found()));
                }
                // a loopback target goes direct, as from the environment: at the proxy, localhost is another machine
                if (target != null && target.getHost() != null && braid.http.ProxySettings.isLoopback(target.getHost())) {
                    return Optional.empty();
                }
                return Optional.ofNullable(p);
            }
            if (s.has("proxy")) {
                return Optional.empty();  // wrong type, already reported
            }
            if (target != null && target.getHost() != null && exempt(target.getHost(), r.env)) {
                return Optional.empty();
            }
            for (String name : braid.http.ProxySettings.PROXY_VARIABLES) {
                String value = r.env.get(name);
                if (value != null && !value.isBlank()) {
                    Optional<String> unsupported = braid.http.ProxySettings.unsupported(value);
                    if (unsupported.isPresent()) {
                        r.problem(s.anchor, s.child("proxy"), "environment variable " + name + ": " + unsupported.get()
                                + "; or set " + s.child("proxy") + " explicitly, or to none");
                        return Optional.empty();
                    }
                    ProxyConfig p = parseProxy(value.strip(), "environment variable " + name);
                    if (p == null) {
                        r.problem(s.anchor, s.child("proxy"), "environment variable " + name
                                + " is not a proxy URL with a port such as http://proxy:3128 (value not shown); "
                                + "set " + s.child("proxy") + " explicitly, or to none");
                    }
                    return Optional.ofNullable(p);
                }
            }
            return Optional.empty();
        }

        /** Curl's no_proxy rules ({@link braid.http.ProxySettings#exempts}: hosts, domains, addresses, CIDR ranges). */
        private static boolean exempt(String host, Map<String, String> env) {
            String list = env.get("no_proxy");
            if (list == null || list.isBlank()) {
                list = env.get("NO_PROXY");
            }
            return braid.http.ProxySettings.exempts(list, host);
        }

        private static @Nullable ProxyConfig parseProxy(String text, String origin) {
            String t = text.contains("://") ? text : "http://" + text;
            try {
                URI u = new URI(t);
                String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (!scheme.equals("http") || u.getHost() == null || u.getPort() < 1) {
                    return null;
                }
                Optional<String> user = Optional.empty();
                Optional<Secret> password = Optional.empty();
                String info = u.getUserInfo();
                if (info != null && !info.isEmpty()) {
                    int colon = info.indexOf(':');
                    user = Optional.of(colon < 0 ? info : info.substring(0, colon));
                    if (colon >= 0) {
                        password = Optional.of(Secret.of(info.substring(colon + 1)));
                    }
                }
                return new ProxyConfig(u.getHost(), u.getPort(), user, password, origin);
            } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                return null;
            }
        }

        @Nullable MailConfig mail(Section s) {
            SmtpConfig smtp = smtp(s.requiredSection("smtp", "a mapping with at least 'host'"));
            MailAddress from = s.required("from", "the From address", Values.mailAddress());
            MailAddress replyTo = s.optionalOrNull("replyTo", "an e-mail address", Values.mailAddress());
            MailAddress envelopeFrom = s.optionalOrNull("envelopeFrom", "an e-mail address", Values.mailAddress());
            Path templates = s.optionalOrNull("templates", "a directory", sc -> {
                Path p = Values.path(r).apply(sc);
                if (!Files.isDirectory(p)) {
                    throw new IllegalArgumentException("an existing template directory (" + p + " is not one)");
                }
                return p;
            });
            int concurrency = s.optional("concurrency", braid.mail.SmtpSettings.DEFAULT_POOL_SIZE, "a whole number", Values.integer(1, 64));
            int ratePerMinute = s.optional("ratePerMinute", 0, "a whole number",
                    Values.integer(0, Integer.MAX_VALUE));
            String unsubscribe = s.optionalOrNull("unsubscribeUrl", "a URL", sc -> {
                String u = sc.text().strip();
                // Placeholders are not legal URI characters; check the URL with them replaced.
                Values.parseUrl(UNSUBSCRIBE_PLACEHOLDER.matcher(u).replaceAll("x"), UNSUBSCRIBE,
                        "an absolute https URL (placeholders {clientId}, {email}, {messageId} allowed)");
                return u;
            });
            Path suppression = s.optionalOrNull("suppressionFile", "a file path", Values.path(r));
            MailAddress testRecipient = s.optionalOrNull("testRecipient", "an e-mail address",
                    Values.mailAddress());
            int stopAfterFailures = s.optional("stopAfterFailures", braid.mail.SmtpSettings.DEFAULT_STOP_AFTER_FAILURES, "a whole number",
                    Values.integer(0, Integer.MAX_VALUE));
            s.finish();
            if (r.failed()) {
                return null;
            }
            MailAddress sender = known(from);
            return new MailConfig(known(smtp), sender, Optional.ofNullable(replyTo),
                    envelopeFrom == null ? sender.address() : envelopeFrom.address(), Optional.ofNullable(templates),
                    concurrency, ratePerMinute, Optional.ofNullable(unsubscribe), Optional.ofNullable(suppression),
                    Optional.ofNullable(testRecipient), stopAfterFailures);
        }

        @Nullable SmtpConfig smtp(Section s) {
            String host = s.required("host", "the SMTP server host name", Values.host());
            SmtpSecurity security = s.optional("security", SmtpSecurity.STARTTLS, "starttls, smtps or none",
                    Values.choice(orderedMap("starttls", SmtpSecurity.STARTTLS, "smtps", SmtpSecurity.SMTPS,
                            "none", SmtpSecurity.NONE)));
            int port = s.optional("port", security.defaultPort(), "a port", Values.integer(1, 65535));
            String username = s.optionalOrNull("username", "a user name", Values.string("a non-empty user name"));
            Secret password = secret(s, "password", false, "SMTP password");
            if (username != null && password == null && !s.has("password")) {
                s.missing("password", "the SMTP password, needed because username is set");
            }
            if (username == null && password != null && !s.has("username")) {
                r.problem(s.keyMark("password"), s.child("password"),
                        "password is set but username is not; set mail.smtp.username too, or remove the password");
            }
            if (username != null && security == SmtpSecurity.NONE && s.has("security")) {
                r.problem(s.valueMark("security"), s.child("security"), "expected starttls or smtps because username is set"
                        + " (a password must not travel unencrypted), found 'none'");
            }
            Duration connect = s.optional("connectTimeout", braid.mail.SmtpSettings.DEFAULT_CONNECT_TIMEOUT, Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            Duration read = s.optional("readTimeout", braid.mail.SmtpSettings.DEFAULT_READ_TIMEOUT, Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            Duration write = s.optional("writeTimeout", braid.mail.SmtpSettings.DEFAULT_WRITE_TIMEOUT, Values.DURATION,
                    Values.duration(Duration.ofMillis(1)));
            Optional<TrustStoreConfig> trustStore = s.section("trustStore").map(this::trustStore);
            s.finish();
            return r.failed() ? null : new SmtpConfig(known(host), port, security, Optional.ofNullable(username),
                    Optional.ofNullable(password), connect, read, write, trustStore);
        }

        /** The health: section, read by braid.health's own loader (the same as braid health reads). */
        Optional<braid.health.HealthChecks> health(Section root, Path file) {
            try {
                return Optional.of(braid.health.HealthChecks.read(file, r.env));
            } catch (IllegalArgumentException e) {
                String prefix = file + ": ";
                for (String m : e instanceof braid.health.HealthChecks.Problems p ? p.problems() : List.of(String.valueOf(e.getMessage())))
                    r.problem(root.valueMark("health"), "health", m.startsWith(prefix) ? m.substring(prefix.length()) : m);
            } catch (IOException e) {
                r.problem(root.valueMark("health"), "health", "cannot read: " + e.getMessage());
            }
            return Optional.empty();
        }

        ReportConfig report(Section s) {
            SiteMatchConfig siteMatch = s.section("siteMatch").map(this::siteMatch).orElse(SiteMatchConfig.DEFAULT);
            boolean companyWide = s.optional("companyWideFigures", false, "true or false", Values.bool());
            int minClients = s.optional("minClients", 1, "a whole number", Values.integer(0, Integer.MAX_VALUE));
            double maxDrop = s.optional("maxClientDrop", 20.0, "a percentage", Values.percent());
            Duration deadline = s.optionalOrNull("deadline", Values.DURATION, Values.duration(Duration.ofSeconds(1)));
            boolean clientHealth = s.optional("clientHealth", false, "true or false", Values.bool());
            s.finish();
            return r.failed() ? ReportConfig.DEFAULT : new ReportConfig(siteMatch, companyWide, minClients, maxDrop,
                    Optional.ofNullable(deadline), clientHealth);
        }

        SiteMatchConfig siteMatch(Section s) {
            SiteMatchConfig.Rule rule = s.optional("rule", SiteMatchConfig.Rule.HOST, "host",
                    Values.choice(Map.of("host", SiteMatchConfig.Rule.HOST)));
            Map<String, Scalar> raw = s.freeMap("overrides", false, "a virtual host name or none");
            Map<String, String> overrides = new HashMap<>();
            Set<String> noSite = new LinkedHashSet<>();
            if (raw != null) {
                Function<Scalar, String> host = Values.host();
                raw.forEach((clientId, value) -> {
                    String v = value.text().strip();
                    if (v.equalsIgnoreCase(NONE)) {
                        noSite.add(clientId);
                        return;
                    }
                    try {
                        overrides.put(clientId, SiteMatchConfig.normalizeHost(host.apply(value)));
                    } catch (IllegalArgumentException e) {
                        r.problem(value.mark(), value.path(), "expected a virtual host name such as shop.example.com, or none; found "
                                + value.found());
                    }
                });
            }
            s.finish();
            return r.failed() ? SiteMatchConfig.DEFAULT : new SiteMatchConfig(rule, overrides, noSite);
        }

        OperatorConfig operator(Section s) {
            List<MailAddress> notify = s.optionalList("notify", "a list of e-mail addresses", "an e-mail address", Values.mailAddress());
            URI webhook = s.secret("webhook", false, "an https URL", Values.url(HTTP));
            URI ping = s.secret("ping", false, "an https URL", Values.url(HTTP));
            // The webhook (Slack, Teams) and the ping (healthchecks.io) are outside: in a network that reaches the
            // outside only through a proxy, they go through it as the website does (operator.proxy, else https_proxy
            // unless no_proxy names their host). A bad value is reported once, not once per target.
            int before = r.problemCount();
            Optional<ProxyConfig> webhookProxy = webhook == null ? Optional.empty() : proxy(s, webhook);
            Optional<ProxyConfig> pingProxy = ping == null || r.problemCount() > before ? Optional.empty() : proxy(s, ping);
            if (webhook == null && ping == null && s.has("proxy")) {
                proxy(s, null); // checked all the same, so that a mistake shows before a webhook is added
            }
            s.finish();
            return r.failed() ? OperatorConfig.DEFAULT
                    : new OperatorConfig(notify == null ? List.of() : notify, Optional.ofNullable(webhook), Optional.ofNullable(ping),
                            webhookProxy, pingProxy);
        }

        RetentionConfig retention(Section s) {
            int days = s.optional("days", 30, "a whole number", Values.integer(1, 36_500));
            int runs = s.optional("runs", 100, "a whole number", Values.integer(1, 1_000_000));
            int historyDays = s.optional("historyDays", 400, "a whole number", Values.integer(8, 36_500));
            s.finish();
            return r.failed() ? RetentionConfig.DEFAULT : new RetentionConfig(days, runs, historyDays);
        }
    }

    private static <V> Map<String, V> orderedMap(Object... keyValues) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            V v = (V) keyValues[i + 1];
            m.put((String) keyValues[i], v);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
