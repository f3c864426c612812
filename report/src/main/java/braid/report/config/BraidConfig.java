package braid.report.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The validated contents of {@code braid.yaml}, the daily report's configuration.
 *
 * <p>Load it with {@link #load(Path)}; every problem in the file is reported at once in a
 * {@link ConfigException}:
 * <pre>{@code
 * BraidConfig config = BraidConfig.load(Path.of("/etc/braid/braid.yaml"));
 * Path state = config.stateDir();            // absolute, relative to the file's directory
 * String pw = ((SapAuthConfig.Basic) config.sap().auth()).password().reveal();
 * }</pre>
 * Immutable and thread-safe; all components are non-null (absent values are empty
 * {@link Optional}s or empty collections). {@link #toString()} shows secrets as {@code ***}.
 *
 * @param file      the configuration file, absolute
 * @param company   section {@code company}
 * @param stateDir  the state directory, absolute
 * @param website   section {@code website}; empty means no news is read
 * @param logs      section {@code logs}
 * @param sap       section {@code sap}
 * @param mail      section {@code mail}
 * @param report    section {@code report}
 * @param operator  section {@code operator}
 * @param retention section {@code retention}
 * @param health    section {@code health}: checks run as tasks of the daily report, at once with the sources; empty
 *                  for none
 */
public record BraidConfig(Path file, CompanyConfig company, Path stateDir, Optional<WebsiteConfig> website,
        LogsConfig logs, SapConfig sap, MailConfig mail, ReportConfig report, OperatorConfig operator,
        RetentionConfig retention, Optional<braid.health.HealthChecks> health) {

    public BraidConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(website, "website");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(sap, "sap");
        Objects.requireNonNull(mail, "mail");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(health, "health");
    }

    /** Loads and validates {@code file}, resolving {@code ${VAR}} from the process environment. */
    public static BraidConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    /**
     * Loads and validates {@code file}, resolving {@code ${VAR}} from {@code env} (and {@code ~/}
     * from {@code env}'s {@code HOME}, proxies from its {@code https_proxy}/{@code http_proxy}).
     *
     * @throws ConfigException listing every problem of the file, in file order
     */
    public static BraidConfig load(Path file, Map<String, String> env) throws ConfigException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(env, "env");
        return ConfigLoader.load(file, env);
    }

    private static String base64(String s) {
        return java.util.Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Every secret value of this configuration (passwords, client secrets, API keys, header values from {@code ${...}},
     * proxy passwords), revealed; empty strings are left out.
     */
    public Set<String> secrets() {
        List<Secret> all = new ArrayList<>();
        switch (sap.auth()) {
            case SapAuthConfig.Basic b -> all.add(b.password());
            case SapAuthConfig.OAuth2 o -> all.add(o.clientSecret());
            case SapAuthConfig.ApiKey k -> all.add(k.key());
            case SapAuthConfig.None n -> { }
        }
        all.addAll(sap.secretHeaders().values());
        sap.trustStore().flatMap(TrustStoreConfig::password).ifPresent(all::add);
        sap.proxy().flatMap(ProxyConfig::password).ifPresent(all::add);
        website.flatMap(WebsiteConfig::proxy).flatMap(ProxyConfig::password).ifPresent(all::add);
        operator.webhookProxy().flatMap(ProxyConfig::password).ifPresent(all::add);
        operator.pingProxy().flatMap(ProxyConfig::password).ifPresent(all::add);
        mail.smtp().password().ifPresent(all::add);
        mail.smtp().trustStore().flatMap(TrustStoreConfig::password).ifPresent(all::add);
        Set<String> out = new LinkedHashSet<>();
        for (Secret s : all) {
            if (!s.reveal().isEmpty()) {
                out.add(s.reveal());
            }
        }
        // an incoming-webhook URL is a credential: whoever has it can post to the channel
        operator.webhook().ifPresent(w -> out.add(w.toString()));
        operator.ping().ifPresent(w -> out.add(w.toString()));
        return Set.copyOf(out);
    }

    /**
     * What output, run folders and notices are scrubbed of: every {@link #secrets() secret} and the encoded forms in
     * which a server may echo one back (base64 of {@code user:password} as in a Basic header, base64 of the value as
     * in SMTP AUTH LOGIN, AUTH PLAIN, URL-encoded).
     */
    public Set<String> masks() {
        Set<String> out = new LinkedHashSet<>();
        for (String s : secrets()) {
            out.add(s);
            out.add(base64(s));
            out.add(java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (sap.auth() instanceof SapAuthConfig.Basic b) out.add(base64(b.user() + ":" + b.password().reveal()));
        if (sap.auth() instanceof SapAuthConfig.OAuth2 o) out.add(base64(o.clientId() + ":" + o.clientSecret().reveal()));
        List<ProxyConfig> proxies = new ArrayList<>();
        sap.proxy().ifPresent(proxies::add);
        website.flatMap(WebsiteConfig::proxy).ifPresent(proxies::add);
        operator.webhookProxy().ifPresent(proxies::add);
        operator.pingProxy().ifPresent(proxies::add);
        for (ProxyConfig p : proxies)
            if (p.username().isPresent() && p.password().isPresent())
                out.add(base64(p.username().get() + ":" + p.password().get().reveal()));
        if (mail.smtp().username().isPresent() && mail.smtp().password().isPresent())
            out.add(base64("\0" + mail.smtp().username().get() + "\0" + mail.smtp().password().get().reveal()));
        return Set.copyOf(out);
    }
}
