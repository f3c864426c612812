package braid.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code health:} section of a configuration file (a file holding only that section is a valid configuration):
 * {@code concurrency} and the list of {@code checks}, each with a {@code name} and one kind key ({@code http},
 * {@code tcp}, {@code smtp}, {@code disk}, {@code file}, {@code prometheus}, {@code errorLog}, {@code journal}, {@code accessLog},
 * {@code clientWebsites}). Paths are relative to the file.
 *
 * @param concurrency checks at once (4 per host)
 * @param checks      the checks in file order
 * @param unsupported names of checks whose kind is not built yet, with the kind (none in this version)
 * @param sslContext  TLS trusting {@code health.trustStore} (as {@code sap.trustStore}), or null for the JDK's
 * @param stateDir    where {@code for: N} keeps each check's failing runs in a row ({@code health.stateDir}), or null
 * @param alertAfter  per check name, the failing runs in a row before it alerts ({@code for: N}); absent: 1
 * @param sections    the file's top-level keys ({@code health} and, in a whole braid.yaml, {@code sap} and the others)
 * @param proxy       the HTTP proxy of the {@code http}, {@code prometheus} and {@code clientWebsites} checks
 *                    ({@code health.proxy}, else {@code https_proxy}/{@code http_proxy}), or null: direct
 */
