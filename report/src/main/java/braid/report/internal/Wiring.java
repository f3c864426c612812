package braid.report.internal;

import braid.mail.Mailer;
import braid.mail.MessageTemplates;
import braid.mail.SenderIdentity;
import braid.mail.SmtpSettings;
import braid.report.config.BraidConfig;
import braid.report.config.MailAddress;
import braid.report.config.MailConfig;
import braid.report.config.ProxyConfig;
import braid.report.config.SapAuthConfig;
import braid.report.config.SapConfig;
import braid.report.config.Secret;
import braid.report.config.SmtpConfig;
import braid.report.config.TrustStoreConfig;
import braid.report.config.WebsiteConfig;
import braid.sap.BusinessPartnerClient;
import braid.sap.PartnerFilter;
import braid.sap.SapAuth;
import braid.sap.SapSettings;
import braid.web.NewsReader;
import braid.web.PageSelectors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** Turns the validated configuration into the connectors' settings. */
public final class Wiring {
    private Wiring() {}

    public static Path httpCacheDir(BraidConfig cfg) {
        return cfg.stateDir().resolve("http-cache");
    }

    public static Path mailStateDir(BraidConfig cfg) {
        return cfg.stateDir().resolve("mail");
    }

    /** The website reader; its item window follows the engine's clock (so a virtual-clock run filters by virtual time). */
    public static NewsReader newsReader(WebsiteConfig w, BraidConfig cfg, Map<String, String> env, braid.core.Clock clock) {
        WebsiteConfig.Selectors s = w.selectors();
        NewsReader.Builder b = NewsReader.builder()
                .requestTimeout(w.timeout())
                .maxBytes(w.maxBytes())
                .window(w.window())
                .clock(clock::instant)
                .selectors(new PageSelectors(s.item(), s.title(), s.date(), s.summary()))
                .cacheDir(httpCacheDir(cfg));
        proxy(b, w.proxy());
        return b.build();
    }

    /**
     * Sets the website's proxy, with its credentials when the proxy URL had some. The config loader already
     * resolved the environment (https_proxy, no_proxy) and {@code none} into {@code proxy}.
     */
    public static void proxy(NewsReader.Builder b, Optional<ProxyConfig> proxy) {
        proxy.ifPresent(p -> proxy(b, ProxySelector.of(new InetSocketAddress(p.host(), p.port())), proxyCredentials(p)));
    }

    /**
     * Sets the website's proxy and, when there are some, the credentials it is sent: the one place the daily
     * run, {@code braid check} and {@code braid news} hand a proxy to the reader.
     */
    public static void proxy(NewsReader.Builder b, ProxySelector selector, Optional<PasswordAuthentication> credentials) {
        if (credentials.isPresent()) b.proxy(selector, credentials.get());
        else b.proxy(selector);
    }

    /**
     * Sets SAP's proxy and, when there are some, the credentials it is sent: the one place the daily run,
     * {@code braid check} and {@code braid sap clients} hand a proxy to the SAP connector.
     */
    public static void proxy(SapSettings.Builder b, InetSocketAddress address, Optional<PasswordAuthentication> credentials) {
        if (credentials.isPresent()) b.proxy(address, credentials.get());
        else b.proxy(address);
    }

    /** The engine resource SAP's page fetches hold ({@link #sapClient}); its limit is {@link #withSapLimit}. */
    public static final String SAP_RESOURCE = "sap";

    /** {@code engine} with the limit of SAP's pages at once ({@code sap.concurrency}), for any run that fetches clients. */
    public static braid.core.Engine.Builder withSapLimit(braid.core.Engine.Builder engine, SapConfig s) {
        return engine.limit(SAP_RESOURCE, s.concurrency());
    }

    /** The user and password of a proxy URL ({@code http://user:password@proxy:3128}); a user alone gets an empty password. */
    public static Optional<PasswordAuthentication> proxyCredentials(ProxyConfig p) {
        return p.username().map(u -> new PasswordAuthentication(u, p.password().map(Secret::reveal).orElse("").toCharArray()));
    }

    public static BusinessPartnerClient sapClient(SapConfig s, Map<String, String> env) {
        return sapClient(s, env, java.time.InstantSource.system());
    }

    /** With the engine's clock for SAP's Retry-After dates and token expiry; {@code sap.pagesAhead: auto} reads none. */
    public static BusinessPartnerClient sapClient(SapConfig s, Map<String, String> env, java.time.InstantSource clock) {
        return sapClient(s, env, clock, Optional.empty());
    }

    /**
     * The pages to request beside the first: {@code sap.pagesAhead} when it is a number; for {@code auto}, the pages
     * the last successful run's clients filled beyond the first (a lower bound: blocked and archived partners are not
     * counted among them), at most {@code concurrency - 1}; none without a last run.
     */
    public static int pagesAhead(SapConfig s, Optional<LastRun> last) {
        if (s.pagesAhead().isPresent()) return s.pagesAhead().getAsInt();
        if (last.isEmpty()) return 0;
        long pages = (last.get().clients() + (long) s.pageSize() - 1) / s.pageSize();
        return (int) Math.max(0, Math.min(s.concurrency() - 1L, pages - 1));
    }

