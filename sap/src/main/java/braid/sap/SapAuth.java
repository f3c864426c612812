package braid.sap;

import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.util.Objects;

/**
 * How the client authenticates to SAP. Secrets never appear in {@code toString()}.
 */
public sealed interface SapAuth {

    /** No authentication header. */
    SapAuth NONE = new None();

    /** No authentication header. */
    record None() implements SapAuth {}

    /** HTTP Basic with a technical user. */
    record Basic(String user, String password) implements SapAuth {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /**
     * OAuth 2.0 client credentials; the token is fetched from {@code tokenUri} and cached until it expires.
     * {@code scope} is sent when not null.
     */
    record OAuthClientCredentials(URI tokenUri, String clientId, String clientSecret, @Nullable String scope)
            implements SapAuth {
        public OAuthClientCredentials {
            Objects.requireNonNull(tokenUri, "tokenUri");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        public OAuthClientCredentials(URI tokenUri, String clientId, String clientSecret) {
            this(tokenUri, clientId, clientSecret, null);
        }

        @Override
        public String toString() {
            return "OAuthClientCredentials[tokenUri=" + tokenUri + ", clientId=" + clientId + ", clientSecret=***"
                    + (scope == null ? "" : ", scope=" + scope) + "]";
        }
    }

    /** An API key header; SAP's API Business Hub sandbox uses {@code APIKey}. */
    record ApiKey(String header, String key) implements SapAuth {
        public ApiKey {
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(key, "key");
            if (header.isBlank()) {
                throw new IllegalArgumentException("header name must not be blank: '" + header + "'");
            }
        }

        /** The key in SAP's {@code APIKey} header. */
        public static ApiKey sap(String key) {
            return new ApiKey("APIKey", key);
        }

        @Override
        public String toString() {
            return "ApiKey[header=" + header + ", key=***]";
        }
    }
}