public record HealthChecks(int concurrency, List<HealthCheck> checks, List<String[]> unsupported,
                           javax.net.ssl.@Nullable SSLContext sslContext, @Nullable Path stateDir,
                           java.util.Map<String, Integer> alertAfter, Set<String> sections, @Nullable ProxyRoute proxy) {
    /**
     * The way out through an HTTP proxy.
     *
     * @param selector    the proxy per URL (direct for the hosts {@code health.noProxy} or {@code no_proxy} names)
     * @param credentials sent to the proxy as Basic, or null
     * @param origin      where it was set: {@code health.proxy} or {@code environment variable https_proxy}
     */
    public record ProxyRoute(java.net.ProxySelector selector, braid.http.@Nullable ProxyAuthorization credentials, String origin) {}

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)i?b?");
    /** The kinds in the order the messages name them (a did-you-mean among equals takes the first). */
    private static final List<String> KIND_NAMES = List.of("http", "tcp", "smtp", "disk", "file", "prometheus", "errorLog",
            "journal", "accessLog", "clientWebsites");
    private static final Set<String> KINDS = Set.copyOf(KIND_NAMES);
    private static final Set<String> LATER = Set.of();
    /** The keys of {@code health:} itself. */
    private static final List<String> SECTION_KEYS = List.of("concurrency", "checks", "stateDir", "trustStore", "proxy", "noProxy");
    /** The keys every check may have, beside its kind. */
    private static final List<String> COMMON_KEYS = List.of("name", "timeout", "for");
    /** Per kind, the keys of its own. */
    private static final java.util.Map<String, List<String>> KIND_KEYS = java.util.Map.of(
            "http", List.of("expectStatus", "expectBody", "maxLatency", "certificateMinDays", "certificateCriticalDays",
                    "followRedirects"),
            "tcp", List.of(),
            "smtp", List.of("security", "certificateMinDays", "certificateCriticalDays", "maxLatency"),
            "disk", List.of("minFree"),
            "file", List.of("maxAge"),
            "prometheus", List.of("rule", "severity"),
            "errorLog", List.of("window", "max", "warn"),
            "journal", List.of("window", "max", "warn", "match", "directory"),
            "accessLog", List.of("window", "max5xxRate", "warn5xxRate", "format"),
            "clientWebsites", List.of("certificateMinDays", "certificateCriticalDays", "maxLatency", "followRedirects"));
    /** Error-log levels, most severe first (nginx's and Apache's names). */
    public static final List<String> LEVELS = List.of("emerg", "alert", "crit", "error", "warn", "notice", "info", "debug");

    public HealthChecks {
        checks = List.copyOf(checks);
        unsupported = List.copyOf(unsupported);
        alertAfter = java.util.Map.copyOf(alertAfter);
        sections = Set.copyOf(sections);
    }

    /**
     * Reads the {@code health:} section of {@code file}.
     *
     * @throws IllegalArgumentException naming the file, the check and the key when something is wrong
     */
    public static HealthChecks read(Path file) throws IOException {
        return read(file, System.getenv());
    }

    /**
     * The first YAML document of {@code yaml} as a tree (null when there is none), as {@code new YAMLMapper().readTree}
     * gives it but from the parser's tokens: making an ObjectMapper costs a cold JVM about 30 ms, and braid health, a
     * Nagios plugin, starts every minute. A key written twice keeps its last value, as there.
     */
    static @Nullable JsonNode readTree(String yaml) throws IOException {
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.dataformat.yaml.YAMLFactory().createParser(yaml)) {
            com.fasterxml.jackson.core.JsonToken first = p.nextToken();
            return first == null ? null : node(p, first);
        }
    }

    private static JsonNode node(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken t) throws IOException {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        return switch (t) {
            case START_OBJECT -> {
                var o = f.objectNode();
                for (var k = p.nextToken(); k == com.fasterxml.jackson.core.JsonToken.FIELD_NAME; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, node(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                var a = f.arrayNode();
                for (var v = p.nextToken(); v != com.fasterxml.jackson.core.JsonToken.END_ARRAY; v = p.nextToken()) a.add(node(p, v));
                yield a;
            }
            case VALUE_STRING -> f.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> f.numberNode(p.getIntValue());
                case LONG -> f.numberNode(p.getLongValue());
                default -> f.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> switch (p.getNumberType()) {
                case BIG_DECIMAL -> f.numberNode(p.getDecimalValue());
                case FLOAT -> f.numberNode(p.getFloatValue());
                default -> f.numberNode(p.getDoubleValue());
            };
            case VALUE_TRUE -> f.booleanNode(true);
            case VALUE_FALSE -> f.booleanNode(false);
            case VALUE_NULL -> f.nullNode();
            case VALUE_EMBEDDED_OBJECT -> p.getEmbeddedObject() instanceof byte[] b ? f.binaryNode(b) : f.pojoNode(p.getEmbeddedObject());
            default -> throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected " + t);
        };
    }

    /** ", line L, column C" of a YAML error, where the parser says. */
    private static String where(com.fasterxml.jackson.core.JsonProcessingException e) {
        // SnakeYAML's mark of the problem itself (0-based), not the parser's last token: a tab that indents line 2 is
        // at "line 2, column 1", where Jackson's location still said line 1
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            return ", line " + (m.getProblemMark().getLine() + 1) + ", column " + (m.getProblemMark().getColumn() + 1);
        }
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /**
     * SnakeYAML's short words for a YAML error ("expected ',' or '}', but got : (while parsing a flow mapping)"), not
     * its whole message, which quotes the offending line: a password written in the file would be printed, and a
     * Nagios plugin's output goes to the monitoring screen and its notifications (the daily report's configuration
     * is read the same way).
     */
    private static String yamlProblem(com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
            String problem = m.getProblem() == null ? "" : m.getProblem().strip();
            String context = m.getContext() == null ? "" : m.getContext().strip();
            if (!problem.isEmpty()) return context.isEmpty() ? problem : problem + " (" + context + ")";
        }
        String original = e.getOriginalMessage();
        if (original == null) return "unreadable YAML";
        int nl = original.indexOf('\n');
        return nl < 0 ? original : original.substring(0, nl);
    }

    /** Same, with {@code ${VAR}} in secrets read from {@code env}. */
    public static HealthChecks read(Path file, java.util.Map<String, String> env) throws IOException {
        @Nullable JsonNode root;
        try {
            root = readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + where(e) + ": not valid YAML: " + yamlProblem(e));
        }
        if (root == null) throw new IllegalArgumentException(file + ": no health: section"); // an empty file
        JsonNode h = root.get("health");
        if (h == null || !h.isObject()) throw new IllegalArgumentException(file + ": no health: section");
        unknownKeys(h, SECTION_KEYS, file + ": health");
        Path base = java.util.Objects.requireNonNull(file.toAbsolutePath().getParent());
        int concurrency = h.has("concurrency") ? positive(h.get("concurrency"), file + ": health.concurrency") : 50;
        JsonNode list = h.get("checks");
        if (list == null || !list.isArray() || list.isEmpty()) throw new IllegalArgumentException(file + ": health.checks: a list of checks is needed");
        List<HealthCheck> checks = new ArrayList<>();
        List<String[]> later = new ArrayList<>();
        Set<String> names = new HashSet<>();
        java.util.Map<String, Integer> alertAfter = new java.util.HashMap<>();
        Path stateDir = h.has("stateDir") ? base.resolve(text(h, "stateDir", file + ": health")).normalize() : null;
        List<String> problems = new ArrayList<>();
        javax.net.ssl.SSLContext ssl = null;
        try {
            if (h.has("trustStore")) ssl = trustStore(h.get("trustStore"), base, file + ": health.trustStore", env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        ProxyRoute proxy = null;
        try {
            proxy = proxy(h, base, file + ": health", env);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        for (int i = 0; i < list.size(); i++) {
            try {
                JsonNode c = list.get(i);
                String where = file + ": health.checks[" + i + "]";
                if (!c.isObject()) throw new IllegalArgumentException(where + ": a check is a mapping with a name and one kind (http, tcp, smtp, disk, file, prometheus, errorLog, journal, accessLog, clientWebsites)");
                String name = text(c, "name", where);
                where += " (" + name + ")";
                if (!names.add(name)) throw new IllegalArgumentException(where + ": the name is used twice");
                List<String> kinds = new ArrayList<>();
                c.fieldNames().forEachRemaining(k -> {
                    if (KINDS.contains(k) || LATER.contains(k)) kinds.add(k);
                });
                if (kinds.size() != 1) {
                    String guess = "";
                    if (kinds.isEmpty()) { // a kind written wrong ("htp") is the likely cause
                        for (var it = c.fieldNames(); it.hasNext() && guess.isEmpty(); ) {
                            String k = it.next();
                            guess = closest(k, KIND_NAMES).map(g -> "; did you mean '" + g + "' for '" + k + "'?").orElse("");
                        }
                    }
                    throw new IllegalArgumentException(where + ": needs exactly one kind of http, tcp, smtp, disk, file, prometheus, "
                            + "errorLog, journal, accessLog, clientWebsites" + (kinds.isEmpty() ? guess : "; found " + String.join(", ", kinds)));
                }
                String kind = kinds.getFirst();
                List<String> allowed = new ArrayList<>(COMMON_KEYS);
                allowed.add(kind);
                allowed.addAll(KIND_KEYS.getOrDefault(kind, List.of()));
                unknownKeys(c, allowed, where);
                if (c.has("for")) {
                    int n = positive(c.get("for"), where + ": for");
                    if (stateDir == null) throw new IllegalArgumentException(where + ": for: needs health.stateDir, where the failing runs are counted");
                    alertAfter.put(name, n);
                }
                Duration timeout = c.has("timeout") ? duration(c.get("timeout"), where + ": timeout") : Duration.ofSeconds(10);
                switch (kind) {
                    case "http" -> {
                        URI url = url(text(c, "http", where), where);
                        checks.add(new HealthCheck.Http(name, url, c.has("expectStatus") ? positive(c.get("expectStatus"), where + ": expectStatus") : 0,
                                c.has("expectBody") ? text(c, "expectBody", where) : null,
                                c.has("maxLatency") ? duration(c.get("maxLatency"), where + ": maxLatency") : null,
                                c.has("certificateMinDays") ? positive(c.get("certificateMinDays"), where + ": certificateMinDays") : 14,
                                c.has("certificateCriticalDays") ? positive(c.get("certificateCriticalDays"), where + ": certificateCriticalDays") : 3,
                                bool(c, "followRedirects", false, where), timeout));
                    }
                    case "tcp" -> {
                        String t = text(c, "tcp", where);
                        int port = port(t);
                        if (port < 0) throw new IllegalArgumentException(where + ": tcp: write host:port, such as db.internal:5432; got '" + t + "'");
                        checks.add(new HealthCheck.Tcp(name, t.substring(0, t.lastIndexOf(':')), port, timeout));
                    }
                    case "smtp" -> {
                        String t = text(c, "smtp", where);
                        int port = port(t);
                        if (port < 0) throw new IllegalArgumentException(where + ": smtp: write host:port, such as mail.example.com:587; got '" + t + "'");
                        HealthCheck.Smtp.@Nullable Security security = port == 465 ? HealthCheck.Smtp.Security.SMTPS : HealthCheck.Smtp.Security.STARTTLS;
                        if (c.has("security")) {
                            String v = text(c, "security", where).strip().toUpperCase(Locale.ROOT);
                            security = null;
                            for (HealthCheck.Smtp.Security x : HealthCheck.Smtp.Security.values()) {
                                if (x.name().equals(v)) security = x;
                            }
                            if (security == null) {
                                throw new IllegalArgumentException(where + ": security: starttls, smtps or none (as mail.smtp.security); got '"
                                        + c.get("security").asText() + "'");
                            }
                        }
                        checks.add(new HealthCheck.Smtp(name, t.substring(0, t.lastIndexOf(':')), port, security,
                                c.has("certificateMinDays") ? positive(c.get("certificateMinDays"), where + ": certificateMinDays") : 14,
                                c.has("certificateCriticalDays") ? positive(c.get("certificateCriticalDays"), where + ": certificateCriticalDays") : 3,
                                c.has("maxLatency") ? duration(c.get("maxLatency"), where + ": maxLatency") : null, timeout));
                    }
                    case "disk" -> {
                        Path p = base.resolve(text(c, "disk", where)).normalize();
                        String min = c.has("minFree") ? c.get("minFree").asText().strip() : "10%";
                        double pct = 0;
                        long bytes = 0;
                        if (min.endsWith("%")) {
                            try {
                                pct = Double.parseDouble(min.substring(0, min.length() - 1).strip());
                            } catch (NumberFormatException e) {
                                pct = -1;
                            }
                            if (!(pct > 0 && pct < 100)) throw new IllegalArgumentException(where + ": minFree: a percentage between 0 and 100, such as 10%; got '" + min + "'");
                        } else {
                            bytes = size(min, where + ": minFree");
                        }
                        checks.add(new HealthCheck.Disk(name, p, pct, bytes, timeout));
                    }
                    case "prometheus" -> {
                        URI url = url(text(c, "prometheus", where), where);
                        PrometheusRule rule;
                        try {
                            rule = PrometheusRule.parse(text(c, "rule", where));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException(where + ": rule: " + e.getMessage());
                        }
                        String sev = c.has("severity") ? c.get("severity").asText().strip().toLowerCase(Locale.ROOT) : "critical";
                        Status severity = switch (sev) {
                            case "critical" -> Status.CRITICAL;
                            case "warning" -> Status.WARNING;
                            default -> throw new IllegalArgumentException(where + ": severity: warning or critical; got '" + sev + "'");
                        };
                        checks.add(new HealthCheck.Prometheus(name, url, rule, severity, timeout));
                    }
                    case "file" -> {
                        Path p = base.resolve(text(c, "file", where)).normalize();
                        if (!c.has("maxAge")) throw new IllegalArgumentException(where + ": maxAge is needed, such as 10m");
                        checks.add(new HealthCheck.FileAge(name, p, duration(c.get("maxAge"), where + ": maxAge"), timeout));
                    }
                    case "errorLog" -> {
                        Path p = base.resolve(text(c, "errorLog", where)).normalize();
                        Duration window = c.has("window") ? duration(c.get("window"), where + ": window") : Duration.ofHours(1);
                        if (!c.has("max") && !c.has("warn")) throw new IllegalArgumentException(where + ": max is needed, such as {crit: 0, error: 50}");
                        checks.add(new HealthCheck.ErrorLog(name, p, window, levels(c.get("max"), where + ": max"),
                                levels(c.get("warn"), where + ": warn"), timeout));
                    }
                    case "journal" -> {
                        JsonNode j = c.get("journal");
                        String unit = null;
                        if (j.isTextual() && !j.asText().isBlank()) {
                            unit = j.asText().strip();
                        } else if (!j.asBoolean(false)) {
                            throw new IllegalArgumentException(where + ": journal: true (the whole journal) or a unit, such as"
                                    + " nginx.service; got '" + j.asText() + "'");
                        }
                        Duration window = c.has("window") ? duration(c.get("window"), where + ": window") : Duration.ofHours(1);
                        if (!c.has("max") && !c.has("warn")) throw new IllegalArgumentException(where + ": max is needed, such as {crit: 0, error: 20}");
                        java.util.regex.Pattern match = null;
                        if (c.has("match")) {
                            try {
                                match = java.util.regex.Pattern.compile(text(c, "match", where));
                            } catch (java.util.regex.PatternSyntaxException x) {
                                throw new IllegalArgumentException(where + ": match: not a regular expression: " + x.getDescription()
                                        + " near character " + x.getIndex() + " of '" + x.getPattern() + "'");
                            }
                        }
                        Path dir = c.has("directory") ? base.resolve(text(c, "directory", where)).normalize() : null;
                        checks.add(new HealthCheck.Journal(name, unit, match, dir, window, levels(c.get("max"), where + ": max"),
                                levels(c.get("warn"), where + ": warn"), timeout));
                    }
                    case "accessLog" -> {
                        Path p = base.resolve(text(c, "accessLog", where)).normalize();
                        Duration window = c.has("window") ? duration(c.get("window"), where + ": window") : Duration.ofHours(1);
                        if (!c.has("max5xxRate")) throw new IllegalArgumentException(where + ": max5xxRate is needed, such as 1%");
                        double max = rate(c.get("max5xxRate"), where + ": max5xxRate");
                        double warn = c.has("warn5xxRate") ? rate(c.get("warn5xxRate"), where + ": warn5xxRate") : 0;
                        if (warn > max) throw new IllegalArgumentException(where + ": warn5xxRate must not be above max5xxRate");
                        checks.add(new HealthCheck.AccessLog(name, p, window, max, warn,
                                c.has("format") ? text(c, "format", where) : "auto", timeout));
                    }
                    case "clientWebsites" -> {
                        if (!c.get("clientWebsites").asBoolean(false)) {
                            throw new IllegalArgumentException(where + ": clientWebsites: true is the only value (leave the check out to not run it)");
                        }
                        checks.add(new HealthCheck.ClientWebsites(name,
                                c.has("certificateMinDays") ? positive(c.get("certificateMinDays"), where + ": certificateMinDays") : 14,
                                c.has("certificateCriticalDays") ? positive(c.get("certificateCriticalDays"), where + ": certificateCriticalDays") : 3,
                                c.has("maxLatency") ? duration(c.get("maxLatency"), where + ": maxLatency") : null,
                                bool(c, "followRedirects", true, where), timeout));
                    }
                    default -> later.add(new String[]{name, kind});
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage()); // every check's problem at once, not one per run
            }
        }
        if (problems.size() == 1) throw new IllegalArgumentException(problems.getFirst());
        if (!problems.isEmpty()) throw new Problems(problems);
        Set<String> sections = new HashSet<>();
        root.fieldNames().forEachRemaining(sections::add);
        return new HealthChecks(concurrency, checks, later, ssl, stateDir, alertAfter, sections, proxy);
    }

    /** The same configuration with only the checks {@code keep} accepts (the daily report runs client sites later). */
    public HealthChecks only(java.util.function.Predicate<HealthCheck> keep) {
        return new HealthChecks(concurrency, checks.stream().filter(keep).toList(), unsupported, sslContext, stateDir, alertAfter,
                sections, proxy);
    }

    /** {@code {path, password, type}}; the password may be {@code ${ENV_VAR}} or {@code ${file:path}}. */
    private static javax.net.ssl.SSLContext trustStore(JsonNode t, Path base, String where, java.util.Map<String, String> env) {
        if (!t.isObject()) throw new IllegalArgumentException(where + ": a mapping {path, password, type}");
        unknownKeys(t, List.of("path", "password", "type"), where);
        Path path = base.resolve(text(t, "path", where)).normalize();
        String password = t.has("password") ? secret(t.get("password").asText(), base, where + ".password", env) : "";
        // without a type, a file of PEM certificates (a company CA as it is handed out) is read as one
        String type = t.has("type") ? t.get("type").asText().strip().toUpperCase(Locale.ROOT)
                : braid.http.TrustedCertificates.looksLikePem(path) ? "PEM" : "PKCS12";
        try {
            java.security.KeyStore ks = braid.http.TrustedCertificates.open(path, password.toCharArray(), type);
            // besides the JDK's CAs: health checks reach internal sites and public ones (the client websites) alike
            return braid.http.TrustedCertificates.plus(ks);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException(where + ".path: no such file: " + path);
        } catch (java.security.KeyStoreException e) {
            throw new IllegalArgumentException(where + ".type: not a key store type: '" + type + "' (PKCS12, JKS or PEM)");
        } catch (IOException e) {
            if (type.equals("PEM")) throw new IllegalArgumentException(where + ": cannot read " + path + ": " + e.getMessage());
            boolean pw = e.getCause() instanceof java.security.UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password");
            throw new IllegalArgumentException(where + ": cannot read " + path + (pw ? ": wrong password"
                    : braid.http.TrustedCertificates.looksLikePem(path) ? ": it holds PEM text (set type: PEM, or leave type out)"
                    : ": " + e.getMessage()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(where + ": cannot use " + path + ": " + e.getMessage());
        }
    }

    /**
     * {@code proxy} (a URL with a port, {@code none}, or absent: the environment's {@code https_proxy}, then
     * {@code http_proxy}) and {@code noProxy} (hosts that go direct, curl's rules; absent: {@code no_proxy}).
     */
    private static @Nullable ProxyRoute proxy(JsonNode h, Path base, String where, java.util.Map<String, String> env) {
        String noProxy = null;
        if (h.has("noProxy")) {
            JsonNode n = h.get("noProxy");
            List<String> hosts = new ArrayList<>();
            if (n.isArray()) n.forEach(e -> hosts.add(e.asText().strip()));
            else if (n.isValueNode()) hosts.add(n.asText().strip());
            if (hosts.isEmpty() || hosts.stream().anyMatch(x -> x.isEmpty() || !x.matches("[^\\s,]+(\\s*,\\s*[^\\s,]+)*"))) {
                throw new IllegalArgumentException(where + ".noProxy: host names or domains that go direct, such as "
                        + "[localhost, .internal.example.com], or one comma-separated text; got '" + n + "'");
            }
            noProxy = String.join(",", hosts);
        }
        if (h.has("proxy")) {
            JsonNode v = h.get("proxy");
            String raw = v.isValueNode() ? v.asText().strip() : "";
            if (raw.equalsIgnoreCase("none")) return null;
            String url = substitute(raw, base, where + ".proxy", env);
            java.util.Optional<String> unsupported = braid.http.ProxySettings.unsupported(url);
            if (unsupported.isPresent()) throw new IllegalArgumentException(where + ".proxy: " + unsupported.get());
            if (!hasHostAndPort(url)) {
                throw new IllegalArgumentException(where + ".proxy: expected a proxy URL with a port such as http://proxy:3128, "
                        + "or none; found " + (raw.isEmpty() ? "nothing" : "a value that is not one (not shown: it may hold a password)"));
            }
            return new ProxyRoute(braid.http.ProxySettings.of("health.proxy", url, noProxy), credentials(
                    braid.http.ProxySettings.credentials(url), where + ".proxy"), "health.proxy");
        }
        java.util.Optional<java.net.ProxySelector> fromEnv;
        try {
            fromEnv = braid.http.ProxySettings.fromEnvironment(env, noProxy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + "; set health.proxy explicitly, or to none");
        }
        if (fromEnv.isEmpty()) return null;
        String variable = braid.http.ProxySettings.environmentVariable(env).orElse("https_proxy");
        return new ProxyRoute(fromEnv.get(), credentials(braid.http.ProxySettings.credentialsFromEnvironment(env),
                where + ": environment variable " + variable), "environment variable " + variable);
    }

    private static braid.http.@Nullable ProxyAuthorization credentials(java.util.Optional<java.net.PasswordAuthentication> c,
                                                                       String where) {
        if (c.isEmpty()) return null;
        try {
            return braid.http.ProxyAuthorization.of(c.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static boolean hasHostAndPort(String url) {
        try {
            URI u = new URI(url.contains("://") ? url : "http://" + url);
            return u.getHost() != null && u.getPort() > 0 && "http".equalsIgnoreCase(u.getScheme());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    /** {@code ${VAR}} and {@code ${file:path}} anywhere in {@code v} (a proxy URL's password), as in braid.yaml. */
    private static String substitute(String v, Path base, String where, java.util.Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(v);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(secret(m.group(), base, where, env)));
        return m.appendTail(out).toString();
    }

    private static String secret(String v, Path base, String where, java.util.Map<String, String> env) {
        String s = v.strip();
        if (s.startsWith("${file:") && s.endsWith("}")) {
            Path f = base.resolve(s.substring(7, s.length() - 1)).normalize();
            try {
                return Files.readString(f).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": cannot read " + f);
            }
        }
        if (s.startsWith("${") && s.endsWith("}")) {
            String name = s.substring(2, s.length() - 1);
            String value = env.get(name);
            if (value == null) throw new IllegalArgumentException(where + ": the environment variable " + name + " is not set");
            return value;
        }
        return s;
    }

    /** {@code {crit: 0, error: 50}}: a count per level. */
    private static java.util.Map<String, Long> levels(@Nullable JsonNode v, String where) {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        if (v == null) return out;
        if (!v.isObject() || v.isEmpty()) throw new IllegalArgumentException(where + ": a count per level, such as {crit: 0, error: 50}");
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) v::fields) {
            String level = e.getKey().strip().toLowerCase(Locale.ROOT);
            level = switch (level) { // journald's (syslog's) names for two of them
                case "err" -> "error";
                case "warning" -> "warn";
                default -> level;
            };
            if (!LEVELS.contains(level)) {
                throw new IllegalArgumentException(where + ": unknown level '" + e.getKey() + "'; levels are " + String.join(", ", LEVELS));
            }
            JsonNode n = e.getValue();
            if (!n.canConvertToLong() || n.asLong() < 0) {
                throw new IllegalArgumentException(where + "." + level + ": a count of 0 or more; got '" + n.asText() + "'");
            }
            out.put(level, n.asLong());
        }
        return out;
    }

    /** The port of "host:port" (1–65535), or -1 when it is not written so. */
    private static int port(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            int port = colon > 0 ? Integer.parseInt(hostPort.substring(colon + 1)) : -1;
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** "1%", "0.5 %" or a fraction such as 0.01. */
    private static double rate(JsonNode v, String where) {
        String s = v.asText().strip();
        double r;
        try {
            r = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1).strip()) / 100 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            r = -1;
        }
        if (!(r >= 0 && r <= 1)) throw new IllegalArgumentException(where + ": a share such as 1% or 0.01; got '" + s + "'");
        return r;
    }

    /**
     * Refuses a key that is none of {@code allowed}, with the closest one when it is near: a misspelt optional key
     * ({@code maxLatncy}) would otherwise be left out without a word, and the check would not do what was written.
     */
    private static void unknownKeys(JsonNode node, List<String> allowed, String where) {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (allowed.contains(k)) continue;
            throw new IllegalArgumentException(where + ": unknown key '" + k + "'" + closest(k, allowed)
                    .map(g -> "; did you mean '" + g + "'?").orElse("; allowed keys here: " + String.join(", ", allowed)));
        }
    }

    /** The candidate within two edits of {@code key}: the same rule as the braid.yaml loader's. */
    static java.util.Optional<String> closest(String key, java.util.Collection<String> candidates) {
        return braid.core.Failures.closest(key, candidates);
    }

    private static String text(JsonNode c, String key, String where) {
        JsonNode v = c.get(key);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) throw new IllegalArgumentException(where + ": " + key + " is needed");
        return v.asText().strip();
    }

    private static boolean bool(JsonNode c, String key, boolean absent, String where) {
        JsonNode v = c.get(key);
        if (v == null) return absent;
        if (!v.isBoolean()) throw new IllegalArgumentException(where + ": " + key + ": true or false; got '" + v.asText() + "'");
        return v.booleanValue();
    }

    private static int positive(JsonNode v, String where) {
        if (!v.canConvertToInt() || v.asInt() < 1) throw new IllegalArgumentException(where + ": a whole number of at least 1; got '" + v.asText() + "'");
        return v.asInt();
    }

    private static URI url(String s, String where) {
        String problem = null;
        URI u = null;
        try {
            u = new URI(s);
        } catch (java.net.URISyntaxException e) {
            problem = e.getReason();
        }
        if (u == null || u.getHost() == null || !("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))) {
            throw new IllegalArgumentException(where + ": http: an http or https URL, such as https://shop.example.com/; got '" + s + "'"
                    + (problem != null ? " (" + problem + ")" : ""));
        }
        return u;
    }

    /** "10s", "500ms", "2m", "1h", "1d", "1h30m", or ISO-8601 ("PT10S"), as braid.yaml writes them (braid.core.Durations). */
    static Duration duration(JsonNode v, String where) {
        Duration d = braid.core.Durations.parse(v.asText());
        if (d != null && !d.isZero()) return d;
        throw new IllegalArgumentException(where + ": a duration such as 10s, 500ms or 5m; got '" + v.asText() + "'");
    }

    private static long size(String s, String where) {
        Matcher m = SIZE.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new IllegalArgumentException(where + ": a percentage (10%) or a size (2G, 500M); got '" + s + "'");
        double n = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return (long) (n * (1L << shift));
    }

    /** More than one problem in the {@code health:} section, each naming the file, the check and the key. */
    public static final class Problems extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        Problems(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        /** Each problem, in file order. */
        public List<String> problems() {
            return problems;
        }
    }
}
