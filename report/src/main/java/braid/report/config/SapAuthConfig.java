package braid.report.config;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How braid authenticates to SAP (key {@code sap.auth}); one record per {@code type}, mirroring
 * {@code braid.sap.SapAuth} but holding secrets as {@link Secret}s.
 */
public sealed interface SapAuthConfig {

    /** {@code type: basic}: HTTP basic authentication. */
    record Basic(String user, Secret password) implements SapAuthConfig {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }
    }

    /** {@code type: oauth2}: OAuth 2.0 client credentials grant against {@code tokenUrl}. */
    record OAuth2(URI tokenUrl, String clientId, Secret clientSecret, Optional<String> scope) implements SapAuthConfig {
        public OAuth2 {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** {@code type: apikey}: an API key sent in header {@code header} (default {@code APIKey}, as SAP API Business Hub expects). */
    record ApiKey(String header, Secret key) implements SapAuthConfig {
        public ApiKey {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code type: none}: no authentication (a test system or an authenticating proxy). */
    record None() implements SapAuthConfig {
    }
}
