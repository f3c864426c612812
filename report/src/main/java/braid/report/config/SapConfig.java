package braid.report.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to fetch the client list from SAP over OData V2 (section {@code sap}).
 *
 * @param url         the OData service root, without a trailing slash
 * @param sapClient   the SAP client ({@code sap-client}), three digits, if set
 * @param auth        authentication
 * @param headers     extra request headers written literally in the file
 * @param secretHeaders extra request headers whose values came from {@code ${...}} (tokens), as secrets
 * @param filter      OData {@code $filter} expression, if any
 * @param pageSize    entities per page ({@code $top})
 * @param concurrency pages fetched at a time
 * @param timeout     per request
 * @param retries     extra attempts per request
 * @param trustStore  trust store, empty for the JDK default
 * @param proxy       HTTP proxy, empty for a direct connection
 * @param totalTimeout the whole fetch of the client list, all pages and retries
 * @param maxPages    the most pages one fetch reads (a server that ignores paging must not page forever)
 * @param pagesAhead  pages requested together with the first, before SAP has said how many partners there are;
 *                    empty for {@code auto} (from the last successful run's client count)
 */
public record SapConfig(URI url, Optional<String> sapClient, SapAuthConfig auth, Map<String, String> headers,
        Map<String, Secret> secretHeaders,
        Optional<String> filter, int pageSize, int concurrency, Duration timeout, int retries,
        Optional<TrustStoreConfig> trustStore, Optional<ProxyConfig> proxy, Duration totalTimeout, int maxPages, java.util.OptionalInt pagesAhead) {

    public SapConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sapClient, "sapClient");
        Objects.requireNonNull(auth, "auth");
        headers = Map.copyOf(headers);
        secretHeaders = Map.copyOf(secretHeaders);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        Objects.requireNonNull(pagesAhead, "pagesAhead");
    }
}