    /** The daily run's client: {@link #pagesAhead} from {@code last}, the last successful run. */
    public static BusinessPartnerClient sapClient(SapConfig s, Map<String, String> env, java.time.InstantSource clock,
                                                  Optional<LastRun> last) {
        SapSettings.Builder b = SapSettings.builder(s.url())
                .resource(SAP_RESOURCE)
                .clock(clock)
                .auth(sapAuth(s.auth()))
                .pageSize(s.pageSize())
                .concurrency(s.concurrency())
                .pageTimeout(s.timeout())
                .retries(s.retries())
                .maxPages(s.maxPages())
                .pagesAhead(pagesAhead(s, last));
        s.sapClient().ifPresent(b::sapClient);
        s.headers().forEach(b::header);
        s.secretHeaders().forEach((k, v) -> b.header(k, v.reveal()));
        s.filter().ifPresent(f -> b.filter(PartnerFilter.of(f)));
        s.trustStore().ifPresent(t -> b.trustStore(t.path(), t.password().map(p -> p.reveal()).orElse(null)));
        // env and `none` resolved by the loader
        s.proxy().ifPresent(p -> proxy(b, new InetSocketAddress(p.host(), p.port()), proxyCredentials(p)));
        return BusinessPartnerClient.create(b.build());
    }

    static SapAuth sapAuth(SapAuthConfig a) {
        return switch (a) {
            case SapAuthConfig.Basic b -> new SapAuth.Basic(b.user(), b.password().reveal());
            case SapAuthConfig.OAuth2 o -> new SapAuth.OAuthClientCredentials(o.tokenUrl(), o.clientId(), o.clientSecret().reveal(), o.scope().orElse(null));
            case SapAuthConfig.ApiKey k -> new SapAuth.ApiKey(k.header(), k.key().reveal());
            case SapAuthConfig.None n -> new SapAuth.None();
        };
    }

    public static SmtpSettings smtpSettings(MailConfig m) throws IOException {
        SmtpConfig s = m.smtp();
        SmtpSettings.Builder b = SmtpSettings.builder(s.host())
                .port(s.port())
                .security(switch (s.security()) {
                    case STARTTLS -> SmtpSettings.Security.STARTTLS;
                    case SMTPS -> SmtpSettings.Security.SMTPS;
                    case NONE -> SmtpSettings.Security.NONE;
                })
                .timeouts(s.connectTimeout(), s.readTimeout(), s.writeTimeout())
                .poolSize(m.concurrency())
                .ratePerMinute(m.ratePerMinute())
                .stopAfterFailures(m.stopAfterFailures());
        if (s.username().isPresent()) b.credentials(s.username().get(), s.password().map(p -> p.reveal()).orElse(""));
        if (s.trustStore().isPresent()) b.sslContext(sslContext(s.trustStore().get()));
        return b.build();
    }

    static SSLContext sslContext(TrustStoreConfig t) throws IOException {
        try {
            return t.sslContext();
        } catch (GeneralSecurityException e) {
            throw new IOException("trust store " + t.path() + " cannot be used: " + e.getMessage(), e);
        }
    }

    public static SenderIdentity senderIdentity(MailConfig m) {
        String from = format(m.from());
        String replyTo = m.replyTo().map(Wiring::format).orElse(from); // absent: replies go to From
        String domain = m.from().address().substring(m.from().address().indexOf('@') + 1);
        return new SenderIdentity(from, replyTo, m.envelopeFrom(), domain);
    }

    static String format(MailAddress a) {
        return a.displayName() == null || a.displayName().isBlank() ? a.address()
                : "\"" + a.displayName().replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + a.address() + ">";
    }

    /**
     * The company's templates ({@code mail.templates}; its subdirectory of the e-mails' language when there is one,
     * {@link #templatesDir}), else the shipped ones in the company's language.
     */
    public static MessageTemplates templates(BraidConfig cfg) {
        return templatesDir(cfg).map(MessageTemplates::fromDir).orElseGet(() -> MessageTemplates.defaults(cfg.company().mailLocale()));
    }

    /**
     * The directory the company's templates are read from: {@code mail.templates/<language>} (e.g. {@code templates/de}
     * with {@code company.locale: de}) when that directory exists, as braid's own are laid out (English at the top,
     * German in {@code de/}), so a copy of the whole set serves either language; else {@code mail.templates} itself.
     */
    public static Optional<Path> templatesDir(BraidConfig cfg) {
        return cfg.mail().templates().map(dir -> {
            Path own = dir.resolve(cfg.company().mailLocale().getLanguage());
            return java.nio.file.Files.isDirectory(own) ? own : dir;
        });
    }

    public static Mailer mailer(BraidConfig cfg) throws IOException {
        MailConfig m = cfg.mail();
        return Mailer.create(smtpSettings(m), senderIdentity(m), templates(cfg), mailStateDir(cfg));
    }
}
